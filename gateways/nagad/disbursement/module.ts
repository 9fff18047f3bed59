import { credentialsFromEnvironment } from '../../environment.js';
import type { PayoutRailModule } from '../../payouts/rail-module.js';
import { NAGAD_RAIL_DESCRIPTION, NAGAD_RAIL_NAME } from './client.js';
import {
  NAGAD_DISBURSEMENT_SETTINGS,
  createNagadDisbursementRail,
  nagadDisbursementCredentials,
  type NagadDisbursementCredentials,
} from './settings.js';
import type { SimulatorMount } from '../../simulator-kit/mount.js';

/**
 * Nagad disbursement as the payout core's registry lists it: paid from the company's own Nagad
 * disbursement account per mode, with the settings settings.ts describes
 * (NAGAD_DISBURSEMENT_<MODE>_{MERCHANT_ID,MERCHANT_PRIVATE_KEY,PUBLIC_KEY}).
 */
export const nagadDisbursementRail: PayoutRailModule<NagadDisbursementCredentials> = {
  name: NAGAD_RAIL_NAME,
  description: NAGAD_RAIL_DESCRIPTION,
  credentials: nagadDisbursementCredentials,
  sandboxUrlSettings: [NAGAD_DISBURSEMENT_SETTINGS.sandboxUrl],
  liveUrlSettings: [NAGAD_DISBURSEMENT_SETTINGS.liveUrl],
  fromEnvironment: (env, mode) =>
    credentialsFromEnvironment(env, NAGAD_DISBURSEMENT_SETTINGS.credentialsPrefix, mode, {
      merchantId: 'MERCHANT_ID',
      merchantPrivateKeyPem: 'MERCHANT_PRIVATE_KEY',
      nagadPublicKeyPem: 'PUBLIC_KEY',
    }),
  create: createNagadDisbursementRail,
  // Required on first call: the API and the worker list the rail without loading its simulator.
  simulator: (): SimulatorMount =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./simulator/mount.js') as { disbursementSimulatorMount: SimulatorMount })
      .disbursementSimulatorMount,
};
