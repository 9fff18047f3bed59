import type { EntityManager } from '@mikro-orm/postgresql';
import { latestHandOver, rememberedRepeatAction } from '../../domain/payments/callback-checks.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import { worthCheckingAgain } from '../../domain/payments/unsigned-returns.js';
import { openNextCheck } from './callback-checks.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { Payment } from '../../platform/orm/entities.js';
import { PAYMENT_COLUMNS, paymentFromRow } from './payments.js';

/** A payment nobody opened before its deadline: the sweeper starts its workflow to expire it. */
export interface PaymentPastDeadline extends Payment {
  /** Exactly as stored (microseconds), so a sweep resumes right after it. */
  expiresAtText: string;
}

/**
 * CREATED payments whose deadline passed after `after` and before now, earliest first. Most never
 * had a workflow (nobody opened their checkout); the others' workflows are expiring them already,
 * and starting those again finds the running one.
 */
export async function paymentsPastDeadline(
  em: EntityManager,
  input: { after: string; limit: number },
): Promise<PaymentPastDeadline[]> {
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select ${PAYMENT_COLUMNS}, expires_at::text as expires_at_text
       from payments
      where status = 'CREATED' and expires_at > ?::timestamptz and expires_at <= now()
      order by expires_at, id
      limit ?`,
    [input.after, input.limit],
  );
  return rows.map((row) => ({ ...paymentFromRow(row), expiresAtText: String(row.expires_at_text) }));
}

/**
 * Events still PENDING with no delivery attempt `settleSeconds` after they were written: their
 * delivery never started (the step that should have started it crashed) or is stuck behind a
 * backlog. Starting a delivery that already runs is harmless.
 */
export async function undeliveredEvents(
  em: EntityManager,
  input: { settleSeconds: number; limit: number },
): Promise<Array<{ id: string; appId: number; mode: Mode }>> {
  const rows = await em.execute<Array<{ id: string; app_id: string; mode: Mode }>>(
    `select e.id, e.app_id, e.mode
       from events e
      where e.delivery_status = 'PENDING' and e.created_at <= now() - make_interval(secs => ?)
        and not exists (select 1 from webhook_attempts a where a.event_id = e.id)
      order by e.created_at
      limit ?`,
    [input.settleSeconds, input.limit],
  );
  return rows.map((row) => ({ id: row.id, appId: Number(row.app_id), mode: row.mode }));
}

/** Where a sweep left off (a timestamptz as PostgreSQL writes it); the epoch before its first run. */
export async function sweptUntil(em: EntityManager, name: string): Promise<string> {
  const rows = await em.execute<Array<{ swept_until: string }>>(
    'select swept_until::text as swept_until from sweeps where name = ?',
    [name],
  );
  return rows[0]?.swept_until ?? '1970-01-01T00:00:00Z';
}

/**
 * Moves a sweep's mark forward to `until` (never back); with `reread`, to just before it, so the
 * rows stamped with that very instant are read again.
 */
export async function advanceSweep(
  em: EntityManager,
  name: string,
  until: string,
  options: { reread?: boolean } = {},
): Promise<void> {
  const mark = options.reread ? `?::timestamptz - interval '1 microsecond'` : '?::timestamptz';
  await em.execute(
    `insert into sweeps (name, swept_until) values (?, ${mark})
     on conflict (name) do update set swept_until = greatest(sweeps.swept_until, excluded.swept_until)`,
    [name, until],
  );
}

/** A stored callback still waiting for its workflow, with what handing it over needs. */
export interface CallbackAwaitingHandOver {
  callbackId: number;
  confirmationKey: string | null;
  /** The check it waits for (`CallbackNotice.handOver`): a sweep never starts a new one. */
  handOver: number;
  payment: { id: number; reference: string; appId: number; mode: Mode; gateway: string | null };
}

/**
 * Callbacks stored as worth confirming (a receipt finance confirmed, a gateway's notification)
 * that no workflow has applied, last handed over `settleSeconds` ago or never: the step that
 * should have handed them over crashed, or the workflow lost them. They are marked handed over
 * now, in the same statement, so two sweeps never take the same ones. Each goes under the number
 * of the check it waits for, so a sweep repeats a hand-over but never adds a check.
 */
export async function callbacksAwaitingHandOver(
  em: EntityManager,
  input: { settleSeconds: number; limit: number },
): Promise<CallbackAwaitingHandOver[]> {
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `with waiting as (
       select id from gateway_callbacks
        where processed_at is null and signature_valid and payment_id is not null
          and (handed_over_at is null or handed_over_at <= now() - make_interval(secs => ?))
        order by id
        limit ?
        for update skip locked
     ), marked as (
       update gateway_callbacks c
          set handed_over_at = now(), hand_overs = c.hand_overs + 1, checks = greatest(c.checks, 1)
         from waiting
        where c.id = waiting.id
       returning c.id, c.validation_id, c.payment_id, c.checks
     )
     select m.id, m.validation_id, m.checks, p.id as payment_id, p.reference, p.app_id, p.mode, p.gateway
       from marked m join payments p on p.id = m.payment_id
      order by m.id`,
    [input.settleSeconds, input.limit],
  );
  return rows.map((row) => ({
    callbackId: Number(row.id),
    confirmationKey: row.validation_id === null ? null : String(row.validation_id),
    handOver: latestHandOver(Number(row.checks)),
    payment: {
      id: Number(row.payment_id),
      reference: String(row.reference),
      appId: Number(row.app_id),
      mode: row.mode as Mode,
      gateway: row.gateway === null ? null : String(row.gateway),
    },
  }));
}

/**
 * Callbacks judged UNCONFIRMED that hold a remembered repeat (one that arrived while the spacing
 * of checks held the next check back) whose spacing has ended: each is checked now under its next
 * number (`rememberedRepeatAction`), while the payment's rules still want it checked; one they no
 * longer want is forgotten. Rows are locked and skipped by a concurrent sweep, and a repeat
 * arriving meanwhile waits for the lock, so each check is opened once.
 */
export async function callbacksDueRememberedCheck(
  em: EntityManager,
  input: { limit: number },
): Promise<CallbackAwaitingHandOver[]> {
  return em.transactional(async (tx) => {
    const rows = await tx.execute<Array<Record<string, unknown>>>(
      `select c.id, c.validation_id, c.dedupe_key, c.checks, c.outcome,
              coalesce(extract(epoch from c.next_check_at - now()), 0) as seconds_until_next_check,
              p.id as payment_id, p.status, p.reference, p.app_id, p.mode, p.gateway
         from gateway_callbacks c join payments p on p.id = c.payment_id
        where c.returned_while_checking and c.outcome = 'UNCONFIRMED' and c.processed_at is not null
          and (c.next_check_at is null or c.next_check_at <= now())
        order by c.next_check_at nulls first, c.id
        limit ?
        for update of c skip locked`,
      [input.limit],
    );
    const due: CallbackAwaitingHandOver[] = [];
    for (const row of rows) {
      const callbackId = Number(row.id);
      const action = rememberedRepeatAction(
        {
          judged: true,
          verdict: String(row.outcome),
          checks: Number(row.checks),
          returnedWhileChecking: true,
          secondsSinceHandOver: null,
          secondsUntilNextCheck: Number(row.seconds_until_next_check),
        },
        {
          worthChecking: worthCheckingAgain({
            dedupeKey: row.dedupe_key === null ? null : String(row.dedupe_key),
            status: row.status as PaymentStatus,
          }),
        },
      );
      if (action.kind === 'FORGET') {
        await tx.execute('update gateway_callbacks set returned_while_checking = false where id = ?', [
          callbackId,
        ]);
      }
      if (action.kind !== 'CHECK_AGAIN') continue;
      await openNextCheck(tx, callbackId, action);
      due.push({
        callbackId,
        confirmationKey: row.validation_id === null ? null : String(row.validation_id),
        handOver: action.handOver,
        payment: {
          id: Number(row.payment_id),
          reference: String(row.reference),
          appId: Number(row.app_id),
          mode: row.mode as Mode,
          gateway: row.gateway === null ? null : String(row.gateway),
        },
      });
    }
    return due;
  });
}
