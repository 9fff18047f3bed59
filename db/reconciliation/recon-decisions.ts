import type { EntityManager } from '@mikro-orm/postgresql';
import { uploaderOfRailLine } from './rail-statements.js';
import type { Role } from '../../domain/operators/permissions.js';
import type { ReconDecision, ReconDecisionStatus } from '../../domain/reconciliation/recon-decisions.js';
import type { ReconAction } from '../../domain/reconciliation/reconciliation.js';
import { text, type Row } from '../../platform/orm/row-values.js';

/** Finance's actions on exceptions (table recon_decisions), recorded before the workflow is told. */

export interface ReconDecisionToRecord {
  exceptionId: number;
  action: ReconAction;
  note: string;
  amountMinor: number | null;
  idempotencyKey: string | null;
  operator: ReconDecision['operator'];
  steppedUp: boolean;
  /** PROPOSED: it waits for a second operator, and would post `postingMinor`. */
  proposal?: { postingMinor: number };
}

const COLUMNS = `d.id, d.exception_id, d.action, d.note, d.refund_reference, d.amount_minor, d.idempotency_key,
  d.operator_id, d.operator_role, d.operator_email, d.operator_ip, d.stepped_up, d.status, d.refusal_code,
  d.posting_minor, floor(extract(epoch from (now() - d.created_at)) * 1000) as age_ms,
  a.operator_id as approver_id, a.operator_role as approver_role, a.operator_email as approver_email,
  a.operator_ip as approver_ip, a.stepped_up as approver_stepped_up, a.note as approval_note,
  floor(extract(epoch from (now() - a.created_at)) * 1000) as approval_age_ms`;
const FROM = `recon_decisions d left join recon_decision_approvals a on a.decision_id = d.id`;

function decisionFromRow(row: Row): ReconDecision {
  return {
    id: Number(row.id),
    exceptionId: Number(row.exception_id),
    action: row.action as ReconAction,
    note: String(row.note),
    refundReference: text(row.refund_reference),
    amountMinor:
      row.amount_minor === null || row.amount_minor === undefined ? null : Number(row.amount_minor),
    idempotencyKey: text(row.idempotency_key),
    refusalCode: text(row.refusal_code),
    operator: {
      operatorId: Number(row.operator_id),
      role: row.operator_role as Role,
      email: String(row.operator_email),
      ip: text(row.operator_ip),
    },
    steppedUp: Boolean(row.stepped_up),
    status: row.status as ReconDecisionStatus,
    ageMs: Number(row.age_ms),
    postingMinor:
      row.posting_minor === null || row.posting_minor === undefined ? null : Number(row.posting_minor),
    approval:
      row.approver_id === null || row.approver_id === undefined
        ? null
        : {
            operatorId: Number(row.approver_id),
            role: row.approver_role as Role,
            email: String(row.approver_email),
            ip: text(row.approver_ip),
            steppedUp: Boolean(row.approver_stepped_up),
            note: String(row.approval_note ?? ''),
            ageMs: Number(row.approval_age_ms),
          },
  };
}

export async function recordReconDecision(
  em: EntityManager,
  decision: ReconDecisionToRecord,
): Promise<ReconDecision> {
  const [inserted] = await em.execute<Row[]>(
    `insert into recon_decisions (exception_id, action, note, amount_minor, idempotency_key, operator_id,
       operator_role, operator_email, operator_ip, stepped_up, status, posting_minor)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     returning id`,
    [
      decision.exceptionId,
      decision.action,
      decision.note,
      decision.amountMinor,
      decision.idempotencyKey,
      decision.operator.operatorId,
      decision.operator.role,
      decision.operator.email,
      decision.operator.ip,
      decision.steppedUp,
      decision.proposal ? 'PROPOSED' : 'RECORDED',
      decision.proposal?.postingMinor ?? null,
    ],
  );
  const [row] = await em.execute<Row[]>(`select ${COLUMNS} from ${FROM} where d.id = ?`, [inserted!.id]);
  return decisionFromRow(row!);
}

/** A decision by id, locked for the caller's transaction: applied or refused once. */
export async function lockReconDecision(tx: EntityManager, id: number): Promise<ReconDecision | null> {
  const [row] = await tx.execute<Row[]>(`select ${COLUMNS} from ${FROM} where d.id = ? for update of d`, [
    id,
  ]);
  return row ? decisionFromRow(row) : null;
}

export async function settleReconDecision(
  em: EntityManager,
  id: number,
  status: Exclude<ReconDecisionStatus, 'RECORDED'>,
  refusalCode: string | null = null,
): Promise<void> {
  await em.execute(
    `update recon_decisions set status = ?, refusal_code = ?, settled_at = now()
      where id = ? and status in ('RECORDED', 'PROPOSED')`,
    [status, refusalCode, id],
  );
}

