import type { Client } from 'openapi-fetch';
import { unwrap, unwrapPage } from '../envelope.js';
import { initOf, type RequestOptions } from '../request-options.js';
import type { CreateRefundParams, ListRefundsParams, Refund, paths } from '../types.js';

/** Refunds: take all or part of a payment back; the outcome arrives as refund.succeeded or refund.failed. */
export class Refunds {
  constructor(private readonly api: Client<paths>) {}

  /** Refunds a payment (named by reference or id), with an Idempotency-Key. */
  async create(
    paymentId: string | number,
    params: CreateRefundParams,
    options?: RequestOptions,
  ): Promise<Refund> {
    return unwrap(
      await this.api.POST('/payments/{id}/refunds', {
        params: { path: { id: String(paymentId) } },
        body: params,
        ...initOf(options),
      }),
    );
  }

  /** A refund by its reference (rf_…) or numeric id. */
  async retrieve(id: string | number, options?: RequestOptions): Promise<Refund> {
    return unwrap(
      await this.api.GET('/refunds/{id}', { params: { path: { id: String(id) } }, ...initOf(options) }),
    );
  }

  /** One page of refunds, newest first. */
  async list(query: ListRefundsParams = {}, options?: RequestOptions) {
    return unwrapPage(await this.api.GET('/refunds', { params: { query }, ...initOf(options) }));
  }

  /** Every refund of one payment, oldest first. */
  async listForPayment(paymentId: string | number, options?: RequestOptions): Promise<Refund[]> {
    const page = unwrapPage(
      await this.api.GET('/payments/{id}/refunds', {
        params: { path: { id: String(paymentId) } },
        ...initOf(options),
      }),
    );
    return page.items;
  }
}
