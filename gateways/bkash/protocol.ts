import { z } from 'zod';

/**
 * bKash Tokenized Checkout v1.2.0-beta wire protocol: paths, field values, status strings, error
 * codes and the shapes of the answers we read. Pure, no I/O. Nothing outside gateways/bkash/
 * names these.
 */

export const API_VERSION = 'v1.2.0-beta';

const CHECKOUT_BASE = `/${API_VERSION}/tokenized/checkout`;

/**
 * bKash's current refund API hangs off the API host's root, not off the versioned checkout base:
 * `{host}/v2/tokenized-checkout/refund/payment/…` (bKash's developer documentation, "Refund
 * Transaction" and "Refund Status", as independent clients call it).
 */
const REFUND_V2_BASE = '/v2/tokenized-checkout/refund/payment';

/**
 * Every call is a JSON POST. The older refund and its status share one path (only `amount` tells
 * them apart); the current refund API has a call of its own for each.
 */
export const PATHS = {
  grant: `${CHECKOUT_BASE}/token/grant`,
  refresh: `${CHECKOUT_BASE}/token/refresh`,
  create: `${CHECKOUT_BASE}/create`,
  execute: `${CHECKOUT_BASE}/execute`,
  status: `${CHECKOUT_BASE}/payment/status`,
  search: `${CHECKOUT_BASE}/general/searchTransaction`,
  refund: `${CHECKOUT_BASE}/payment/refund`,
  refundV2: `${REFUND_V2_BASE}/transaction`,
  refundStatusV2: `${REFUND_V2_BASE}/status`,
} as const;

/**
 * Which refund API a merchant account uses: `v2`, bKash's current one (a refund per call, a status
 * listing every refund of the transaction), or `v1`, the older `payment/refund` whose status
 * reports only the latest refund, for accounts bKash has not moved to v2.
 */
export const REFUND_APIS = ['v2', 'v1'] as const;
export type RefundApi = (typeof REFUND_APIS)[number];
export const DEFAULT_REFUND_API: RefundApi = 'v2';

/** Token calls carry the merchant's username and password as headers; checkout calls the token and app key. */
export const HEADERS = {
  username: 'username',
  password: 'password',
  authorization: 'authorization',
  appKey: 'x-app-key',
} as const;

/** Checkout without an agreement: the customer types wallet number, OTP and PIN on bKash's page. */
export const MODE_WITHOUT_AGREEMENT = '0011';
export const INTENT_SALE = 'sale';
export const CURRENCY = 'BDT';

export const SUCCESS_CODE = '0000';
export const SUCCESS_MESSAGE = 'Successful';

export const TRANSACTION_STATUS = {
  INITIATED: 'Initiated',
  /** Authorised for a later capture (intent `authorization`); we only ever ask for `sale`. */
  AUTHORIZED: 'Authorized',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
  FAILED: 'Failed',
  EXPIRED: 'Expired',
} as const;
export type TransactionStatus = (typeof TRANSACTION_STATUS)[keyof typeof TRANSACTION_STATUS];

