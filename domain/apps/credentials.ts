import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../shared/ids.js';
import type { Mode } from '../shared/mode.js';

/**
 * API credentials: a public key (the lookup handle) and a secret shown once.
 * Only an HMAC-SHA256 of the secret under a server pepper is stored: a leaked table alone
 * cannot be used, and verifying costs microseconds (no slow password hash per request).
 */
export interface IssuedCredential {
  mode: Mode;
  apiKey: string;
  secret: string;
}

export function issueCredential(mode: Mode): IssuedCredential {
  const prefix = mode === 'TEST' ? 'oi_test_' : 'oi_live_';
  return {
    mode,
    apiKey: prefix + randomToken(24),
    secret: `${prefix}sk_${randomBytes(32).toString('base64url')}`,
  };
}

export function hashSecret(secret: string, pepper: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string, pepper: string): boolean {
  const presented = Buffer.from(hashSecret(secret, pepper), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Same work as a real check, for unknown keys, so both failures take the same time. */
export const UNKNOWN_KEY_HASH = '0'.repeat(64);

export function modeOfKey(apiKey: string): Mode | null {
  if (apiKey.startsWith('oi_test_')) return 'TEST';
  if (apiKey.startsWith('oi_live_')) return 'LIVE';
  return null;
}
