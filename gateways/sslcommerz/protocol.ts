import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayTransaction, RefundResult } from '../types.js';

/** SSLCOMMERZ v4 wire protocol: names, statuses and the IPN signature. Pure, no I/O. */

export const PATHS = {
  session: '/gwprocess/v4/api.php',
  validation: '/validator/api/validationserverAPI.php',
  merchantTransId: '/validator/api/merchantTransIDvalidationAPI.php',
} as const;

export const CREDENTIAL_FIELDS = ['store_id', 'store_passwd'] as const;

/** Fields no log line may show. */
export const SECRET_FIELDS = ['store_passwd', 'verify_sign', 'verify_sign_sha2'] as const;

export const SESSION_REQUIRED_FIELDS = [
  'total_amount',
  'currency',
  'tran_id',
  'success_url',
  'fail_url',
  'cancel_url',
  'product_name',
  'product_category',
  'product_profile',
  'cus_name',
  'cus_email',
  'cus_add1',
  'cus_city',
  'cus_postcode',
  'cus_country',
  'cus_phone',
  'shipping_method',
] as const;

/** Only required when `shipping_method=YES`. */
export const SHIPPING_REQUIRED_FIELDS = [
  'num_of_item',
  'ship_name',
  'ship_add1',
  'ship_city',
  'ship_postcode',
  'ship_country',
] as const;

export const PRODUCT_PROFILES = [
  'general',
  'physical-goods',
  'non-physical-goods',
  'airline-tickets',
  'travel-vertical',
  'telecom-vertical',
] as const;

export const SHIPPING_METHODS = ['YES', 'NO', 'Courier', 'SSLCOMMERZ_LOGISTIC'] as const;

export const PASS_THROUGH_FIELDS = ['value_a', 'value_b', 'value_c', 'value_d'] as const;

/** The keys real IPNs list in `verify_key` (2020 onwards), already in byte order. */
export const IPN_FIELDS = [
  'amount',
  'bank_tran_id',
  'base_fair',
  'card_brand',
  'card_issuer',
  'card_issuer_country',
  'card_issuer_country_code',
  'card_no',
  'card_sub_brand',
  'card_type',
  'currency',
  'currency_amount',
  'currency_rate',
  'currency_type',
  'error',
  'risk_level',
  'risk_title',
  'status',
  'store_amount',
  'store_id',
  'tran_date',
  'tran_id',
  'val_id',
  'value_a',
  'value_b',
  'value_c',
  'value_d',
] as const;

export type IpnField = (typeof IPN_FIELDS)[number];

export const SIGNATURE_FIELDS = {
  key: 'verify_key',
  md5: 'verify_sign',
  sha2: 'verify_sign_sha2',
} as const;

/**
 * Fields that decide what a callback means. A sender could otherwise replay a genuine signature with a
 * `verify_key` that leaves these out and then change them freely.
 */
const MUST_BE_SIGNED = ['status', 'tran_id', 'val_id', 'amount', 'currency', 'store_id'] as const;

export const SESSION_STATUS = { SUCCESS: 'SUCCESS', FAILED: 'FAILED' } as const;

export const IPN_STATUS = {
  VALID: 'VALID',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  EXPIRED: 'EXPIRED',
  UNATTEMPTED: 'UNATTEMPTED',
} as const;
export type IpnStatus = (typeof IPN_STATUS)[keyof typeof IPN_STATUS];

export const VALIDATOR_STATUS = {
  VALID: 'VALID',
  VALIDATED: 'VALIDATED',
  INVALID_TRANSACTION: 'INVALID_TRANSACTION',
} as const;
export type ValidatorStatus = (typeof VALIDATOR_STATUS)[keyof typeof VALIDATOR_STATUS];

/** Only the query-by-sessionkey API reports a session nobody has paid yet. */
export const PENDING_STATUS = 'PENDING';

export const API_CONNECT = {
  DONE: 'DONE',
  INVALID_REQUEST: 'INVALID_REQUEST',
  INACTIVE: 'INACTIVE',
  FAILED: 'FAILED',
} as const;

export const REFUND_STATUS = {
  SUCCESS: 'success',
  PROCESSING: 'processing',
  REFUNDED: 'refunded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
} as const;

