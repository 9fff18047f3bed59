import { createHmac } from 'node:crypto';

/**
 * The signing secret `oi-payments listen` signs forwarded events with, unless one is given:
 * derived from the API secret, so it stays the same run after run on every laptop with the same
 * credentials (put it in the local receiver's settings once), changes when the credential is
 * rotated, and reveals nothing of the API secret. It is never an endpoint's real secret: those
 * stay with the service.
 */
export function listenSigningSecret(apiSecret: string): string {
  const key = createHmac('sha256', apiSecret).update('oi-payments listen signing secret v1').digest();
  return `whsec_${key.toString('base64')}`;
}
