import { isIP } from 'node:net';
import { GATEWAY_MODULES } from '../../gateways/catalogue.js';
import type { Config } from './schema.js';

/**
 * Settings that name a sandbox or a simulator: each gateway's (its module's sandboxUrlSettings)
 * and the simulators'. They apply to TEST only (each gateway module reads them for TEST alone);
 * gathered here so a LIVE address can never be one of them.
 */
export const SANDBOX_URL_SETTINGS: readonly string[] = [
  ...GATEWAY_MODULES.flatMap((module) => module.sandboxUrlSettings ?? []),
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

function originOf(value: string | undefined): string | null {
  if (!value?.trim()) return null;
  try {
    return new URL(value.trim()).origin;
  } catch {
    return null;
  }
}

/**
 * Why a LIVE gateway address is not one real money may go to, or null when it may: it must be
 * https, on a host name (not an IP address or localhost), with neither "sandbox" nor "simulator"
 * in it, and not where any sandbox or simulator setting points.
 */
export function liveUrlProblem(value: string, sandboxOrigins: ReadonlySet<string>): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (url.protocol !== 'https:') return 'must be https: LIVE payments go to the live gateway only';
  if (host === 'localhost' || host.endsWith('.localhost') || isIP(host) !== 0) {
    return 'must name the live gateway by its host name, not localhost or an IP address';
  }
  if (/sandbox|simulator/.test(host))
    return 'points at a sandbox or simulator; LIVE payments must reach the live gateway';
  if (sandboxOrigins.has(url.origin)) {
    return 'is where a sandbox or simulator setting points; LIVE payments must reach the live gateway';
  }
  return null;
}

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
  return LIVE_URL_SETTINGS.flatMap((name) => {
    const value = valueOf(name);
    const problem = value ? liveUrlProblem(value, sandboxOrigins) : null;
    return problem ? [`${name}: ${problem}`] : [];
  });
}
