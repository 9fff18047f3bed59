import { z } from 'zod';
import { credentialsFromEnvironment, setting } from '../environment.js';
import type { PayoutRailModule } from '../payouts/rail-module.js';
import { TEMPLATE_RAIL_DESCRIPTION, createTemplateRail } from './client.js';
import type { SimulatorMount } from '../simulator-kit/mount.js';

/**
 * Everything the service knows of this rail, in one object: gateways/payouts/registry.ts lists it
 * (a copy of this template is listed there once it passes the contract suite; the template itself
 * never is), and the API, the dashboard, start-up's checks and the simulator host read what they
 * need from it.
 *
 * Settings, service-wide per mode (the company pays from its own disbursement account):
 * TEMPLATE_RAIL_SANDBOX_URL (TEST) and TEMPLATE_RAIL_LIVE_URL (LIVE), the addresses;
 * TEMPLATE_RAIL_<MODE>_API_KEY and TEMPLATE_RAIL_<MODE>_API_SECRET, all or none; and
 * TEMPLATE_RAIL_TIMEOUT_MS (30 s), how long one call may take before its answer counts as lost.
 */

const credentials = z.object({
  apiKey: z.string().trim().min(1).max(256),
  apiSecret: z.string().trim().min(1).max(256),
});

/** The rail's published hosts; the settings may name others (its simulator, a new host). */
const HOSTS = { TEST: 'https://sandbox.rail.example', LIVE: 'https://api.rail.example' } as const;

const SETTINGS = {
  sandboxUrl: 'TEMPLATE_RAIL_SANDBOX_URL',
  liveUrl: 'TEMPLATE_RAIL_LIVE_URL',
  timeoutMs: 'TEMPLATE_RAIL_TIMEOUT_MS',
  /** Prefix of the per-mode credentials: TEMPLATE_RAIL_TEST_API_KEY, … */
  credentialsPrefix: 'TEMPLATE_RAIL',
} as const;

/** How long one call may take; a value that is no whole number of milliseconds stops the rail. */
function timeoutOf(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const text = setting(env, SETTINGS.timeoutMs);
  if (text === null) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 100 || value > 300_000) {
    throw new Error(`${SETTINGS.timeoutMs} must be a whole number of milliseconds from 100 to 300000`);
  }
  return value;
}

export const templateRailModule: PayoutRailModule<z.infer<typeof credentials>> = {
  // The name payouts carry, the same as the description's: lower case, never changed.
  name: TEMPLATE_RAIL_DESCRIPTION.name,
  description: TEMPLATE_RAIL_DESCRIPTION,
  credentials,
  // The sandbox settings may never be where a LIVE address points; each LIVE address must be fit
  // for real money (platform/config/live-hosts.ts checks both at start-up).
  sandboxUrlSettings: [SETTINGS.sandboxUrl],
  liveUrlSettings: [SETTINGS.liveUrl],
  // Null keeps the rail off in that mode: its payouts answer RAIL_NOT_CONFIGURED.
  fromEnvironment: (env, mode) =>
    credentialsFromEnvironment(env, SETTINGS.credentialsPrefix, mode, {
      apiKey: 'API_KEY',
      apiSecret: 'API_SECRET',
    }),
  create: ({ credentials: c, mode, env }) =>
    createTemplateRail({
      ...c,
      baseUrl: setting(env, mode === 'TEST' ? SETTINGS.sandboxUrl : SETTINGS.liveUrl) ?? HOSTS[mode],
      timeoutMs: timeoutOf(env),
    }),
  // Required on first call: the API and the worker list the rail without loading its simulator.
  simulator: (): SimulatorMount =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./simulator/mount.js') as { simulatorMount: SimulatorMount }).simulatorMount,
};