/** The decision an operator recorded under an Idempotency-Key, if any. */
export async function findReconDecisionByKey(
  em: EntityManager,
  operatorId: number,
  idempotencyKey: string,
): Promise<ReconDecision | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from ${FROM} where d.operator_id = ? and d.idempotency_key = ?`,
    [operatorId, idempotencyKey],
  );
  return row ? decisionFromRow(row) : null;
}

/** The refund a REFUND decision started, named on its record in the decision's transaction. */
export async function noteDecisionRefund(
  tx: EntityManager,
  decisionId: number,
  refundReference: string,
): Promise<void> {
  await tx.execute('update recon_decisions set refund_reference = ? where id = ?', [
    refundReference,
    decisionId,
  ]);
}

/** The REFUND decision that started this refund, if one did. */
export async function decisionOfRefund(
  em: EntityManager,
  refundReference: string,
): Promise<ReconDecision | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from ${FROM} where d.refund_reference = ? and d.action = 'REFUND'
      order by d.id desc limit 1`,
    [refundReference],
  );
  return row ? decisionFromRow(row) : null;
}

/** Whether the refund finance asked for on an exception is still on its way (approval or gateway). */
export async function refundPendingOn(
  em: EntityManager,
  exception: { resolvingRefundId: number | null },
): Promise<boolean> {
  if (exception.resolvingRefundId === null) return false;
  const rows = await em.execute<Row[]>(
    `select 1 from refunds where id = ? and status in ('PENDING_APPROVAL', 'PROCESSING')`,
    [exception.resolvingRefundId],
  );
  return rows.length > 0;
}

/** The proposal waiting on an exception for a second operator, if one does. */
export async function pendingProposalOn(
  em: EntityManager,
  exceptionId: number,
): Promise<ReconDecision | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from ${FROM} where d.exception_id = ? and d.status = 'PROPOSED'`,
    [exceptionId],
  );
  return row ? decisionFromRow(row) : null;
}

/** The latest proposal on an exception that this operator approved, whatever became of it. */
export async function proposalApprovedBy(
  em: EntityManager,
  exceptionId: number,
  operatorId: number,
): Promise<ReconDecision | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from ${FROM} where d.exception_id = ? and a.operator_id = ? order by d.id desc limit 1`,
    [exceptionId, operatorId],
  );
  return row ? decisionFromRow(row) : null;
}

/**
 * Records a second operator's approval of a proposal still PROPOSED. The same approver again
 * renews it (a retry after a lost answer); another operator's approval, once recorded, stands.
 * Answers whether the approval on record is this operator's.
 */
export async function recordReconApproval(
  em: EntityManager,
  decisionId: number,
  approver: ReconDecision['operator'] & { steppedUp: boolean; note: string },
): Promise<boolean> {
  const rows = await em.execute<Row[]>(
    `insert into recon_decision_approvals (decision_id, operator_id, operator_role, operator_email, operator_ip,
       stepped_up, note)
     select d.id, ?, ?, ?, ?, ?, ? from recon_decisions d where d.id = ? and d.status = 'PROPOSED'
     on conflict (decision_id) do update
       set created_at = now(), stepped_up = excluded.stepped_up, operator_ip = excluded.operator_ip
       where recon_decision_approvals.operator_id = excluded.operator_id
     returning decision_id`,
    [
      approver.operatorId,
      approver.role,
      approver.email,
      approver.ip,
      approver.steppedUp,
      approver.note,
      decisionId,
    ],
  );
  return rows.length > 0;
}

/**
 * Who uploaded the file an exception's line came from (a settlement report, or a payout rail's
 * statement); null: no line, or the service fetched it.
 */
export async function uploaderOfException(
  em: EntityManager,
  exception: { lineId: number | null; railLineId: number | null },
): Promise<number | null> {
  if (exception.railLineId !== null) return uploaderOfRailLine(em, exception.railLineId);
  return uploaderOfLine(em, exception.lineId);
}

/** Who uploaded the report an exception's line came from; null: no line, or the service fetched it. */
export async function uploaderOfLine(em: EntityManager, lineId: number | null): Promise<number | null> {
  if (lineId === null) return null;
  const [row] = await em.execute<Row[]>(
    `select i.imported_by from settlement_lines l join settlement_imports i on i.id = l.import_id where l.id = ?`,
    [lineId],
  );
  return row?.imported_by === null || row?.imported_by === undefined ? null : Number(row.imported_by);
}
