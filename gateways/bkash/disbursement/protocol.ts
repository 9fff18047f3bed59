import { z } from 'zod';

/**
 * bKash's disbursement (business-to-customer, "B2C payout") wire protocol: paths, codes and the
 * shapes of the answers we read. The company's disbursement account pays a customer's wallet; the
 * token grant is the checkout's (username and password headers, app key and secret in the body).
 * Pure, no I/O. Nothing outside gateways/bkash/disbursement/ names these.
 */

export const API_VERSION = 'v1.2.0-beta';

const BASE = `/${API_VERSION}/checkout`;

/** Every call is a JSON POST carrying the id_token and the app key, as checkout calls do. */
export const DISBURSEMENT_PATHS = {
  grant: `${BASE}/token/grant`,
  refresh: `${BASE}/token/refresh`,
  /** Pays `amount` from the disbursement account to `receiverMSISDN`, once per merchantInvoiceNumber. */
  transfer: `${BASE}/payment/b2cPayment`,
  /** A transfer by merchantInvoiceNumber or trxID. */
  query: `${BASE}/payment/b2cQuery`,
  /** What the disbursement account holds. */
  balance: `${BASE}/payment/queryOrganizationBalance`,
  /** A wallet's holder name, KYC level and state, before paying it. */
  verifyWallet: `${BASE}/payment/b2cVerifyWallet`,
} as const;

export const CURRENCY = 'BDT';
export const SUCCESS_CODE = '0000';
export const SUCCESS_MESSAGE = 'Successful';

export const TRANSFER_STATUS = { COMPLETED: 'Completed', FAILED: 'Failed' } as const;

/**
 * The codes a disbursement answers with in `statusCode`; the limit codes are the ones the
 * disbursement account's own limits are refused with.
 */
export const DISBURSEMENT_CODES = {
  INVALID_APP_KEY: '2001',
  INVALID_AMOUNT: '2006',
  INVALID_CURRENCY: '2007',
  INVALID_RECEIVER: '2012',
  INSUFFICIENT_BALANCE: '2023',
  INVALID_REQUEST: '2025',
  DUPLICATE: '2029',
  INVALID_INVOICE: '2031',
  TRANSACTION_NOT_FOUND: '2033',
  RECEIVER_BLOCKED: '2039',
  RECEIVER_UNKNOWN: '2045',
  PER_TRANSACTION_LIMIT: '2081',
  DAILY_LIMIT: '2082',
  MANDATORY_FIELD_MISSING: '2065',
  SYSTEM_ERROR: '9999',
  MAINTENANCE: '503',
} as const;
export type DisbursementCode = (typeof DISBURSEMENT_CODES)[keyof typeof DISBURSEMENT_CODES];

export const DISBURSEMENT_MESSAGES: Record<DisbursementCode, string> = {
  '2001': 'Invalid App Key',
  '2006': 'Invalid amount',
  '2007': 'Invalid currency',
  '2012': 'Invalid Receiver MSISDN',
  '2023': 'Insufficient Balance',
  '2025': 'Invalid request body',
  '2029': 'Duplicate for all transactions',
  '2031': 'Invalid merchant invoice number',
  '2033': 'Transaction not found',
  '2039': 'The account of the credit party is in a state which prohibits execution of this transaction',
  '2045': 'The MSISDN of the customer does not exist',
  '2081': 'Amount exceeds the per transaction limit',
  '2082': 'Amount exceeds the daily limit',
  '2065': 'Mandatory field missing',
  '9999': 'System Error',
  '503': 'System is undergoing maintenance. Please try again later',
};

/** Bangladeshi mobile numbers as bKash takes them: 01, an operator digit 3–9, eight digits. */
export const MSISDN_PATTERN = /^01[3-9]\d{8}$/;

const wireText = z.union([z.string(), z.number()]).transform(String);

export const envelopeSchema = z.looseObject({
  statusCode: wireText.optional(),
  statusMessage: z.string().optional(),
  errorCode: wireText.optional(),
  errorMessage: z.string().optional(),
});

export const transferSchema = z.looseObject({
  trxID: z.string().min(1),
  transactionStatus: z.string(),
  amount: wireText,
  currency: z.string(),
  receiverMSISDN: z.string(),
  merchantInvoiceNumber: z.string(),
  completedTime: z.string().optional(),
  b2cFee: wireText.optional(),
});
export type TransferAnswer = z.infer<typeof transferSchema>;

export const balanceSchema = z.looseObject({
  organizationBalance: z
    .array(
      z.looseObject({
        accountTypeName: z.string(),
        accountStatus: z.string().optional(),
        currentBalance: wireText,
        availableBalance: wireText,
        currency: z.string(),
        updateTime: z.string().optional(),
      }),
    )
    .min(1),
});
export type BalanceAnswer = z.infer<typeof balanceSchema>;

export const walletSchema = z.looseObject({
  receiverMSISDN: z.string(),
  accountHolderName: z.string().nullable().optional(),
  kycStatus: z.string().nullable().optional(),
  walletStatus: z.string(),
});
export type WalletAnswer = z.infer<typeof walletSchema>;

/** The wallet states verifyWallet answers with. */
export const WALLET_STATUS = { ACTIVE: 'Active', BLOCKED: 'Blocked', NOT_FOUND: 'NotFound' } as const;
