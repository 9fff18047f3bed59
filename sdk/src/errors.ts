import type { ErrorCode, ErrorDetails, ErrorMeta, ErrorMetaOf } from './types.js';

/**
 * The API answered with an error. `errorCode` is one of the documented codes, or null when the
 * answer was not the API's envelope (a proxy's error page, say); `details` has the shape the
 * code documents: narrow it with `error.is(code)`.
 */
export class OiPaymentsError extends Error {
  override readonly name = 'OiPaymentsError';
  readonly status: number;
  readonly errorCode: ErrorCode | null;
  readonly details: ErrorDetails | undefined;
  readonly requestId: string | null;
  /** The answer's `meta` as sent, when it was the API's envelope. */
  readonly meta: ErrorMeta | null;
  readonly headers: Headers;

  constructor(status: number, meta: ErrorMeta | null, headers: Headers, fallbackMessage?: string) {
    super(meta?.message ?? fallbackMessage ?? `HTTP ${status}`);
    this.status = status;
    this.meta = meta;
    this.errorCode = meta?.errorCode ?? null;
    this.details = meta && 'details' in meta ? meta.details : undefined;
    this.requestId = meta?.requestId ?? headers.get('x-request-id');
    this.headers = headers;
  }

  /** True when the answer carries `code`; its `meta.details` is then typed for that code. */
  is<C extends ErrorCode>(code: C): this is OiPaymentsError & { errorCode: C; meta: ErrorMetaOf<C> } {
    return this.errorCode === code;
  }
}

/** No answer came back (connection refused or reset, timeout) after every retry allowed. */
export class OiPaymentsConnectionError extends Error {
  override readonly name = 'OiPaymentsConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A webhook's signature or timestamp did not verify: the request did not come from OI Payments. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
