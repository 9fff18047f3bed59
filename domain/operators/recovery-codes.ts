import { createHash, randomBytes } from 'node:crypto';

/**
 * Recovery codes: ten single-use codes shown once at enrolment, for an operator without their
 * phone. Each carries 60 random bits, so a fast digest (SHA-256) is enough to keep them unreadable
 * at rest: unlike passwords, nobody chooses them.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function randomGroup(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

export function newRecoveryCodes(): string[] {
  return Array.from(
    { length: RECOVERY_CODE_COUNT },
    () => `${randomGroup(4)}-${randomGroup(4)}-${randomGroup(4)}`,
  );
}

/** A code as typed may differ in case, spaces and dashes. */
export function recoveryCodeDigest(entered: string): string {
  const canonical = entered.toLowerCase().replace(/[^a-z0-9]/g, '');
  return createHash('sha256').update(`recovery-code\n${canonical}`).digest('hex');
}

/** Looks like a recovery code rather than a six-digit TOTP code. */
export function isRecoveryCodeShape(entered: string): boolean {
  return entered.replace(/[^a-z0-9]/gi, '').length === 12;
}
