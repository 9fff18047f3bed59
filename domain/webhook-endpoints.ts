import type { Mode } from './mode.js';

/** Why an endpoint URL cannot receive a mode's events, or null when it can. LIVE events carry real payments: https only. */
export function webhookUrlProblem(mode: Mode, url: string): string | null {
  if (mode === 'LIVE' && new URL(url).protocol !== 'https:') return 'LIVE webhook endpoints must use https';
  return null;
}
