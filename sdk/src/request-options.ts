/** What any call may add: an abort signal, headers, and for creates a key of the caller's own. */
export interface RequestOptions {
  /**
   * Replaces the generated Idempotency-Key on a create: pass one derived from your own order to
   * make a create safe across restarts of your process, not only across the SDK's retries.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** The init openapi-fetch takes for these options. */
export function initOf(options: RequestOptions = {}): {
  headers: Record<string, string>;
  signal?: AbortSignal;
} {
  const headers = { ...options.headers };
  if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
  return options.signal ? { headers, signal: options.signal } : { headers };
}
