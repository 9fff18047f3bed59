import type { EntityManager } from '@mikro-orm/postgresql';
import { APPROVAL_WINDOW_MS, isWindowedKind } from '../../domain/approvals/approval-windows.js';
import type { WaitingAct, WaitingKind, ReaderFacts } from '../../domain/approvals/waiting.js';
import type { MoneyAction } from '../../domain/approvals/rule-book.js';
import type { Role } from '../../domain/operators/permissions.js';
import { tieWindowMs, type TieKind } from '../../domain/operators/second-person.js';
import type { Mode } from '../../domain/shared/mode.js';

/**
 * The one queue of acts waiting for a second person (domain/approvals/waiting.ts), read from each
 * act's own table in one statement, oldest first.
 */

const WAITING_SQL = `
  select 'refund' as kind, r.reference as id, null::text as about, r.app_id, r.mode, r.amount_minor, r.currency,
         r.requested_by_operator_id as requested_by, r.created_at as requested_at,
         coalesce(r.approvals_required, 1) as approvals_required,
         coalesce((select array_agg(d.operator_id) from refund_decisions d
                    where d.refund_id = r.id and d.stage = 'APPROVAL' and d.verdict = 'APPROVE'
                      and d.status = 'APPLIED'), '{}') as approved_by,
         case when r.funds = 'UNAPPLIED' then 'PARKED'
              when r.destination_not_payer then 'DESTINATION_NOT_PAYER' end as detail,
         r.approval_expires_at as closes_at
    from refunds r where r.status = 'PENDING_APPROVAL'
  union all
  select 'refund-confirmation', r.reference, null, r.app_id, r.mode, r.amount_minor, r.currency,
         r.requested_by_operator_id, r.confirmation_requested_at, 1, '{}', null, null
    from refunds r where r.status = 'PROCESSING' and r.confirmation_requested_at is not null
  union all
  select 'payout', p.reference, null, p.app_id, p.mode, p.amount_minor, p.currency, null, p.created_at,
         coalesce(p.approvals_required, 1),
         coalesce((select array_agg(d.operator_id) from payout_decisions d
                    where d.payout_id = p.id and d.verdict = 'APPROVE'), '{}'),
         null, p.approval_expires_at
    from payouts p where p.status = 'WAITING_APPROVAL'
  union all
  select 'payout-batch', b.id::text, null, b.app_id, b.mode, b.total_minor, b.currency, b.uploaded_by, b.created_at,
         coalesce(b.approvals_required, 1),
         coalesce((select array_agg(d.operator_id) from payout_batch_decisions d
                    where d.batch_id = b.id and d.verdict = 'APPROVE'), '{}'),
         null, b.approval_expires_at
    from payout_batches b where b.status = 'WAITING_APPROVAL'
  union all
  select 'control-change', c.id::text, null, c.app_id, c.mode, null, null, c.proposed_by, c.proposed_at, 1, '{}',
         case when c.kind = 'PAYOUT_APPROVAL' and c.proposed_value #>> '{payoutRules,enabled}' = 'true'
                   and coalesce(c.current_value #>> '{payoutRules,enabled}', 'false') <> 'true'
              then 'PAYOUTS_ON' else c.kind end,
         null
    from control_changes c where c.status = 'PENDING'
  union all
  select 'rail-switch-change', s.id::text, null, null, s.mode, null, null, s.proposed_by, s.proposed_at, 1, '{}', s.rail, null
    from payout_rail_switch_changes s where s.status = 'PENDING'
  union all
  select 'people-change', pc.id::text, null, null, null, null, null, pc.proposed_by, pc.proposed_at, 1, '{}', pc.kind, null
    from people_changes pc where pc.status = 'PENDING'
  union all
  select 'receipt', m.id::text, pay.reference, pay.app_id, pay.mode, m.amount_minor, m.currency, m.recorded_by,
         m.recorded_at, 1, '{}', m.method, null
    from manual_receipts m join payments pay on pay.id = m.payment_id where m.status = 'AWAITING_APPROVAL'
  union all
  select 'reconciliation', e.reference, null, null, null, d.amount_minor, e.currency, d.operator_id, d.created_at,
         1, '{}', d.action, null
    from recon_decisions d join recon_exceptions e on e.id = d.exception_id where d.status = 'PROPOSED'
  union all
  select 'attention', a.id::text, pay.reference, pay.app_id, pay.mode, a.amount_minor, a.currency, a.proposed_by,
         a.proposed_at, 1, '{}', a.kind, null
    from attention_requests a join payments pay on pay.id = a.payment_id where a.status = 'PENDING'
  union all
  select 'key-request', k.id::text, null, k.app_id, k.mode, null, null, k.requested_by, k.requested_at, 1, '{}',
         k.kind, null
    from key_requests k where k.status = 'WAITING'
  order by requested_at, kind, id`;

