import { z } from 'zod';
import type { Mode } from '../../domain/shared/mode.js';
import type { BankTransferMethod } from '../payouts/rail.js';
import { liveUrlProblem } from '../../platform/config/live-url.js';
import { credentialsFromEnvironment, originOf, setting } from '../environment.js';
import { PATTERNS } from './fields.js';

/**
 * The bank rail's settings, service-wide and per mode, read from the environment where the rail
 * is made (as the gateways read theirs):
 *
 * - BANK_SANDBOX_URL (TEST; default the simulator host's bank, SIMULATOR_PUBLIC_URL (else
 *   http://localhost:8081) + /bank) and
 *   BANK_LIVE_URL (LIVE; no default: the company's bank names it; https on a host name, never
 *   where a sandbox or simulator setting points, as the gateways' LIVE hosts) — the host-to-host
 *   endpoint;
 * - BANK_<MODE>_USERNAME, BANK_<MODE>_PASSWORD — the channel's login;
 * - BANK_<MODE>_COMPANY_ID, BANK_<MODE>_ACCOUNT_NUMBER — the originator the files name and the
 *   account they debit;
 * - BANK_TIMEOUT_MS (default 15000) — how long a call to the bank may take;
 * - BANK_DEFAULT_METHOD (BEFTN or NPSB; default BEFTN) — for a transfer that names none.
 */

export const bankCredentials = z.object({
  username: z.string().trim().min(1).max(128),
  password: z.string().trim().min(1).max(256),
  companyId: z.string().trim().regex(PATTERNS.companyId, '1–20 capital letters or digits'),
  accountNumber: z.string().trim().regex(PATTERNS.accountNumber, '6–17 digits'),
});
export type BankCredentials = z.infer<typeof bankCredentials>;

export interface BankRailSettings {
  baseUrl: string;
  timeoutMs: number;
  defaultMethod: BankTransferMethod;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Where the simulator host serves the bank's simulator (its mount's name). */
export const SIMULATOR_MOUNT_NAME = 'bank';
const DEFAULT_TIMEOUT_MS = 15_000;

/** The channel's credentials for `mode`, or null when any is missing (the rail is then not offered). */
export function bankCredentialsFromEnvironment(env: Env, mode: Mode): BankCredentials | null {
  const found = credentialsFromEnvironment(env, 'BANK', mode, {
    username: 'USERNAME',
    password: 'PASSWORD',
    companyId: 'COMPANY_ID',
    accountNumber: 'ACCOUNT_NUMBER',
  });
  if (!found) return null;
  if (!PATTERNS.companyId.test(found.companyId)) {
    throw new Error(`BANK_${mode}_COMPANY_ID must be 1–20 capital letters or digits`);
  }
  if (!PATTERNS.accountNumber.test(found.accountNumber)) {
    throw new Error(`BANK_${mode}_ACCOUNT_NUMBER must be 6–17 digits`);
  }
  return found;
}

function localSimulatorUrl(env: Env): string {
  const host = (setting(env, 'SIMULATOR_PUBLIC_URL') ?? 'http://localhost:8081').replace(/\/+$/, '');
  return `${host}/${SIMULATOR_MOUNT_NAME}`;
}

export function bankRailSettings(env: Env, mode: Mode): BankRailSettings {
  const baseUrl =
    mode === 'TEST'
      ? (setting(env, 'BANK_SANDBOX_URL') ?? localSimulatorUrl(env))
      : setting(env, 'BANK_LIVE_URL');
  if (!baseUrl)
    throw new Error("BANK_LIVE_URL must name the bank's host-to-host endpoint for LIVE bank transfers");
  if (mode === 'LIVE') {
    const sandboxOrigins = new Set(
      [
        setting(env, 'BANK_SANDBOX_URL'),
        setting(env, 'SIMULATOR_PUBLIC_URL'),
        setting(env, 'SIMULATOR_SERVICE_URL'),
      ]
        .map(originOf)
        .filter((origin): origin is string => origin !== null),
    );
    const problem = liveUrlProblem(baseUrl, sandboxOrigins);
    if (problem) throw new Error(`BANK_LIVE_URL ${problem}`);
  }
  const timeoutText = setting(env, 'BANK_TIMEOUT_MS');
  const timeoutMs = timeoutText === null ? DEFAULT_TIMEOUT_MS : Number(timeoutText);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) {
    throw new Error('BANK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000');
  }
  const method = setting(env, 'BANK_DEFAULT_METHOD') ?? 'BEFTN';
  if (method !== 'BEFTN' && method !== 'NPSB') throw new Error('BANK_DEFAULT_METHOD must be BEFTN or NPSB');
  return { baseUrl: baseUrl.replace(/\/+$/, ''), timeoutMs, defaultMethod: method };
}
