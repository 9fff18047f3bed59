/** When to send a request again, and how long to wait first. Pure: no clock, no randomness of its own. */

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The first backoff; each retry doubles it. */
  initialDelayMs: number;
  /** No backoff grows past this. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** The error code that means the same Idempotency-Key's first request is still running. */
export const IN_PROGRESS_CODE = 'IDEMPOTENCY_REQUEST_IN_PROGRESS';

export interface AttemptOutcome {
  /** 0 for the first attempt. */
  attempt: number;
  /** Sending twice cannot do twice what once does: a read, or a POST with an Idempotency-Key. */
  repeatable: boolean;
  /** The answer's status; absent when no answer came (network error, timeout). */
  status?: number;
  /** The answer's errorCode, when it was the API's envelope. */
  errorCode?: string | null;
  /** The Retry-After header as sent. */
  retryAfter?: string | null;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/** Exponential backoff with equal jitter: half the step fixed, half random, so clients spread out. */
export function backoffDelay(retryIndex: number, settings: RetrySettings, random: number): number {
  const step = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** retryIndex);
  return Math.round(step / 2 + (step / 2) * random);
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function worthRetrying(outcome: AttemptOutcome): boolean {
  const { status } = outcome;
  // No answer: the request may or may not have been carried out, so only a repeatable one goes again.
  if (status === undefined) return outcome.repeatable;
  // Refused before it was handled: sending it again cannot do anything twice.
  if (status === 429) return true;
  // The key's first request is still running; the retry gets its answer once it finishes.
  if (status === 409) return outcome.errorCode === IN_PROGRESS_CODE;
  if (status >= 500) return outcome.repeatable;
  return false;
}

export function decideRetry(
  outcome: AttemptOutcome,
  settings: RetrySettings,
  random: number,
  nowMs: number,
): RetryDecision {
  if (outcome.attempt >= settings.maxRetries || !worthRetrying(outcome)) return { retry: false };
  const backoff = backoffDelay(outcome.attempt, settings, random);
  const retryAfter = parseRetryAfter(outcome.retryAfter, nowMs);
  if (retryAfter === null) return { retry: true, delayMs: backoff };
  // The server said when: wait that long, or hand the error back if it is longer than we wait.
  if (retryAfter > settings.maxRetryAfterMs) return { retry: false };
  return { retry: true, delayMs: retryAfter };
}
