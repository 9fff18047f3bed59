import type { Mode } from '../shared/mode.js';

/** Why an endpoint URL cannot receive a mode's events, or null when it can. LIVE events carry real payments: https only. */
export function webhookUrlProblem(mode: Mode, url: string): string | null {
  if (mode === 'LIVE' && new URL(url).protocol !== 'https:') return 'LIVE webhook endpoints must use https';
  return null;
}

const MASK = '***';

/**
 * A webhook URL as operators see it in the dashboard, the admin API and the audit log: a password
 * or token in its user part, its query values or its fragment are secrets the app chose to put
 * there, so they are masked. Deliveries use the stored URL in full.
 */
export function maskedWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return MASK;
  }
  if (parsed.username) parsed.username = MASK;
  if (parsed.password) parsed.password = MASK;
  if (parsed.search) {
    const masked = new URLSearchParams();
    for (const key of new Set(parsed.searchParams.keys())) masked.append(key, MASK);
    parsed.search = masked.toString();
  }
  if (parsed.hash) parsed.hash = MASK;
  return parsed.toString();
}

/** How many endpoints an app may have in one mode: enough for every consumer, few enough to deliver to at once. */
export const MAX_ENDPOINTS_PER_MODE = 10;

export type EndpointDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** How much of a receiver's answer an attempt keeps for the app to read. */
export const RESPONSE_EXCERPT_CHARS = 500;