/** The `status` bKash appends to the callback URL when it hands the browser back. */
export const CALLBACK_STATUSES = ['success', 'failure', 'cancel'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** Query parameters of the browser callback. `signature` is undocumented and cannot be verified. */
export const CALLBACK_FIELDS = {
  paymentId: 'paymentID',
  status: 'status',
  signature: 'signature',
  apiVersion: 'apiVersion',
} as const;

/** The body of every 401: an expired, revoked or unknown id_token. */
export const UNAUTHORIZED_MESSAGE = 'Unauthorized';

/**
 * Error codes in `statusCode` (older answers: `errorCode`). The list comes from a third-party
 * transcription of bKash's table; 2117 and 9999 were seen in real traffic.
 */
export const ERROR_CODES = {
  INVALID_APP_KEY: '2001',
  INVALID_PAYMENT_ID: '2002',
  INVALID_AMOUNT: '2006',
  INVALID_CURRENCY: '2007',
  INVALID_INTENT: '2008',
  INSUFFICIENT_BALANCE: '2023',
  REVERSAL_EXCEEDS_ORIGINAL: '2026',
  DUPLICATE: '2029',
  TRANSACTION_NOT_FOUND: '2033',
  ALREADY_REVERSED: '2034',
  INVALID_CALLBACK_URL: '2049',
  INVALID_PAYMENT_STATE: '2056',
  ALREADY_COMPLETED: '2062',
  INVALID_MODE: '2063',
  MANDATORY_FIELD_MISSING: '2065',
  EXECUTE_ALREADY_CALLED: '2117',
  SYSTEM_ERROR: '9999',
  MAINTENANCE: '503',
  // The current refund API's codes, from third-party transcriptions of bKash's refund documentation.
  REFUND_WINDOW_EXPIRED: '2071',
  REFUND_AMOUNT_INVALID: '2072',
  INVALID_SKU: '2073',
  NOT_REVERSIBLE: '2074',
  INVALID_TRX_ID: '2077',
  TRANSACTION_NOT_COMPLETED: '2127',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** bKash's own words for each code, as its answers carry them in `statusMessage`. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  '2001': 'Invalid App Key',
  '2002': 'Invalid Payment ID',
  '2006': 'Invalid amount',
  '2007': 'Invalid currency',
  '2008': 'Invalid intent',
  '2023': 'Insufficient Balance',
  '2026': 'The reversal amount cannot be greater than the original transaction amount',
  '2029': 'Duplicate for all transactions',
  '2033': 'Transaction not found',
  '2034': 'The transaction cannot be reversed because the original transaction has been reversed',
  '2049': 'Invalid Merchant Callback URL',
  '2056': 'Invalid Payment State',
  '2062': 'The payment has already been completed',
  '2063': 'Mode is not valid as per request data',
  '2065': 'Mandatory field missing',
  '2117': 'Payment execution already been called before',
  '9999': 'System Error',
  '503': 'System is undergoing maintenance. Please try again later',
  '2071': 'Refund window expired',
  '2072': 'Refund amount not valid',
  '2073': 'Invalid SKU',
  '2074': 'Transaction cannot be reversed',
  '2077': 'Invalid TrxID',
  '2127': 'Transaction not yet completed',
};

/** A value bKash sends sometimes as a string, sometimes as a number. */
const wireText = z.union([z.string(), z.number()]).transform(String);

/**
 * Every answer may carry the status envelope; an error answer carries nothing else. The current
 * refund API reports errors as `{internalCode, externalCode, errorMessageEn, errorMessageBn}`
 * instead (externalCode is bKash's numeric code).
 */
export const envelopeSchema = z.looseObject({
  statusCode: wireText.optional(),
  statusMessage: z.string().optional(),
  errorCode: wireText.optional(),
  errorMessage: z.string().optional(),
  externalCode: wireText.optional(),
  internalCode: wireText.optional(),
  errorMessageEn: z.string().nullable().optional(),
});

export const tokenSchema = z.looseObject({
  id_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1),
});
export type TokenAnswer = z.infer<typeof tokenSchema>;

export const createSchema = z.looseObject({
  paymentID: z.string().min(1),
  bkashURL: z.string().min(1),
  transactionStatus: z.string(),
  amount: wireText.optional(),
  currency: z.string().optional(),
  merchantInvoiceNumber: z.string().optional(),
});
export type CreateAnswer = z.infer<typeof createSchema>;

/** execute and payment/status answer the same shape; trxID exists only once the payment is executed. */
export const paymentSchema = z.looseObject({
  paymentID: z.string().min(1),
  transactionStatus: z.string(),
  trxID: z.string().optional(),
  amount: wireText.optional(),
  currency: z.string().optional(),
  merchantInvoiceNumber: z.string().optional(),
  payerReference: z.string().optional(),
  customerMsisdn: z.string().optional(),
});
export type PaymentAnswer = z.infer<typeof paymentSchema>;

/** The older refund and its status answer the same shape. */
export const refundSchema = z.looseObject({
  originalTrxID: z.string().min(1),
  refundTrxID: z.string().min(1),
  transactionStatus: z.string(),
  amount: wireText.optional(),
  currency: z.string().optional(),
  charge: wireText.optional(),
  completedTime: z.string().optional(),
});
export type RefundAnswer = z.infer<typeof refundSchema>;

/**
 * The current refund API's answer to a refund (bKash's documentation, "Refund Transaction"):
 * `{originalTrxId, refundTrxId, refundTransactionStatus: "Completed", refundAmount, completedTime}`.
 */
export const refundV2Schema = z.looseObject({
  originalTrxId: z.string().min(1),
  refundTrxId: z.string().min(1),
  refundTransactionStatus: z.string(),
  refundAmount: wireText.optional(),
  completedTime: z.string().optional(),
});
export type RefundV2Answer = z.infer<typeof refundV2Schema>;

/**
 * One refund in the refund status list. bKash's documentation lists refundTrxId,
 * refundTransactionStatus, refundAmount and completedTime; `sku` is not documented there, and is
 * read only if an answer carries it.
 */
export const refundEntrySchema = z.looseObject({
  refundTrxId: z.string().min(1),
  refundTransactionStatus: z.string(),
  refundAmount: wireText,
  completedTime: z.string().optional(),
  sku: z.string().optional(),
});
export type RefundEntry = z.infer<typeof refundEntrySchema>;

/**
 * The current refund API's status (bKash's documentation, "Refund Status"): the original
 * transaction and every refund of it, `{originalTrxId, originalTrxAmount,
 * originalTrxCompletedTime, refundTransactions: [...]}`. A transaction never refunded may come
 * without the list.
 */
export const refundStatusV2Schema = z.looseObject({
  originalTrxId: z.string().min(1),
  originalTrxAmount: wireText.optional(),
  originalTrxCompletedTime: z.string().optional(),
  refundTransactions: z.array(refundEntrySchema).optional(),
});
export type RefundStatusV2Answer = z.infer<typeof refundStatusV2Schema>;
