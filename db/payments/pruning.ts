import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Rows that only unauthenticated traffic writes (rate-limit counters, failed sign-ins, refused
 * callbacks) and
 * idempotency keys past their replay window are deleted in bounded batches by the sweeper, so a
 * flood costs a while of storage, never a table that grows for good. Each delete reads its rows
 * through an index on the age column and takes at most `limit` of them.
 */

/** Rows deleted per table per sweep: a backlog drains over a few sweeps without a long lock. */
export const PRUNE_BATCH = 5000;

/**
 * Failed sign-ins are kept this long: longer than any sign-in throttling window looks back, so
 * pruning never lets a guesser start afresh.
 */
export const SIGN_IN_FAILURE_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/** Rate-limit counters whose window ended (rate-limiter-flexible keeps `expire` in epoch ms). */
export async function pruneRateLimits(
  em: EntityManager,
  input: { now: Date; limit: number },
): Promise<number> {
  const rows = await em.execute<Array<{ key: string }>>(
    `delete from rate_limits where key in (
       select key from rate_limits where expire < ? order by expire limit ?
     ) returning key`,
    [input.now.getTime(), input.limit],
  );
  return rows.length;
}

/** Failed sign-in attempts older than `before`: the one place that knows where they are kept. */
export async function pruneSignInFailures(
  em: EntityManager,
  input: { before: Date; limit: number },
): Promise<number> {
  const rows = await em.execute<Array<{ id: string }>>(
    `delete from login_failures where id in (
       select id from login_failures where occurred_at < ? order by occurred_at limit ?
     ) returning id`,
    [input.before, input.limit],
  );
  return rows.length;
}

/**
 * Sign-in throttling rows (per email and client) whose last failure is older than `before`: past
 * a day without failures a row counts for nothing (domain/operators/login-throttle.ts), so it can go.
 */
export async function pruneSignInThrottles(
  em: EntityManager,
  input: { before: Date; limit: number },
): Promise<number> {
  const rows = await em.execute<Array<{ email: string }>>(
    `delete from login_throttles where (email, client) in (
       select email, client from login_throttles where last_failure_at < ? order by last_failure_at limit ?
     ) returning email`,
    [input.before, input.limit],
  );
  return rows.length;
}

/**
 * Refused callbacks (a bad signature, another payment's callback) are kept this long after their
 * last arrival: long enough to look into a forgery, never a table a flood grows for good.
 */
export const REJECTED_CALLBACK_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/**
 * Refused callbacks that last arrived before `before`. Nothing acts on them (they are never handed
 * to a workflow), so they go whole; callbacks a workflow judged stay with their payment.
 */
export async function pruneRejectedCallbacks(
  em: EntityManager,
  input: { before: Date; limit: number },
): Promise<number> {
  const rows = await em.execute<Array<{ id: string }>>(
    `delete from gateway_callbacks where id in (
       select id from gateway_callbacks
        where outcome = 'REJECTED' and last_received_at < ?
        order by last_received_at limit ?
        for update skip locked
     ) returning id`,
    [input.before, input.limit],
  );
  return rows.length;
}

/**
 * Idempotency keys first used longer ago than the replay window: such a key answers for nothing
 * any more (a request reusing it starts afresh), so its stored response can go.
 */
export async function pruneIdempotencyKeys(
  em: EntityManager,
  input: { windowSeconds: number; limit: number },
): Promise<number> {
  const rows = await em.execute<Array<{ key: string }>>(
    `delete from idempotency_keys where (app_id, mode, key) in (
       select app_id, mode, key from idempotency_keys
        where created_at < now() - make_interval(secs => ?)
        order by created_at limit ?
     ) returning key`,
    [input.windowSeconds, input.limit],
  );
  return rows.length;
}

/**
 * Events written before `before` (past the retention apps can read them back for), with their
 * delivery attempts, oldest first. Kept past it, hidden from the app API only, are the events
 * something still needs:
 * - a delivery still PENDING: its workflow, a resend or the sweeper's re-drive reads the row;
 * - one a customer email reports (customer_emails.event_id): the message renders from its data;
 * - an invoice payment event of a payment a customer email reports: the receipt names the invoice
 *   as that event recorded it (db/customer-emails/customer-emails.ts, paidInvoice).
 * Nothing else reads an old event for what it does: a retried step that looks up the events it
 * recorded only delivers what it finds, and the ledger and disputes name no event. The operators'
 * deliveries pages and resend show the same window as the app (an event gone is EVENT_NOT_FOUND).
 * Rows a resend or a delivery holds locked are skipped, left to the next sweep.
 */
export async function pruneEvents(
  em: EntityManager,
  input: { before: Date; limit: number },
): Promise<number> {
  const rows = await em.execute<Array<{ id: string }>>(
    `with doomed as (
       select e.id from events e
        where e.created_at < ? and e.delivery_status <> 'PENDING'
          and not exists (select 1 from customer_emails ce where ce.event_id = e.id)
          and not (e.source_type = 'invoice_payment' and exists (
                select 1 from events x join customer_emails ce on ce.event_id = x.id
                 where x.source_type = 'payment' and x.source_id = e.source_id))
        order by e.created_at
        limit ?
        for update of e skip locked
     ), attempts as (
       delete from webhook_attempts a using doomed where a.event_id = doomed.id
     )
     delete from events e using doomed where e.id = doomed.id returning e.id`,
    [input.before, input.limit],
  );
  return rows.length;
}
