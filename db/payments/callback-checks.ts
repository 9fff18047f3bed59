import type { EntityManager } from '@mikro-orm/postgresql';
import type { NextCheck, StoredCallbackChecks } from '../../domain/payments/callback-checks.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

/**
 * Opens the next check of a stored callback (`domain/payments/callback-checks.ts`): the row waits for a
 * verdict again, counts the check, is marked handed over now, and keeps when the check after this
 * one may be asked. The caller holds the row's lock and hands it over under `next.handOver`.
 */
export async function openNextCheck(
  tx: EntityManager,
  callbackId: number,
  next: NextCheck,
  outcomeReason: string | null = null,
): Promise<void> {
  await tx.execute(
    `update gateway_callbacks
        set processed_at = null, outcome = null, outcome_reason = ?, checks = ?,
            returned_while_checking = false, handed_over_at = now(), hand_overs = hand_overs + 1,
            next_check_at = now() + make_interval(secs => ?)
      where id = ?`,
    [outcomeReason, next.handOver + 1, next.spacingSeconds, callbackId],
  );
}

/**
 * Writes a verdict that `judgedWhenCurrent` allows, in one statement: judged when the row is
 * not judged yet and `handOver` is its latest check (`latestHandOver`), both read under the row's
 * lock as the update takes it. False when it was not written: the caller then reads the row
 * (`lockCallbackChecks`) to learn why.
 */
export async function judgeCurrentCheck(
  tx: EntityManager,
  input: { callbackId: number; paymentId: number; verdict: string; reason: string; handOver: number },
): Promise<boolean> {
  const judged = await executePrepared<{ id: string }>(
    tx,
    `update gateway_callbacks set outcome = ?, outcome_reason = ?, processed_at = now(), payment_id = ?,
            returned_while_checking = false
      where id = ? and processed_at is null and greatest(checks - 1, 0) <= ?
     returning id`,
    [input.verdict, input.reason, input.paymentId, input.callbackId, input.handOver],
  );
  return judged.length > 0;
}

/**
 * Locks a stored callback's row and reads where its checks stand, for `repeatAction` (a repeat of
 * the callback arriving) and `verdictAction` (a check's verdict being written): the one writes
 * while the other may, so each sees the other's change whole. Null when no such callback is stored.
 */
export async function lockCallbackChecks(
  tx: EntityManager,
  callbackId: number,
): Promise<StoredCallbackChecks | null> {
  const [row] = await tx.execute<
    Array<{
      judged: boolean;
      outcome: string | null;
      checks: number;
      returned_while_checking: boolean;
      seconds_since_hand_over: number | string | null;
      seconds_until_next_check: number | string;
    }>
  >(
    `select processed_at is not null as judged, outcome, checks, returned_while_checking,
            extract(epoch from now() - handed_over_at) as seconds_since_hand_over,
            coalesce(extract(epoch from next_check_at - now()), 0) as seconds_until_next_check
       from gateway_callbacks where id = ? for update`,
    [callbackId],
  );
  if (!row) return null;
  return {
    judged: row.judged,
    verdict: row.outcome,
    checks: row.checks,
    returnedWhileChecking: row.returned_while_checking,
    secondsSinceHandOver: row.seconds_since_hand_over === null ? null : Number(row.seconds_since_hand_over),
    secondsUntilNextCheck: Number(row.seconds_until_next_check),
  };
}
