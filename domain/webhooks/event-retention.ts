/**
 * How long an app can read its events back (GET /api/v1/events) before they are pruned: long
 * enough for an app that was down for weeks to recover everything it missed, as Stripe and Svix
 * keep theirs. EVENT_RETENTION_DAYS changes it.
 */
export const DEFAULT_EVENT_RETENTION_DAYS = 30;
export const MAX_EVENT_RETENTION_DAYS = 3650;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The oldest instant an event may have been written at and still be kept. */
export function eventRetentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}
