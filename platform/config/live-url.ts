import { isIP } from 'node:net';

/**
 * Whether one LIVE address is fit for real money. Apart from live-hosts.ts (which gathers every
 * gateway's and rail's settings) so a rail's own settings can ask it without importing the
 * registries that list the rail.
 */

export function originOf(value: string | undefined): string | null {
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
