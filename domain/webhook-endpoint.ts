import type { Mode } from './mode.js';

/**
 * Why a webhook endpoint URL cannot be used for a mode, or null when it can. LIVE events carry
 * real customers' payments, so they travel only over https; TEST endpoints may be plain http
 * (a developer's tunnel or local receiver).
 */
export function webhookUrlProblem(mode: Mode, url: string): string | null {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return 'The webhook URL is not a valid URL';
  }
  if (protocol !== 'https:' && protocol !== 'http:') return 'The webhook URL must use http or https';
  if (mode === 'LIVE' && protocol !== 'https:') return 'A LIVE webhook endpoint must use https';
  return null;
}
