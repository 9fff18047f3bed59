import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../domain/permissions.js';
import type { ReconDecision, ReconDecisionStatus } from '../domain/recon-decisions.js';
import type { ReconAction } from '../domain/reconciliation.js';
import { text, type Row } from './row-values.js';

/** Finance's actions on exceptions (table recon_decisions), recorded before the workflow is told. */

export interface ReconDecisionToRecord {
  exceptionId: number;
  action: ReconAction;
  note: string;
  amountMinor: number | null;
  idempotencyKey: string | null;
  operator: ReconDecision['operator'];
  steppedUp: boolean;
}

const COLUMNS = `id, exception_id, action, note, refund_reference, amount_minor, idempotency_key, operator_id,
  operator_role, operator_email, operator_ip, stepped_up, status, refusal_code,
  floor(extract(epoch from (now() - created_at)) * 1000) as age_ms`;

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
  };
}

export async function recordReconDecision(
  em: EntityManager,
  decision: ReconDecisionToRecord,
): Promise<ReconDecision> {
  const [row] = await em.execute<Row[]>(
    `insert into recon_decisions (exception_id, action, note, amount_minor, idempotency_key, operator_id,
       operator_role, operator_email, operator_ip, stepped_up)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     returning ${COLUMNS}`,
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
    ],
  );
  return decisionFromRow(row!);
}

/** A decision by id, locked for the caller's transaction: applied or refused once. */
export async function lockReconDecision(tx: EntityManager, id: number): Promise<ReconDecision | null> {
  const [row] = await tx.execute<Row[]>(`select ${COLUMNS} from recon_decisions where id = ? for update`, [
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
    `update recon_decisions set status = ?, refusal_code = ?, settled_at = now() where id = ? and status = 'RECORDED'`,
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
    `select ${COLUMNS} from recon_decisions where operator_id = ? and idempotency_key = ?`,
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
    `select ${COLUMNS} from recon_decisions where refund_reference = ? and action = 'REFUND'
      order by id desc limit 1`,
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
