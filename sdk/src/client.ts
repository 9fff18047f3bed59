import createClient, { type Client } from 'openapi-fetch';
import { idempotencyKeys } from './idempotency.js';
import { Invoices } from './resources/invoices.js';
import { Payments } from './resources/payments.js';
import { Refunds } from './resources/refunds.js';
import { Reports } from './resources/reports.js';
import { RequestLog } from './resources/request-log.js';
import { unwrap } from './envelope.js';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings } from './retry-policy.js';
import { retryingFetch, type FetchLike } from './retrying-fetch.js';
import type { AppMe, LedgerBalance, paths } from './types.js';
import { Webhooks } from './webhooks.js';

export interface OiPaymentsOptions {
  /** oi_test_… or oi_live_…: the mode of everything this client does. */
  apiKey: string;
  apiSecret: string;
  /** The service's address, e.g. https://payments.example.com (with or without /api/v1). */
  baseUrl: string;
  /** The endpoint secret (whsec_…) that `webhooks.verify` checks signatures with. */
  webhookSecret?: string;
  /** Retries after the first attempt on no answer, 429, 5xx, or a key still in progress; default 2. */
  maxRetries?: number;
  /** Each attempt is abandoned after this long (default 60 s) and counts as no answer. */
  timeoutMs?: number;
  /** Sends the requests; defaults to the global fetch. */
  fetch?: FetchLike;
  /** Backoff tuning beyond maxRetries (delays in milliseconds). */
  retry?: Partial<Omit<RetrySettings, 'maxRetries'>>;
}

/** Where the API lives under a service's address: `/api/v1`, added unless the caller gave it. */
function apiBase(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`;
}

/**
 * The OI Payments API for one app and mode. Resources cover what apps do (payments, refunds,
 * invoices), the reports of their money, and where they look when a call failed (the request
 * log); `GET`, `POST` and friends
 * reach every documented path with its types. Every call unwraps the response envelope and throws
 * OiPaymentsError for an error answer.
 */
export class OiPayments {
  readonly payments: Payments;
  readonly refunds: Refunds;
  readonly invoices: Invoices;
  /** Report runs of this app's money in this mode: files (CSV or XLSX) and their rows. */
  readonly reports: Reports;
  /** This app's recent API requests in this mode, with redacted bodies. */
  readonly requestLog: RequestLog;
  readonly webhooks: Webhooks;
  /** The typed openapi-fetch client underneath: answers come back as `{ data, error, response }`. */
  readonly api: Client<paths>;
  readonly GET: Client<paths>['GET'];
  readonly POST: Client<paths>['POST'];
  readonly PATCH: Client<paths>['PATCH'];
  readonly PUT: Client<paths>['PUT'];
  readonly DELETE: Client<paths>['DELETE'];

  constructor(options: OiPaymentsOptions) {
    if (!options.apiKey || !options.apiSecret) throw new Error('OiPayments needs apiKey and apiSecret');
    if (!options.baseUrl) throw new Error('OiPayments needs baseUrl');
    const retry: RetrySettings = {
      ...DEFAULT_RETRY_SETTINGS,
      ...options.retry,
      maxRetries: options.maxRetries ?? DEFAULT_RETRY_SETTINGS.maxRetries,
    };
    this.api = createClient<paths>({
      baseUrl: apiBase(options.baseUrl),
      headers: { 'X-Api-Key': options.apiKey, 'X-Api-Secret': options.apiSecret },
      fetch: retryingFetch({
        // Read at call time, so a fetch patched after construction (as test tools do) is used.
        fetch: options.fetch ?? ((request) => fetch(request)),
        retry,
        timeoutMs: options.timeoutMs ?? 60_000,
      }),
    });
    this.api.use(idempotencyKeys);
    this.payments = new Payments(this.api);
    this.refunds = new Refunds(this.api);
    this.invoices = new Invoices(this.api);
    this.reports = new Reports(this.api);
    this.requestLog = new RequestLog(this.api);
    this.webhooks = new Webhooks(options.webhookSecret);
    this.GET = this.api.GET;
    this.POST = this.api.POST;
    this.PATCH = this.api.PATCH;
    this.PUT = this.api.PUT;
    this.DELETE = this.api.DELETE;
  }

  /** The app and mode these credentials resolve to. */
  async me(): Promise<AppMe> {
    return unwrap(await this.api.GET('/app/me'));
  }

  /** What the service owes the app per currency, from the ledger, in this client's mode. */
  async balance(): Promise<LedgerBalance> {
    return unwrap(await this.api.GET('/ledger/balance'));
  }
}
