import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../domain/mode.js';
import type { Payment } from './entities.js';
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
  payment: { id: number; reference: string; appId: number; mode: Mode; gateway: string | null };
}

/**
 * Callbacks stored as worth confirming (a receipt finance confirmed, a gateway's notification)
 * that no workflow has applied, last handed over `settleSeconds` ago or never: the step that
 * should have handed them over crashed, or the workflow lost them. They are marked handed over
 * now, in the same statement, so two sweeps never take the same ones.
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
       update gateway_callbacks c set handed_over_at = now(), hand_overs = c.hand_overs + 1 from waiting
        where c.id = waiting.id
       returning c.id, c.validation_id, c.payment_id
     )
     select m.id, m.validation_id, p.id as payment_id, p.reference, p.app_id, p.mode, p.gateway
       from marked m join payments p on p.id = m.payment_id
      order by m.id`,
    [input.settleSeconds, input.limit],
  );
  return rows.map((row) => ({
    callbackId: Number(row.id),
    confirmationKey: row.validation_id === null ? null : String(row.validation_id),
    payment: {
      id: Number(row.payment_id),
      reference: String(row.reference),
      appId: Number(row.app_id),
      mode: row.mode as Mode,
      gateway: row.gateway === null ? null : String(row.gateway),
    },
  }));
}
