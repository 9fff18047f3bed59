import type { Client } from 'openapi-fetch';
import { unwrap, unwrapPage } from '../envelope.js';
import { initOf, type RequestOptions } from '../request-options.js';
import type {
  CreatePaymentParams,
  ListPaymentsParams,
  Payment,
  PaymentWithRefunds,
  Receipt,
  paths,
} from '../types.js';

/** Payments: create one and send the customer to its `checkoutUrl`; read and list them. */
export class Payments {
  constructor(private readonly api: Client<paths>) {}

  /** Creates a payment (with an Idempotency-Key, so a retried create returns the same payment). */
  async create(params: CreatePaymentParams, options?: RequestOptions): Promise<Payment> {
    return unwrap(await this.api.POST('/payments', { body: params, ...initOf(options) }));
  }

  /** A payment by its reference (pay_…) or numeric id, with its refunds and disputes. */
  async retrieve(id: string | number, options?: RequestOptions): Promise<PaymentWithRefunds> {
    return unwrap(
      await this.api.GET('/payments/{id}', { params: { path: { id: String(id) } }, ...initOf(options) }),
    );
  }

  /** One page of payments, newest first, with a summary by status. */
  async list(query: ListPaymentsParams = {}, options?: RequestOptions) {
    return unwrapPage(await this.api.GET('/payments', { params: { query }, ...initOf(options) }));
  }

  /** Every payment the filters match, newest first, read page by page through the list's cursor. */
  async *iterate(query: Omit<ListPaymentsParams, 'page' | 'after'> = {}, options?: RequestOptions) {
    let after: string | undefined;
    for (;;) {
      const page = await this.list(after === undefined ? query : { ...query, after }, options);
      yield* page.items;
      if (!page.pagination.nextCursor) return;
      after = page.pagination.nextCursor;
    }
  }

  /** The receipt of a settled payment. */
  async receipt(id: string | number, options?: RequestOptions): Promise<Receipt> {
    return unwrap(
      await this.api.GET('/payments/{id}/receipt', {
        params: { path: { id: String(id) } },
        ...initOf(options),
      }),
    );
  }
}
