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

/**
 * The server's peppers: the current one hashes every new secret; the previous ones (a rotation
 * under way) still verify secrets hashed before it.
 */
export interface Peppers {
  current: string;
  previous: readonly string[];
}

/** A presented secret that matched: under the current pepper, or under a previous one. */
export type SecretVerdict = { under: 'current' } | { under: 'previous'; rehashed: string };

/**
 * Whether a presented secret matches its stored hash, and under which pepper. The current pepper
 * is tried first and alone, so a key hashed under it costs one HMAC, as before any rotation. Only
 * a mismatch tries the previous peppers, every one of them whatever matched, so an unknown key
 * and a wrong secret still cost the same work. A match under a previous pepper comes with the hash
 * to store instead: the secret's under the current pepper.
 */
export function verifySecret(secret: string, storedHash: string, peppers: Peppers): SecretVerdict | null {
  if (secretMatches(secret, storedHash, peppers.current)) return { under: 'current' };
  let matched = false;
  for (const pepper of peppers.previous) matched = secretMatches(secret, storedHash, pepper) || matched;
  return matched ? { under: 'previous', rehashed: hashSecret(secret, peppers.current) } : null;
}

/** Same work as a real check, for unknown keys, so both failures take the same time. */
export const UNKNOWN_KEY_HASH = '0'.repeat(64);

export function modeOfKey(apiKey: string): Mode | null {
  if (apiKey.startsWith('oi_test_')) return 'TEST';
  if (apiKey.startsWith('oi_live_')) return 'LIVE';
  return null;
}
