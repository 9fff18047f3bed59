import { z } from 'zod';
import type { GatewayTransaction } from '../types.js';

/**
 * Nagad merchant API (`X-KM-Api-Version: v-0.2.0`) wire protocol: paths, headers, field names,
 * statuses and the shapes we read. Pure, no I/O. Sources: Nagad's PHP sample (2019) and
 * third-party clients; see the gateway reference, section 3.
 */

/**
 * The path the sandbox serves the API under (`http://sandbox.mynagad.com:10080` + this; live is
 * `https://api.mynagad.com/api/dfs`), and so the simulator too.
 */
export const SANDBOX_BASE_PATH = '/remote-payment-gateway-1.0/api/dfs';

export const PATHS = {
  initialize: (merchantId: string, orderId: string) =>
    `/check-out/initialize/${encodeURIComponent(merchantId)}/${encodeURIComponent(orderId)}`,
  complete: (paymentReferenceId: string) => `/check-out/complete/${encodeURIComponent(paymentReferenceId)}`,
  verify: (paymentRefId: string) => `/verify/payment/${encodeURIComponent(paymentRefId)}`,
} as const;

export const API_VERSION = 'v-0.2.0';

export const HEADERS = {
  apiVersion: 'X-KM-Api-Version',
  clientIp: 'X-KM-IP-V4',
  clientType: 'X-KM-Client-Type',
} as const;

export const CLIENT_TYPES = ['PC_WEB', 'MOBILE_WEB', 'MOBILE_APP', 'WALLET_WEB_VIEW', 'BILL_KEY'] as const;
/** A web checkout opened from a browser; Nagad's page adapts to the device itself. */
export const CLIENT_TYPE = 'PC_WEB';

/** ISO-4217 numeric code of BDT, the only currency Nagad takes. */
export const CURRENCY_CODE = '050';

/** Nagad's sample sends a random 40-character challenge of letters and digits. */
export const CHALLENGE_LENGTH = 40;

/** Verify statuses. Success and Aborted are seen in real answers; Failed and Pending only in third-party code. */
export const STATUS = {
  SUCCESS: 'Success',
  ABORTED: 'Aborted',
  FAILED: 'Failed',
  PENDING: 'Pending',
} as const;
export type NagadStatus = (typeof STATUS)[keyof typeof STATUS];

/** The query Nagad adds to merchantCallbackURL when it sends the customer back. */
export const CALLBACK_FIELDS = {
  merchant: 'merchant',
  orderId: 'order_id',
  paymentRefId: 'payment_ref_id',
  status: 'status',
  statusCode: 'status_code',
  message: 'message',
  paymentDateTime: 'payment_dt',
  issuerPaymentRef: 'issuer_payment_ref',
} as const;

/** Our reading of a verify status. */
export function outcomeOf(status: string): GatewayTransaction['outcome'] {
  switch (status) {
    case STATUS.SUCCESS:
      return 'SUCCEEDED';
    case STATUS.ABORTED:
      return 'CANCELLED';
    case STATUS.FAILED:
      return 'FAILED';
    case STATUS.PENDING:
      return 'PENDING';
    default:
      return 'UNKNOWN';
  }
}

const DHAKA_OFFSET_MS = 6 * 60 * 60 * 1000;

/** Bangladesh time (UTC+6, no daylight saving) as Nagad writes it: "YYYYMMDDHHmmss". */
export function dhakaDateTime(date: Date): string {
  return new Date(date.getTime() + DHAKA_OFFSET_MS).toISOString().slice(0, 19).replace(/\D/g, '');
}

/** The instant a "YYYYMMDDHHmmss" Bangladesh time names, or null for anything else. */
export function parseDhakaDateTime(value: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) - DHAKA_OFFSET_MS;
  const date = new Date(utc);
  return dhakaDateTime(date) === value ? date : null;
}

/** Encrypted and signed JSON, in both directions of initialize and complete. */
export const sealedSchema = z.object({ sensitiveData: z.string().min(1), signature: z.string().min(1) });
export type Sealed = z.infer<typeof sealedSchema>;

export const initializeRequestSchema = sealedSchema.extend({
  accountNumber: z.string().min(1),
  dateTime: z.string(),
});

export const initializePlaintextSchema = z.object({
  merchantId: z.string().min(1),
  datetime: z.string(),
  orderId: z.string().min(1),
  challenge: z.string().min(1),
});
export type InitializePlaintext = z.infer<typeof initializePlaintextSchema>;

export const initializeAnswerSchema = z.object({
  paymentReferenceId: z.string().min(1),
  challenge: z.string().min(1),
  acceptDateTime: z.string().optional(),
});
export type InitializeAnswer = z.infer<typeof initializeAnswerSchema>;

export const completeRequestSchema = sealedSchema.extend({
  merchantCallbackURL: z.string().min(1),
  additionalMerchantInfo: z.record(z.string(), z.unknown()).optional(),
});

export const completePlaintextSchema = z.object({
  merchantId: z.string().min(1),
  orderId: z.string().min(1),
  currencyCode: z.string(),
  amount: z.string(),
  challenge: z.string().min(1),
});
export type CompletePlaintext = z.infer<typeof completePlaintextSchema>;

/** Complete answers in plain JSON, unsigned: the redirect it names is checked against known origins. */
export const completeAnswerSchema = z.object({ status: z.string(), callBackUrl: z.string().optional() });

const wireText = z.union([z.string(), z.number()]).transform(String);

/** Verify answers in plain JSON, unsigned; nullable where real answers leave fields empty. */
export const verifyAnswerSchema = z.object({
  merchantId: wireText,
  orderId: wireText,
  paymentRefId: wireText,
  amount: wireText.nullable(),
  status: z.string(),
  statusCode: wireText.nullish(),
  issuerPaymentRefNo: wireText.nullish(),
  issuerPaymentDateTime: wireText.nullish(),
  clientMobileNo: z.string().nullish(),
  merchantMobileNo: z.string().nullish(),
  orderDateTime: wireText.nullish(),
  additionalMerchantInfo: z.unknown().optional(),
  cancelIssuerDateTime: wireText.nullish(),
  cancelIssuerRefNo: wireText.nullish(),
});
export type VerifyAnswer = z.infer<typeof verifyAnswerSchema>;

/** How Nagad refuses a request; the HTTP status it comes with is not documented. */
export const errorSchema = z.object({
  reason: wireText,
  message: wireText,
  devMessage: wireText.nullish(),
});
export type ErrorBody = z.infer<typeof errorSchema>;
