import { isIP } from 'node:net';
import type { Config } from './index.js';

/**
 * Settings that name a sandbox or a simulator. They apply to TEST only (each gateway module reads
 * them for TEST alone); listed here so a LIVE address can never be one of them.
 */
export const SANDBOX_URL_SETTINGS = [
  'SSLCOMMERZ_SANDBOX_URL',
  'SSLCOMMERZ_SANDBOX_PAGE_ORIGIN',
  'BKASH_SANDBOX_URL',
  'BKASH_SANDBOX_PAGE_ORIGIN',
  'NAGAD_SANDBOX_URL',
  'NAGAD_SANDBOX_PAGE_ORIGIN',
  'STRIPE_API_URL',
  'STRIPE_PAGE_ORIGIN',
  'SIMULATOR_PUBLIC_URL',
  'SIMULATOR_SERVICE_URL',
] as const;

/** The LIVE addresses a deployment may change (a gateway's new host, an egress proxy). */
export const LIVE_URL_SETTINGS = ['SSLCOMMERZ_LIVE_URL', 'BKASH_LIVE_URL', 'NAGAD_LIVE_URL'] as const;

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

/** Each LIVE address setting that is set and not fit for real money, as "NAME: why". */
export function liveUrlProblems(
  config: Pick<Config, 'SSLCOMMERZ_LIVE_URL'>,
  env: NodeJS.ProcessEnv,
): string[] {
  const sandboxOrigins = new Set(
    SANDBOX_URL_SETTINGS.map((name) => originOf(env[name])).filter((origin): origin is string => !!origin),
  );
  const values: Record<(typeof LIVE_URL_SETTINGS)[number], string | undefined> = {
    SSLCOMMERZ_LIVE_URL: config.SSLCOMMERZ_LIVE_URL,
    BKASH_LIVE_URL: env.BKASH_LIVE_URL?.trim() || undefined,
    NAGAD_LIVE_URL: env.NAGAD_LIVE_URL?.trim() || undefined,
  };
  return LIVE_URL_SETTINGS.flatMap((name) => {
    const value = values[name];
    const problem = value ? liveUrlProblem(value, sandboxOrigins) : null;
    return problem ? [`${name}: ${problem}`] : [];
  });
}
