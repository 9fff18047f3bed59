import { z } from 'zod';

/**
 * The rail's wire protocol, as its documentation states it: paths, field names, status words,
 * refusal codes and the shapes of the answers we read. Nothing here calls anything; the client
 * (client.ts) and the simulator (simulator/app.ts) both build on it, so the two cannot drift apart.
 *
 * Copy this folder to gateways/<name>/ (docs/adding-a-payout-rail.md) and replace every value
 * here with the rail's own. This one is a plain JSON API over HTTPS with basic authentication:
 * pay a wallet once per our reference, look a transfer up by it, check an account, read the balance.
 */

/** The API paths the client calls, relative to the rail's base URL. */
export const PATHS = {
  /** POST `{accountNo}`: the holder's name and standing, or 404 ACCOUNT_NOT_FOUND. */
  accountCheck: '/v1/accounts/check',
  /** POST a transfer (TransferRequest): paid once per `reference`; a repeat is 409 DUPLICATE_REFERENCE. */
  transfers: '/v1/transfers',
  /** GET a transfer by our reference, or 404 TRANSFER_NOT_FOUND when the rail holds none. */
  transfer: (reference: string) => `/v1/transfers/${encodeURIComponent(reference)}`,
  /** GET the disbursement account's available balance. */
  balance: '/v1/balance',
} as const;

/** The only currency it pays in, and how it writes amounts: decimal taka strings ("1500.50"). */
export const CURRENCY = 'BDT';

/** A wallet number as the rail takes it: a Bangladeshi mobile number. */
export const ACCOUNT_NUMBER = /^01[3-9]\d{8}$/;

/** The rail's words for a transfer's state. */
export const TRANSFER_STATUS = { COMPLETED: 'COMPLETED', PENDING: 'PENDING', FAILED: 'FAILED' } as const;

/** The rail's words for an account's standing. */
export const ACCOUNT_STATUS = { ACTIVE: 'ACTIVE', BLOCKED: 'BLOCKED' } as const;

/**
 * The codes of its refusals (`{code, message}`, HTTP 4xx). The decline codes refuse this transfer
 * and leave nothing under its reference, so the same reference may be sent again once the cause is
 * gone; any other code refuses the request itself.
 */
export const REFUSAL_CODES = {
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  ACCOUNT_BLOCKED: 'ACCOUNT_BLOCKED',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  INVALID_REQUEST: 'INVALID_REQUEST',
  DUPLICATE_REFERENCE: 'DUPLICATE_REFERENCE',
  TRANSFER_NOT_FOUND: 'TRANSFER_NOT_FOUND',
  UNAUTHORISED: 'UNAUTHORISED',
  MAINTENANCE: 'MAINTENANCE',
} as const;

/** The authorization header every call carries: basic authentication with the API key and secret. */
export function basicAuthorization(apiKey: string, apiSecret: string): string {
  return `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
}

const amount = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/);

export const transferRequestSchema = z
  .object({
    reference: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    accountNo: z.string().regex(ACCOUNT_NUMBER),
    amount,
    currency: z.literal(CURRENCY),
    narrative: z.string().max(100).optional(),
  })
  .strict();
export type TransferRequest = z.infer<typeof transferRequestSchema>;

/** A transfer as a payment's answer and the lookup tell it. */
export const transferAnswerSchema = z.object({
  reference: z.string(),
  transferId: z.string().min(1),
  status: z.string(),
  accountNo: z.string(),
  amount,
  currency: z.string(),
  /** What the rail charged, taken from the account with the amount. */
  fee: amount.nullish(),
  completedAt: z.string().nullish(),
});
export type TransferAnswer = z.infer<typeof transferAnswerSchema>;

export const refusalSchema = z.object({ code: z.string(), message: z.string().nullish() });
export type Refusal = z.infer<typeof refusalSchema>;

export const accountCheckRequestSchema = z.object({ accountNo: z.string().regex(ACCOUNT_NUMBER) }).strict();

export const accountCheckAnswerSchema = z.object({
  accountNo: z.string(),
  holderName: z.string().nullish(),
  status: z.string(),
});
export type AccountCheckAnswer = z.infer<typeof accountCheckAnswerSchema>;

export const balanceAnswerSchema = z.object({
  available: z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/),
  currency: z.string(),
  asOf: z.string(),
});
export type BalanceAnswer = z.infer<typeof balanceAnswerSchema>;
