import { createHmac } from 'node:crypto';

/**
 * Stripe's webhook signature: hex HMAC-SHA256 of "<t>.<raw body>", keyed by the whole signing
 * secret string, `whsec_` included.
 */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}
