import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The gateway's wire protocol, as its documentation states it: paths, field names, status words
 * and how it signs what it sends. Nothing here calls anything; the client (client.ts) and the
 * simulator (simulator/app.ts) both build on it, so the two cannot drift apart.
 *
 * Copy this folder to gateways/<name>/ and replace every value here with the gateway's own.
 */

/** The API paths the client calls, relative to the gateway's base URL. */
export const PATHS = {
  session: '/api/checkout/sessions',
  transaction: '/api/transactions',
  refund: '/api/refunds',
} as const;

/** The gateway's words for a transaction's state, as its query API reports them. */
export const TRANSACTION_STATUS = {
  PAID: 'PAID',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  PENDING: 'PENDING',
} as const;

/** The header its server-to-server notifications are signed in. */
export const SIGNATURE_HEADER = 'x-template-signature';

/**
 * Wire fields that carry a secret or a signature: the module hands them to the log redaction
 * (GatewayModule.secretWireFields), so no log line ever holds one.
 */
export const SECRET_FIELDS = ['apiKey', 'webhookSecret', SIGNATURE_HEADER] as const;

/** The signature of a notification body: what the simulator sends and the client checks. */
export function signNotification(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Whether a notification's signature is the one its body and the shared secret make (in constant time). */
export function verifyNotification(rawBody: string, signature: string | undefined, secret: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signNotification(rawBody, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
