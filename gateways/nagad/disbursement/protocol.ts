import { z } from 'zod';
import { sealedSchema } from '../protocol.js';

/**
 * Nagad merchant disbursement (business to customer wallet): paths, field names, statuses and
 * reason codes, pure and without I/O. Nagad publishes no disbursement reference; what third-party
 * clients show (polygontech/nagad-disbursement) is followed where it speaks: the `v-0.2.0` headers
 * of the checkout, RSA-sealed `sensitiveData` signed SHA256withRSA by the merchant, amounts as
 * decimal taka strings with currency "050", a transaction's `issuerTxnId`, `status: "COMPLETED"`
 * and the merchant's remaining `merchantBalance` in a disbursement's answer. The rest (the paths,
 * the account check and balance calls, the reason codes) is ours, kept in the checkout's style;
 * docs/processes/payout-rails.md says which is which.
 */

/** The base path the simulator serves the API under (the sandbox's would be configured instead). */
export const DISBURSEMENT_BASE_PATH = '/disbursement-api-1.0/api/dfs';

export const DISBURSEMENT_PATHS = {
  accountCheck: (merchantId: string) => `/disbursement/account/check/${encodeURIComponent(merchantId)}`,
  disburse: (merchantId: string, orderId: string) =>
    `/disbursement/transfer/${encodeURIComponent(merchantId)}/${encodeURIComponent(orderId)}`,
  status: (merchantId: string, orderId: string) =>
    `/disbursement/status/${encodeURIComponent(merchantId)}/${encodeURIComponent(orderId)}`,
  balance: (merchantId: string) => `/disbursement/balance/${encodeURIComponent(merchantId)}`,
} as const;

/** A Nagad wallet is an 11-digit Bangladeshi mobile number. */
export const WALLET_NUMBER = /^01[3-9]\d{8}$/;

/** What a disbursement answer and the status call say of a transfer. */
export const TRANSFER_STATUS = {
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  PROCESSING: 'PROCESSING',
  /** Status call only: nothing was ever taken under this orderId. */
  NOT_FOUND: 'NOT_FOUND',
} as const;
export type TransferStatus = (typeof TRANSFER_STATUS)[keyof typeof TRANSFER_STATUS];

/** A wallet's standing as the account check tells it. */
export const ACCOUNT_STATUS = { ACTIVE: 'ACTIVE', BLOCKED: 'BLOCKED' } as const;
export type AccountStatus = (typeof ACCOUNT_STATUS)[keyof typeof ACCOUNT_STATUS];

/** KYC levels: a fully verified customer, or one whose identity Nagad has not verified (lower limits). */
export const KYC_STATUSES = ['FULL_KYC', 'UNVERIFIED'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

/**
 * Nagad's `reason` for refusing a disbursement: each is a decline of this transfer (nothing moved,
 * nothing recorded under the orderId, so the same orderId may be sent again once the cause is gone).
 */
export const DECLINE_REASONS = {
  INSUFFICIENT_BALANCE: 'INSUFFICIENT_MERCHANT_BALANCE',
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  ACCOUNT_BLOCKED: 'ACCOUNT_BLOCKED',
  TXN_LIMIT_EXCEEDED: 'TXN_AMOUNT_LIMIT_EXCEEDED',
  DAILY_LIMIT_EXCEEDED: 'DAILY_AMOUNT_LIMIT_EXCEEDED',
  AMOUNT_TOO_SMALL: 'MIN_TXN_AMOUNT_NOT_MET',
} as const;

/** A second disbursement under an orderId Nagad has already paid. */
export const DUPLICATE_ORDER_ID = 'DUPLICATE_ORDER_ID';

const wireText = z.union([z.string(), z.number()]).transform(String);

/** Every request body: the merchant's sealed plaintext, and its Bangladesh date-time stamp. */
export const requestSchema = sealedSchema.extend({ dateTime: z.string() });

export const accountCheckPlaintextSchema = z.object({
  merchantId: z.string().min(1),
  datetime: z.string(),
  accountNo: z.string().min(1),
});
export type AccountCheckPlaintext = z.infer<typeof accountCheckPlaintextSchema>;

export const accountCheckAnswerSchema = z.object({
  accountNo: wireText,
  accountName: z.string().nullish(),
  accountStatus: z.string(),
  kycStatus: z.string().nullish(),
});
export type AccountCheckAnswer = z.infer<typeof accountCheckAnswerSchema>;

/**
 * Kept under one RSA block (245 bytes for a 2048-bit key), as every sealed plaintext must be:
 * the narrative travels in the clear body beside it, not in here.
 */
export const disbursePlaintextSchema = z.object({
  merchantId: z.string().min(1),
  orderId: z.string().min(1),
  datetime: z.string(),
  accountNo: z.string().min(1),
  amount: z.string(),
  currencyCode: z.string(),
});
export type DisbursePlaintext = z.infer<typeof disbursePlaintextSchema>;

export const disburseRequestSchema = requestSchema.extend({
  description: z.string().max(100).optional(),
});

export const statusPlaintextSchema = z.object({
  merchantId: z.string().min(1),
  orderId: z.string().min(1),
  datetime: z.string(),
});
export type StatusPlaintext = z.infer<typeof statusPlaintextSchema>;

/** A disbursement's answer and the status call's: the transfer as Nagad holds it. */
export const transferAnswerSchema = z.object({
  orderId: wireText,
  status: z.string(),
  issuerTxnId: wireText.nullish(),
  amount: wireText.nullish(),
  accountNo: wireText.nullish(),
  issuerTxnDateTime: wireText.nullish(),
  merchantBalance: wireText.nullish(),
  fee: wireText.nullish(),
});
export type TransferAnswer = z.infer<typeof transferAnswerSchema>;

export const balancePlaintextSchema = z.object({ merchantId: z.string().min(1), datetime: z.string() });
export type BalancePlaintext = z.infer<typeof balancePlaintextSchema>;

export const balanceAnswerSchema = z.object({
  merchantId: wireText,
  availableBalance: wireText,
  currencyCode: wireText,
  balanceDateTime: wireText,
});
export type BalanceAnswer = z.infer<typeof balanceAnswerSchema>;