export const STORE_CREDENTIAL_ERROR = 'Store Credential Error Or Store is De-active';

/** Our reading of a status from an IPN, the validator or the transaction query. */
export function outcomeOf(status: string): GatewayTransaction['outcome'] {
  switch (status) {
    case VALIDATOR_STATUS.VALID:
    case VALIDATOR_STATUS.VALIDATED:
      return 'SUCCEEDED';
    case IPN_STATUS.FAILED:
      return 'FAILED';
    case IPN_STATUS.CANCELLED:
      return 'CANCELLED';
    case IPN_STATUS.EXPIRED:
      return 'EXPIRED';
    // The customer has not tried to pay yet, so the payment may still succeed.
    case IPN_STATUS.UNATTEMPTED:
    case PENDING_STATUS:
      return 'PENDING';
    default:
      return 'UNKNOWN';
  }
}

/** Refund statuses from initiation and status query; `null` for one we do not know. */
export function refundOutcomeOf(status: string): RefundResult['status'] | null {
  switch (status) {
    case REFUND_STATUS.REFUNDED:
      return 'SUCCEEDED';
    // `success` only means the request was accepted; the money moves later.
    case REFUND_STATUS.SUCCESS:
    case REFUND_STATUS.PROCESSING:
      return 'PROCESSING';
    case REFUND_STATUS.FAILED:
    case REFUND_STATUS.CANCELLED:
      return 'FAILED';
    default:
      return null;
  }
}

export type IpnFields = Readonly<Record<string, string | undefined>>;

export interface IpnSignature {
  verify_key: string;
  verify_sign: string;
  verify_sign_sha2: string;
}

type Algorithm = 'md5' | 'sha256';

function hex(algorithm: Algorithm, text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Absent keys are skipped, as the official PHP library does; empty values are kept. */
function signedString(fields: IpnFields, keys: readonly string[], passwordHash: string): string {
  const data = new Map<string, string>();
  for (const key of keys) {
    const value = fields[key];
    if (value !== undefined) data.set(key, value);
  }
  data.set('store_passwd', passwordHash);
  return [...data.keys()]
    .sort(byteOrder)
    .map((key) => `${key}=${data.get(key)}`)
    .join('&');
}

function digest(algorithm: Algorithm, fields: IpnFields, keys: readonly string[], password: string): string {
  return hex(algorithm, signedString(fields, keys, hex(algorithm, password)));
}

function parseVerifyKey(verifyKey: string): string[] {
  return [...new Set(verifyKey.split(',').filter((key) => key.length > 0))];
}

/**
 * Signs an IPN the way SSLCOMMERZ does. `keys` defaults to every IPN field present in `fields`.
 */
export function signIpn(fields: IpnFields, storePassword: string, keys?: readonly string[]): IpnSignature {
  const signedKeys = keys ?? IPN_FIELDS.filter((key) => fields[key] !== undefined);
  return {
    verify_key: signedKeys.join(','),
    verify_sign: digest('md5', fields, signedKeys, storePassword),
    verify_sign_sha2: digest('sha256', fields, signedKeys, storePassword),
  };
}

function sameHex(expected: string, received: string | undefined): boolean {
  if (!received) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.trim().toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A cheap first filter for callbacks: the validation API stays the authority.
 * Either hash may match: the sha2 construction is undocumented, so neither is trusted to be the only one.
 */
export function verifyIpnSignature(fields: IpnFields, storePassword: string): boolean {
  const verifyKey = fields[SIGNATURE_FIELDS.key];
  if (!verifyKey || !fields[SIGNATURE_FIELDS.md5]) return false;
  const keys = parseVerifyKey(verifyKey);
  if (keys.length === 0) return false;
  if (MUST_BE_SIGNED.some((key) => fields[key] !== undefined && !keys.includes(key))) return false;
  const md5 = sameHex(digest('md5', fields, keys, storePassword), fields[SIGNATURE_FIELDS.md5]);
  const sha2 = sameHex(digest('sha256', fields, keys, storePassword), fields[SIGNATURE_FIELDS.sha2]);
  return md5 || sha2;
}
