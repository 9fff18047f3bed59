import { z } from 'zod';
import type { Mode } from '../../../domain/shared/mode.js';
import { credentialsFromEnvironment, setting } from '../../environment.js';
import type { GatewayEnvironment } from '../../module.js';
import type { PayoutRail, PayoutRailFactoryInput } from '../../payouts/rail.js';
import { loadPrivateKey, loadPublicKey } from '../crypto.js';
import { createNagadDisbursementClient } from './client.js';
import { DISBURSEMENT_BASE_PATH } from './protocol.js';

/**
 * The Nagad disbursement rail's settings, service-wide per mode, in the style of the Nagad
 * checkout's:
 * - NAGAD_DISBURSEMENT_SANDBOX_URL (TEST; default the local simulator at SIMULATOR_PUBLIC_URL, else
 *   http://localhost:8081, under /nagad-disbursement) and NAGAD_DISBURSEMENT_LIVE_URL (LIVE; no
 *   default: Nagad hands the address out with the merchant's disbursement agreement);
 * - NAGAD_DISBURSEMENT_<MODE>_MERCHANT_ID, _MERCHANT_PRIVATE_KEY and _PUBLIC_KEY (Nagad's), all or none;
 * - NAGAD_DISBURSEMENT_CLIENT_IP (the whitelisted address sent as X-KM-IP-V4) and
 *   NAGAD_DISBURSEMENT_TIMEOUT_MS, optional.
 */

const pem = (load: (text: string) => unknown, what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(16_384)
    .refine(
      (text) => {
        try {
          load(text);
          return true;
        } catch {
          return false;
        }
      },
      { message: `not a PEM ${what}` },
    );

export const nagadDisbursementCredentials = z.object({
  merchantId: z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, 'digits only'),
  merchantPrivateKeyPem: pem(loadPrivateKey, 'RSA private key'),
  nagadPublicKeyPem: pem(loadPublicKey, 'RSA public key'),
});
export type NagadDisbursementCredentials = z.infer<typeof nagadDisbursementCredentials>;

export const NAGAD_DISBURSEMENT_SETTINGS = {
  sandboxUrl: 'NAGAD_DISBURSEMENT_SANDBOX_URL',
  liveUrl: 'NAGAD_DISBURSEMENT_LIVE_URL',
  clientIp: 'NAGAD_DISBURSEMENT_CLIENT_IP',
  timeoutMs: 'NAGAD_DISBURSEMENT_TIMEOUT_MS',
  /** Prefix of the per-mode credentials: NAGAD_DISBURSEMENT_TEST_MERCHANT_ID, … */
  credentialsPrefix: 'NAGAD_DISBURSEMENT',
} as const;

/** Where the simulator host serves this rail's simulator (its mount's name). */
export const SIMULATOR_MOUNT_NAME = 'nagad-disbursement';

/** The rail's address in a mode, or null where none is configured (LIVE without its setting). */
export function nagadDisbursementUrl(env: GatewayEnvironment, mode: Mode): string | null {
  if (mode === 'LIVE') return setting(env, NAGAD_DISBURSEMENT_SETTINGS.liveUrl);
  const configured = setting(env, NAGAD_DISBURSEMENT_SETTINGS.sandboxUrl);
  if (configured) return configured;
  const simulators = (setting(env, 'SIMULATOR_PUBLIC_URL') ?? 'http://localhost:8081').replace(/\/+$/, '');
  return `${simulators}/${SIMULATOR_MOUNT_NAME}${DISBURSEMENT_BASE_PATH}`;
}

/** The mode's credentials from NAGAD_DISBURSEMENT_<MODE>_…, or null when any is missing or unreadable. */
export function nagadDisbursementCredentialsFromEnvironment(
  env: GatewayEnvironment,
  mode: Mode,
): NagadDisbursementCredentials | null {
  const found = credentialsFromEnvironment(env, NAGAD_DISBURSEMENT_SETTINGS.credentialsPrefix, mode, {
    merchantId: 'MERCHANT_ID',
    merchantPrivateKeyPem: 'MERCHANT_PRIVATE_KEY',
    nagadPublicKeyPem: 'PUBLIC_KEY',
  });
  if (!found) return null;
  const parsed = nagadDisbursementCredentials.safeParse(found);
  return parsed.success ? parsed.data : null;
}

function timeoutOf(env: GatewayEnvironment): number | undefined {
  const text = setting(env, NAGAD_DISBURSEMENT_SETTINGS.timeoutMs);
  if (text === null) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 100 || value > 300_000) {
    throw new Error(
      `${NAGAD_DISBURSEMENT_SETTINGS.timeoutMs} must be a whole number of milliseconds from 100 to 300000`,
    );
  }
  return value;
}

/** The rail for one mode, as the payout core builds it (credentials already parsed). */
export function createNagadDisbursementRail(
  input: PayoutRailFactoryInput<NagadDisbursementCredentials>,
): PayoutRail {
  const baseUrl = nagadDisbursementUrl(input.env, input.mode);
  if (!baseUrl) {
    throw new Error(`${NAGAD_DISBURSEMENT_SETTINGS.liveUrl} is not set: the Nagad rail has no LIVE address`);
  }
  return createNagadDisbursementClient({
    ...input.credentials,
    baseUrl,
    clientIp: setting(input.env, NAGAD_DISBURSEMENT_SETTINGS.clientIp) ?? undefined,
    timeoutMs: timeoutOf(input.env),
  });
}
