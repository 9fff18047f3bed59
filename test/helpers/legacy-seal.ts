import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A value sealed as the service sealed them before SEALING_KEYS (`v1.<iv>.<tag>.<body>`, one key
 * derived from CREDENTIAL_PEPPER, bound to nothing): the data an upgraded database still holds.
 */
export function sealTheFirstWay(plaintext: string, pepper: string): string {
  const key = Buffer.from(hkdfSync('sha256', pepper, 'oi-payments', 'webhook-secret-seal', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}
