/**
 * A ceiling on wrong second-factor codes per operator, whatever the client's address: per-client
 * throttling alone lets anyone who knows the password and can change their address (or sits behind
 * many) keep guessing six digits. After `maxFailures` wrong codes in a row following a right
 * password, the operator's sign-in is locked for `lockMs`; a right code clears the count.
 */
export interface CodeCeiling {
  maxFailures: number;
  lockMs: number;
}

export const DEFAULT_CODE_CEILING: CodeCeiling = { maxFailures: 10, lockMs: 15 * 60_000 };

/** What a wrong code leads to: the count after it, and whether it locks the operator now. */
export function afterWrongCode(
  failuresBefore: number,
  ceiling: CodeCeiling,
): { failures: number; locks: boolean } {
  const failures = failuresBefore + 1;
  return failures >= ceiling.maxFailures ? { failures: 0, locks: true } : { failures, locks: false };
}
