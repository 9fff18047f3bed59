import { MIN_PASSWORD_LENGTH } from './passwords.js';

/**
 * What a new operator password must be: long (at least 12 characters, at most 1,024), not the
 * operator's email or its name part, and not one of the passwords every guessing list starts with.
 * Length does the real work; the short list only stops the obvious.
 */
export const MAX_PASSWORD_LENGTH = 1024;

const COMMON = new Set([
  '123456789012',
  '1234567890123',
  'password1234',
  'password12345',
  'passwordpassword',
  'qwertyuiopas',
  'qwerty123456',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'administrator',
  'changeme1234',
  'oipayments123',
  'oi-payments-admin',
]);

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lowered = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const name = address.split('@')[0] ?? '';
  if (lowered === address || (name.length > 0 && lowered === name)) return 'must not be your email';
  if (COMMON.has(lowered) || /^(.)\1+$/.test(password)) return 'is too common; choose a longer phrase';
  return null;
}
