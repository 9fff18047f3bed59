import type { components, operations, paths, webhooks } from './generated/schema.js';

/** Names for the shapes apps use most, taken from the generated OpenAPI types. */
type Schemas = components['schemas'];

export type Payment = Schemas['Payment'];
export type PaymentWithRefunds = Schemas['PaymentWithRefunds'];
export type Refund = Schemas['Refund'];
export type Invoice = Schemas['Invoice'];
export type Receipt = Schemas['Receipt'];
export type LedgerBalance = Schemas['LedgerBalance'];
export type AppMe = Schemas['AppMe'];
export type Pagination = Schemas['Pagination'];
export type RequestLogEntry = Schemas['RequestLogEntry'];
export type ReportRun = Schemas['ReportRun'];
export type ReportRows = Schemas['ReportRows'];
/** A report's file format: the rows are the same in both. */
export type ReportFormat = ReportRun['format'];

export type CreatePaymentParams = Schemas['CreatePayment'];
export type CreateRefundParams = Schemas['CreateRefund'];
export type CreateInvoiceParams = Schemas['CreateInvoice'];
export type UpdateInvoiceParams = Schemas['UpdateInvoice'];
export type IssueInvoiceParams = Schemas['IssueInvoice'];
export type VoidInvoiceParams = Schemas['VoidInvoice'];
export type CreateReportRunParams = Schemas['CreateReportRun'];

type Query<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;
export type ListPaymentsParams = Query<'listPayments'>;
export type ListRefundsParams = Query<'listRefunds'>;
export type ListInvoicesParams = Query<'listInvoices'>;
export type ListRequestLogParams = Query<'listRequestLog'>;
export type ListReportRunsParams = Query<'listReportRuns'>;
export type ReportRowsParams = Query<'getReportRunRows'>;

/** A report run's file as downloaded. */
export interface ReportFile {
  /** The file's bytes: CSV (UTF-8, starting with a BOM) or XLSX (a zip). */
  content: Uint8Array;
  /** The name the service gives it, e.g. `statement-app-12-TEST-2026-11-01-to-2026-11-30.xlsx`. */
  fileName: string;
  contentType: string;
  format: ReportFormat;
}

/** An error answer's `meta`: a union on `errorCode`, each code with the details it carries. */
export type ErrorMeta = Schemas['ErrorMeta'];
/** Every documented error code. */
export type ErrorCode = ErrorMeta['errorCode'];
/** What any error's `details` may be; `OiPaymentsError.is(code)` narrows it to one code's. */
export type ErrorDetails = ErrorMeta extends infer M ? (M extends { details?: infer D } ? D : never) : never;
/** The meta of the answers carrying `code`, so its details are typed. */
export type ErrorMetaOf<C extends ErrorCode> = ErrorMeta extends infer M
  ? M extends { errorCode: infer E }
    ? C extends E
      ? M
      : never
    : never
  : never;

type EventBody<T extends keyof webhooks> = NonNullable<
  webhooks[T]['post']
>['requestBody']['content']['application/json'];

/** Every event type the service sends. */
export type WebhookEventType = keyof webhooks;
/** A verified webhook: a union on `type`, so checking the type narrows `data`. */
export type WebhookEvent = { [T in WebhookEventType]: EventBody<T> }[WebhookEventType];
/** The event of one type. */
export type WebhookEventOf<T extends WebhookEventType> = EventBody<T>;

export type { components, operations, paths, webhooks };
