import { OiPaymentsConnectionError } from './errors.js';
import { decideRetry, type RetrySettings } from './retry-policy.js';

export type FetchLike = (request: Request) => Promise<Response>;

export interface RetryingFetchOptions {
  fetch: FetchLike;
  retry: RetrySettings;
  /** Each attempt is abandoned after this long and counts as no answer. */
  timeoutMs: number;
  /** Injected so tests run without waiting; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** A request the server can receive twice without doing twice what it does once. */
export function isRepeatable(request: Request): boolean {
  return (
    REPEATABLE_METHODS.has(request.method) ||
    request.headers.has('idempotency-key') ||
    request.headers.has('x-idempotency-key')
  );
}

/** The errorCode of an answer in the API's envelope, read from a copy so the caller still gets the body. */
async function errorCodeOf(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { meta?: { errorCode?: unknown } };
    return typeof body.meta?.errorCode === 'string' ? body.meta.errorCode : null;
  } catch {
    return null;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A fetch that sends a request again, as the retry policy allows, on no answer, 429, 5xx and a
 * 409 for a key still in progress. Every attempt sends a copy of the same request, so its
 * Idempotency-Key is the same on every retry and the server answers them all with one result.
 */
export function retryingFetch(options: RetryingFetchOptions): FetchLike {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  return async (request) => {
    const repeatable = isRepeatable(request);
    for (let attempt = 0; ; attempt++) {
      const signal = AbortSignal.any([request.signal, AbortSignal.timeout(options.timeoutMs)]);
      let response: Response;
      try {
        response = await options.fetch(new Request(request.clone(), { signal }));
      } catch (error) {
        // The caller's own abort is not retried.
        if (request.signal.aborted) throw error;
        const decision = decideRetry({ attempt, repeatable }, options.retry, random(), Date.now());
        if (!decision.retry) {
          throw new OiPaymentsConnectionError(
            `${request.method} ${new URL(request.url).pathname} got no answer after ${attempt + 1} attempt(s)`,
            { cause: error },
          );
        }
        await sleep(decision.delayMs);
        continue;
      }
      if (response.ok || (response.status < 500 && response.status !== 429 && response.status !== 409)) {
        return response;
      }
      const decision = decideRetry(
        {
          attempt,
          repeatable,
          status: response.status,
          errorCode: response.status === 409 ? await errorCodeOf(response) : null,
          retryAfter: response.headers.get('retry-after'),
        },
        options.retry,
        random(),
        Date.now(),
      );
      if (!decision.retry) return response;
      // Let the connection go before waiting.
      await response.body?.cancel();
      await sleep(decision.delayMs);
    }
  };
}
