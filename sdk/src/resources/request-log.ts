import type { Client } from 'openapi-fetch';
import { unwrap, unwrapPage } from '../envelope.js';
import { initOf, type RequestOptions } from '../request-options.js';
import type { ListRequestLogParams, RequestLogEntry, paths } from '../types.js';

/**
 * The request log: this app's API requests in this client's mode over the last week, with their
 * status, error code, request id, Idempotency-Key and redacted bodies. The first place to look
 * when a call failed: `OiPaymentsError.requestId` names the entry.
 */
export class RequestLog {
  constructor(private readonly api: Client<paths>) {}

  /** One page of requests, newest first; filter by status (`4xx`, `422`), method, path prefix, ids and time. */
  async list(query: ListRequestLogParams = {}, options?: RequestOptions) {
    return unwrapPage(await this.api.GET('/request-log', { params: { query }, ...initOf(options) }));
  }

  /** The request with this request id (the newest, should the id have been sent twice). */
  async retrieve(requestId: string, options?: RequestOptions): Promise<RequestLogEntry> {
    return unwrap(
      await this.api.GET('/request-log/{requestId}', {
        params: { path: { requestId } },
        ...initOf(options),
      }),
    );
  }

  /** Every request the filters match, newest first, read page by page through the list's cursor. */
  async *iterate(query: Omit<ListRequestLogParams, 'page' | 'after'> = {}, options?: RequestOptions) {
    let after: string | undefined;
    for (;;) {
      const page = await this.list(after === undefined ? query : { ...query, after }, options);
      yield* page.items;
      if (!page.pagination.nextCursor) return;
      after = page.pagination.nextCursor;
    }
  }
}
