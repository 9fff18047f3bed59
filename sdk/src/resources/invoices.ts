import type { Client } from 'openapi-fetch';
import { errorOf, unwrap, unwrapPage } from '../envelope.js';
import { initOf, type RequestOptions } from '../request-options.js';
import type {
  CreateInvoiceParams,
  Invoice,
  ListInvoicesParams,
  UpdateInvoiceParams,
  VoidInvoiceParams,
  paths,
} from '../types.js';

const byId = (id: string | number) => ({ path: { id: String(id) } });

/** Invoices: a DRAFT is created, changed, then issued (its number and payable link) or voided. */
export class Invoices {
  constructor(private readonly api: Client<paths>) {}

  /** Creates a DRAFT, with an Idempotency-Key. */
  async create(params: CreateInvoiceParams, options?: RequestOptions): Promise<Invoice> {
    return unwrap(await this.api.POST('/invoices', { body: params, ...initOf(options) }));
  }

  /** An invoice by its reference (inv_…) or numeric id. */
  async retrieve(id: string | number, options?: RequestOptions): Promise<Invoice> {
    return unwrap(await this.api.GET('/invoices/{id}', { params: byId(id), ...initOf(options) }));
  }

  /** One page of invoices, newest first. */
  async list(query: ListInvoicesParams = {}, options?: RequestOptions) {
    return unwrapPage(await this.api.GET('/invoices', { params: { query }, ...initOf(options) }));
  }

  /** Changes a DRAFT: each field given replaces the one it had. */
  async update(id: string | number, params: UpdateInvoiceParams, options?: RequestOptions): Promise<Invoice> {
    return unwrap(
      await this.api.PATCH('/invoices/{id}', { params: byId(id), body: params, ...initOf(options) }),
    );
  }

  /** Issues a DRAFT: it gets its number and payable link, and invoice.issued is sent. */
  async issue(id: string | number, options?: RequestOptions): Promise<Invoice> {
    return unwrap(
      await this.api.POST('/invoices/{id}/issue', { params: byId(id), body: {}, ...initOf(options) }),
    );
  }

  /** Voids an invoice that is not PAID; invoice.voided is sent. */
  async void(
    id: string | number,
    params: VoidInvoiceParams = {},
    options?: RequestOptions,
  ): Promise<Invoice> {
    return unwrap(
      await this.api.POST('/invoices/{id}/void', { params: byId(id), body: params, ...initOf(options) }),
    );
  }

  /** The invoice as an A4 PDF. */
  async pdf(id: string | number, options?: RequestOptions): Promise<Uint8Array> {
    const answer = await this.api.GET('/invoices/{id}/pdf', {
      params: byId(id),
      parseAs: 'arrayBuffer',
      ...initOf(options),
    });
    if (answer.data === undefined || !answer.response.ok) throw errorOf(answer);
    return new Uint8Array(answer.data);
  }
}
