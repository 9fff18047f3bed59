import type { EntityManager } from '@mikro-orm/postgresql';
import { LOGIN_THROTTLE, delayAfterFailures } from '../../domain/operators/login-throttle.js';

export type ThrottleClaim = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Takes one sign-in attempt for (email, client), atomically: under the row's lock it refuses while
 * the client must still wait, and otherwise counts this attempt as a failure in advance (with the
 * wait that failure earns). A burst of parallel guesses therefore gets no more attempts than the
 * same guesses one after another. A right password clears the count (`clearLoginFailures`).
 */
export async function claimLoginAttempt(
  em: EntityManager,
  input: { email: string; client: string; now: Date },
): Promise<ThrottleClaim> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const client = input.client.slice(0, 300);
  return em.transactional(async (tx) => {
    await tx.execute(
      'insert into login_throttles (email, client) values (?, ?) on conflict (email, client) do nothing',
      [email, client],
    );
    const [row] = await tx.execute<
      Array<{ failures: number; last_failure_at: Date | null; next_attempt_at: Date | null }>
    >(
      'select failures, last_failure_at, next_attempt_at from login_throttles where email = ? and client = ? for update',
      [email, client],
    );
    const at = input.now.getTime();
    const forgotten =
      !row?.last_failure_at || at - new Date(row.last_failure_at).getTime() > LOGIN_THROTTLE.forgetAfterMs;
    const failures = forgotten ? 0 : Number(row.failures);
    // Only a wait the failures earned holds an attempt back. Attempts side by side each read their
    // clock before they queue for this row's lock, so one may find the row written a moment after
    // its own `now`: within the free failures that is no reason to refuse it.
    const nextAttempt =
      forgotten || !row?.next_attempt_at || delayAfterFailures(failures) === 0
        ? 0
        : new Date(row.next_attempt_at).getTime();
    if (nextAttempt > at) return { allowed: false, retryAfterMs: nextAttempt - at };
    const counted = failures + 1;
    await tx.execute(
      'update login_throttles set failures = ?, last_failure_at = ?, next_attempt_at = ? where email = ? and client = ?',
      [counted, input.now, new Date(at + delayAfterFailures(counted)), email, client],
    );
    return { allowed: true };
  });
}

/** The attempt proved the password (and second factor): the client starts afresh. */
export async function clearLoginFailures(em: EntityManager, email: string, client: string): Promise<void> {
  await em.execute('delete from login_throttles where email = ? and client = ?', [
    email.trim().toLowerCase().slice(0, 254),
    client.slice(0, 300),
  ]);
}
