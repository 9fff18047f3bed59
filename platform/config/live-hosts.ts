import { GATEWAY_MODULES } from '../../gateways/catalogue.js';
import { PAYOUT_RAIL_MODULES } from '../../gateways/payouts/registry.js';
import { liveUrlProblem, originOf } from './live-url.js';
import type { Config } from './schema.js';

export { liveUrlProblem };

/**
 * Settings that name a sandbox or a simulator: each gateway's and payout rail's (its module's
 * sandboxUrlSettings) and the simulators'. They apply to TEST only (each gateway module reads them for TEST alone);
 * gathered here so a LIVE address can never be one of them.
 */
export const SANDBOX_URL_SETTINGS: readonly string[] = [
  ...GATEWAY_MODULES.flatMap((module) => module.sandboxUrlSettings ?? []),
  ...PAYOUT_RAIL_MODULES.flatMap((module) => module.sandboxUrlSettings),
  'SIMULATOR_PUBLIC_URL',
  'SIMULATOR_SERVICE_URL',
];

/**
 * The LIVE addresses a deployment may change (a gateway's new host, an egress proxy): each
 * gateway's, as its module's liveUrlSettings name them.
 */
export const LIVE_URL_SETTINGS: readonly string[] = GATEWAY_MODULES.flatMap(
  (module) => module.liveUrlSettings ?? [],
);

/**
 * The payout rails' LIVE addresses (each rail module's liveUrlSettings): money out goes there, so
 * a LIVE rail pointing at a sandbox, a simulator or a plain-http host stops start-up as a
 * gateway's does, not only the first payout that reaches for it.
 */
export const PAYOUT_RAIL_LIVE_URL_SETTINGS: readonly string[] = PAYOUT_RAIL_MODULES.flatMap(
  (module) => module.liveUrlSettings,
);

/**
 * Each LIVE address setting that is set and not fit for real money, as "NAME: why". A setting
 * the configuration parses (with its default) is checked as parsed; the others as the environment
 * gives them.
 */
export function liveUrlProblems(config: Config, env: NodeJS.ProcessEnv): string[] {
  const sandboxOrigins = new Set(
    SANDBOX_URL_SETTINGS.map((name) => originOf(env[name])).filter((origin): origin is string => !!origin),
  );
  const parsed = config as Readonly<Record<string, unknown>>;
  const valueOf = (name: string): string | undefined => {
    if (Object.hasOwn(parsed, name)) return typeof parsed[name] === 'string' ? parsed[name] : undefined;
    return env[name]?.trim() || undefined;
  };
  return [...LIVE_URL_SETTINGS, ...PAYOUT_RAIL_LIVE_URL_SETTINGS].flatMap((name) => {
    const value = valueOf(name);
    const problem = value ? liveUrlProblem(value, sandboxOrigins) : null;
    return problem ? [`${name}: ${problem}`] : [];
  });
}
