import { z } from 'zod';
import { credentialsFromEnvironment, setting } from '../../environment.js';
import type { PayoutRailModule } from '../../payouts/rail-module.js';
import { BKASH_DISBURSEMENT_DESCRIPTION, createBkashDisbursementRail } from './client.js';
import type { SimulatorMount } from '../../simulator-kit/mount.js';

const credentials = z.object({
  username: z.string().trim().min(1),
  password: z.string().trim().min(1),
  appKey: z.string().trim().min(1),
  appSecret: z.string().trim().min(1),
});

/** How long one call may take before its answer counts as lost (BKASH_DISBURSEMENT_TIMEOUT_MS, 30 s). */
function timeoutOf(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = Number(setting(env, 'BKASH_DISBURSEMENT_TIMEOUT_MS'));
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

const HOSTS = { TEST: 'https://checkout.sandbox.bka.sh', LIVE: 'https://checkout.pay.bka.sh' } as const;

/**
 * bKash disbursement, paid from the company's own disbursement account per mode:
 * BKASH_DISBURSEMENT_SANDBOX_URL / BKASH_DISBURSEMENT_LIVE_URL, and
 * BKASH_DISBURSEMENT_<MODE>_{USERNAME,PASSWORD,APP_KEY,APP_SECRET}. `npm start` and the test stack
 * point TEST at the simulator (disbursement/simulator/mount.ts).
 */
export const bkashDisbursementRail: PayoutRailModule<z.infer<typeof credentials>> = {
  name: 'bkash',
  description: BKASH_DISBURSEMENT_DESCRIPTION,
  credentials,
  sandboxUrlSettings: ['BKASH_DISBURSEMENT_SANDBOX_URL'],
  liveUrlSettings: ['BKASH_DISBURSEMENT_LIVE_URL'],
  fromEnvironment: (env, mode) =>
    credentialsFromEnvironment(env, 'BKASH_DISBURSEMENT', mode, {
      username: 'USERNAME',
      password: 'PASSWORD',
      appKey: 'APP_KEY',
      appSecret: 'APP_SECRET',
    }),
  create: ({ credentials: c, mode, env }) =>
    createBkashDisbursementRail({
      ...c,
      baseUrl:
        setting(env, mode === 'TEST' ? 'BKASH_DISBURSEMENT_SANDBOX_URL' : 'BKASH_DISBURSEMENT_LIVE_URL') ??
        HOSTS[mode],
      timeoutMs: timeoutOf(env),
    }),
  // Required on first call: the API and the worker list the rail without loading its simulator.
  simulator: (): SimulatorMount =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./simulator/mount.js') as { simulatorMount: SimulatorMount }).simulatorMount,
};
