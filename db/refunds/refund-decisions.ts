import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../../domain/operators/permissions.js';
import type {
  DecisionStage,
  DecisionStatus,
  DecisionVerdict,
  OperatorNow,
  RecordedDecision,
} from '../../domain/refunds/refund-decisions.js';
import { text, type Row } from '../../platform/orm/row-values.js';

/** A decision as the API records it from the signed-in operator, before the workflow is told. */
export interface DecisionToRecord {
  refundId: number;
  stage: DecisionStage;
  verdict: DecisionVerdict;
  gatewayRefundId: string | null;
  comment: string | null;
  operator: { operatorId: number; role: Role; email: string; ip: string | null };
}

const DECISION_COLUMNS = `id, refund_id, stage, verdict, gateway_refund_id, comment, operator_id,
  operator_role, operator_email, operator_ip, status, created_at,
  floor(extract(epoch from (now() - created_at)) * 1000) as age_ms`;

function decisionFromRow(row: Row): RecordedDecision {
  return {
    id: Number(row.id),
    refundId: Number(row.refund_id),
    stage: row.stage as DecisionStage,
    verdict: row.verdict as DecisionVerdict,
    gatewayRefundId: text(row.gateway_refund_id),
    comment: text(row.comment),
    operator: {
      operatorId: Number(row.operator_id),
      role: row.operator_role as Role,
      email: String(row.operator_email),
      ip: text(row.operator_ip),
    },
    status: row.status as DecisionStatus,
    createdAt: new Date(row.created_at as string),
    ageMs: Number(row.age_ms),
  };
}

export async function recordDecision(
  em: EntityManager,
  decision: DecisionToRecord,
): Promise<RecordedDecision> {
  const [row] = await em.execute<Row[]>(
    `insert into refund_decisions (refund_id, stage, verdict, gateway_refund_id, comment, operator_id,
       operator_role, operator_email, operator_ip)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     returning ${DECISION_COLUMNS}`,
    [
      decision.refundId,
      decision.stage,
      decision.verdict,
      decision.gatewayRefundId,
      decision.comment,
      decision.operator.operatorId,
      decision.operator.role,
      decision.operator.email,
      decision.operator.ip,
    ],
  );
  return decisionFromRow(row!);
}

/** A decision by id, its row locked for the caller's transaction: it is applied or refused once. */
export async function lockDecision(tx: EntityManager, id: number): Promise<RecordedDecision | null> {
  const [row] = await tx.execute<Row[]>(
    `select ${DECISION_COLUMNS} from refund_decisions where id = ? for update`,
    [id],
  );
  return row ? decisionFromRow(row) : null;
}

/** Whether a refund already has an APPLIED decision of this stage (the API's fast answer). */
export async function hasAppliedDecision(
  em: EntityManager,
  refundId: number,
  stage: DecisionStage,
): Promise<boolean> {
  const rows = await em.execute<Row[]>(
    `select 1 from refund_decisions where refund_id = ? and stage = ? and status = 'APPLIED'`,
    [refundId, stage],
  );
  return rows.length > 0;
}

/** Operators whose approvals of a refund took effect already, in the caller's transaction. */
export async function appliedApproverIds(em: EntityManager, refundId: number): Promise<number[]> {
  const rows = await em.execute<Array<{ operator_id: string }>>(
    `select operator_id from refund_decisions
      where refund_id = ? and stage = 'APPROVAL' and verdict = 'APPROVE' and status = 'APPLIED' order by id`,
    [refundId],
  );
  return rows.map((row) => Number(row.operator_id));
}

/** The decision took effect, or was refused (with the code the workflow answered). */
export async function settleDecision(
  tx: EntityManager,
  id: number,
  status: Exclude<DecisionStatus, 'RECORDED'>,
  refusalCode: string | null = null,
): Promise<void> {
  await tx.execute(
    `update refund_decisions set status = ?, refusal_code = ?, settled_at = now()
      where id = ? and status = 'RECORDED'`,
    [status, refusalCode, id],
  );
}

/** The operator as they are now (a decision is re-checked against today's account, not the one at sign-in). */
export async function operatorNow(em: EntityManager, operatorId: number): Promise<OperatorNow | null> {
  const [row] = await em.execute<Row[]>('select status, role from operators where id = ?', [operatorId]);
  return row ? { status: row.status as OperatorNow['status'], role: row.role as Role } : null;
}
