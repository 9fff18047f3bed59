import type { Simulator } from './context.js';
import { StripeApiError } from './errors.js';
import type { IdempotentAnswer } from './state.js';

/**
 * Stripe's idempotency: a POST with a key it has answered before gets that answer again, marked
 * `Idempotent-Replayed`; the same key with other parameters is refused. Only answers of requests
 * that ran are kept: refused parameters and outages leave the key free for a corrected retry.
 */

export interface IdempotentRequest {
  apiKey: string;
  key: string;
  method: string;
  path: string;
  body: string;
}

function slot(request: IdempotentRequest): string {
  return `${request.apiKey}\u0000${request.key}`;
}

/**
 * The stored answer to replay, or null when the request is new. Handlers run without yielding, so
 * a concurrent twin of a request always finds its answer already stored.
 */
export function replayOf(simulator: Simulator, request: IdempotentRequest): IdempotentAnswer | null {
  const stored = simulator.state.idempotency.get(slot(request));
  if (stored) {
    if (stored.method === request.method && stored.path === request.path && stored.body === request.body)
      return stored;
    throw new StripeApiError(
      400,
      'idempotency_error',
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${request.key}' if you meant to execute a different request.`,
    );
  }
  return null;
}

/** Keeps the answer of a request that ran (a refused one throws before), for retries under its key. */
export function remember(
  simulator: Simulator,
  request: IdempotentRequest,
  answer: Omit<IdempotentAnswer, 'method' | 'path' | 'body'>,
): void {
  simulator.state.idempotency.set(slot(request), {
    ...answer,
    method: request.method,
    path: request.path,
    body: request.body,
  });
}