interface WaitingRow {
  kind: WaitingKind;
  id: string;
  about: string | null;
  app_id: string | number | null;
  mode: Mode | null;
  amount_minor: string | number | null;
  currency: string | null;
  requested_by: string | number | null;
  requested_at: Date | string;
  approvals_required: string | number;
  approved_by: Array<string | number>;
  detail: string | null;
  closes_at: Date | string | null;
}

/** The rule-book action an act of this kind (and detail) is. */
function actionOf(kind: WaitingKind, detail: string | null): MoneyAction {
  switch (kind) {
    case 'refund':
      if (detail === 'PARKED') return 'parked.release';
      return detail === 'DESTINATION_NOT_PAYER' ? 'refund.destination' : 'refund';
    case 'attention':
      return 'parked.release';
    case 'refund-confirmation':
      return 'refund.confirmation';
    case 'payout':
      return 'payout';
    case 'payout-batch':
      return 'payout.batch';
    case 'control-change':
      if (detail === 'GUARDRAILS') return 'guardrail.loosen';
      return detail === 'PAYOUTS_ON' ? 'payout.enable' : 'control.loosen';
    case 'rail-switch-change':
      return 'rail.switch-on';
    case 'people-change':
      return detail === 'ENABLE_OPERATOR' ? 'people.reenable' : 'people.change';
    case 'receipt':
      return 'receipt.manual';
    case 'reconciliation':
      return 'reconciliation.adjustment';
    case 'key-request':
      return detail === 'APP_LIVE_PAIR' ? 'app.live-credentials' : 'key.money-scopes';
  }
}

/**
 * When the act stops waiting: a refund's, payout's or batch's own window, or the approvals
 * window of the acts the approvals workflow keeps (counted from the request). Null: it waits on
 * something other than time (a gateway's word, its day's exception).
 */
function closesAtOf(row: WaitingRow): Date | null {
  if (row.closes_at) return new Date(row.closes_at);
  if (!isWindowedKind(row.kind)) return null;
  return new Date(new Date(row.requested_at).getTime() + APPROVAL_WINDOW_MS);
}

const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value));

export async function waitingActs(em: EntityManager): Promise<Array<WaitingAct & { detail: string | null }>> {
  const rows = await em.execute<WaitingRow[]>(WAITING_SQL);
  return rows.map((row) => ({
    kind: row.kind,
    action: actionOf(row.kind, row.detail),
    id: row.id,
    about: row.about,
    appId: numberOrNull(row.app_id),
    mode: row.mode,
    amountMinor: numberOrNull(row.amount_minor),
    currency: row.currency,
    requestedByOperatorId: numberOrNull(row.requested_by),
    requestedAt: new Date(row.requested_at),
    approvalsRequired: Number(row.approvals_required),
    approvedBy: row.approved_by.map(Number),
    detail: row.detail,
    closesAt: closesAtOf(row),
  }));
}

/** The reader's ties to anyone, in either direction, with the database's clock. */
export async function readerFacts(em: EntityManager, operatorId: number, role: Role): Promise<ReaderFacts> {
  const rows = await em.execute<
    Array<{ other: string | number; kind: TieKind; at: Date | string; now: Date | string }>
  >(
    `select case when operator_id = ? then by_operator_id else operator_id end as other, kind, at, now() as now
       from operator_ties
      where (operator_id = ? or by_operator_id = ?) and by_operator_id is not null and operator_id <> by_operator_id`,
    [operatorId, operatorId, operatorId],
  );
  const [clock] = await em.execute<Array<{ now: Date | string }>>('select now() as now');
  return {
    operatorId,
    role,
    ties: rows.map((row) => ({ otherOperatorId: Number(row.other), kind: row.kind, at: new Date(row.at) })),
    now: new Date(clock!.now),
    tieWindowMs: tieWindowMs(process.env.OPERATOR_TIE_WINDOW_DAYS),
  };
}
