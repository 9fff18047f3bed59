import type { PayoutRailModule } from '../payouts/rail-module.js';
import { BANK_RAIL_DESCRIPTION, createBankRail } from './rail.js';
import { bankCredentials, bankCredentialsFromEnvironment, type BankCredentials } from './settings.js';
import type { SimulatorMount } from '../simulator-kit/mount.js';

/**
 * Bank transfers (BEFTN and NPSB) as the payout core's registry lists them: sent from the
 * company's own account per mode through its bank's host-to-host channel, with the settings
 * settings.ts describes (BANK_<MODE>_{USERNAME,PASSWORD,COMPANY_ID,ACCOUNT_NUMBER}).
 */
export const bankRail: PayoutRailModule<BankCredentials> = {
  name: BANK_RAIL_DESCRIPTION.name,
  description: BANK_RAIL_DESCRIPTION,
  credentials: bankCredentials,
  sandboxUrlSettings: ['BANK_SANDBOX_URL'],
  liveUrlSettings: ['BANK_LIVE_URL'],
  fromEnvironment: (env, mode) => {
    const credentials = bankCredentialsFromEnvironment(env, mode);
    return credentials ? { ...credentials } : null;
  },
  create: (input) => createBankRail(input),
  // Required on first call: the API and the worker list the rail without loading its simulator.
  simulator: (): SimulatorMount =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./simulator/mount.js') as { simulatorMount: SimulatorMount }).simulatorMount,
};
