import type { EntityManager } from '@mikro-orm/postgresql';
import {
  LEDGER_VERIFICATION_INTERVAL_MS,
  verificationWaitMs,
} from '../../domain/ledger/ledger-verification-throttle.js';
import type { Row } from '../../platform/orm/row-values.js';

/** The gate taken (this caller verifies now), or when the next may and what the last one found. */
export type LedgerVerifyGate<T> = { taken: true } | { taken: false; retryAfterMs: number; last: T | null };

/**
 * Takes the deployment's one full-ledger verification of the interval, at `now` (the caller's
 * clock): one statement, an insert-on-conflict on the gate's single row, so of callers racing on
 * any API process or worker exactly one takes it. The others learn how long to wait (never more
 * than the interval, whatever clock wrote the last start) and the last verification recorded.
 */
export async function takeLedgerVerification<T>(
  em: EntityManager,
  now: Date,
  intervalMs = LEDGER_VERIFICATION_INTERVAL_MS,
): Promise<LedgerVerifyGate<T>> {
  const taken = await em.execute<Row[]>(
    `insert into ledger_verify_gate (id, last_started_at) values (1, ?)
     on conflict (id) do update set last_started_at = excluded.last_started_at
      where ledger_verify_gate.last_started_at <= excluded.last_started_at - make_interval(secs => ?)
     returning id`,
    [now, intervalMs / 1000],
  );
  if (taken.length > 0) return { taken: true };
  const [row] = await em.execute<Row[]>(
    'select last_started_at, last_verification from ledger_verify_gate where id = 1',
  );
  const lastStartedAt = new Date(String(row!.last_started_at)).getTime();
  const wait = Math.min(intervalMs, verificationWaitMs(lastStartedAt, now.getTime(), intervalMs));
  const last = row!.last_verification;
  return {
    taken: false,
    retryAfterMs: Math.max(1, wait),
    last: last == null ? null : ((typeof last === 'string' ? JSON.parse(last) : last) as T),
  };
}

/** What the verification that took the gate found, for every door that is told to wait to show. */
export async function recordLastVerification(em: EntityManager, verification: unknown): Promise<void> {
  await em.execute('update ledger_verify_gate set last_verification = ?::jsonb where id = 1', [
    JSON.stringify(verification),
  ]);
}
