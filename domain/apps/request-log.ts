/**
 * The request log: each app's recent API requests, kept for a week, the first place an app
 * developer looks when something fails. Entries past the retention are hidden at once and
 * deleted by the sweeper.
 */

export const REQUEST_LOG_RETENTION_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The oldest instant an entry may have been written at and still be shown and kept. */
export function requestLogCutoff(now: Date): Date {
  return new Date(now.getTime() - REQUEST_LOG_RETENTION_DAYS * DAY_MS);
}

/** A status filter: one status (404) or a class of them (4xx). */
export type StatusFilter = { status: number } | { from: number; below: number };

export const STATUS_FILTER_PATTERN = /^([1-5])(xx|\d\d)$/;

/** Reads `404` or `4xx`; null for anything else. */
export function parseStatusFilter(value: string): StatusFilter | null {
  const match = STATUS_FILTER_PATTERN.exec(value);
  if (!match) return null;
  if (match[2] === 'xx') {
    const from = Number(match[1]) * 100;
    return { from, below: from + 100 };
  }
  return { status: Number(value) };
}
