import type { EntityManager } from '@mikro-orm/postgresql';
import type { GatewayRefundOutcome } from '../../domain/refunds/refunds.js';
import { text, type Row } from '../../platform/orm/row-values.js';

/** Which question the gateway answered: the refund's submission, a later check, or the last look before booking. */
export type RefundGatewayQuestion = 'SUBMIT' | 'CHECK' | 'FINISH';

/** One answer of a refund's gateway, as the activity that asked it recorded it. */
export interface RefundGatewayAnswer {
  id: number;
  refundId: number;
  asked: RefundGatewayQuestion;
  outcome: GatewayRefundOutcome;
  gatewayRefundId: string | null;
  reason: string | null;
  /** The gateway refused because the payment is past its refund window (always with FAILED). */
  refundWindowClosed: boolean;
  answeredAt: Date;
}

function answerFromRow(row: Row): RefundGatewayAnswer {
  return {
    id: Number(row.id),
    refundId: Number(row.refund_id),
    asked: String(row.asked) as RefundGatewayQuestion,
    outcome: String(row.outcome) as GatewayRefundOutcome,
    gatewayRefundId: text(row.gateway_refund_id),
    reason: text(row.reason),
    refundWindowClosed: row.refund_window_closed === true,
    answeredAt: new Date(String(row.answered_at)),
  };
}

/** Records what the gateway answered about a refund: the only ground a refund is booked final on. */
export async function recordRefundGatewayAnswer(
  em: EntityManager,
  answer: Omit<RefundGatewayAnswer, 'id' | 'answeredAt' | 'refundWindowClosed'> & {
    refundWindowClosed?: boolean;
  },
): Promise<void> {
  await em.execute(
    `insert into refund_gateway_answers (refund_id, asked, outcome, gateway_refund_id, reason, refund_window_closed)
     values (?, ?, ?, ?, ?, ?)`,
    [
      answer.refundId,
      answer.asked,
      answer.outcome,
      answer.gatewayRefundId,
      answer.reason,
      answer.outcome === 'FAILED' && answer.refundWindowClosed === true,
    ],
  );
}

/**
 * The gateway's first final word on a refund (SUCCEEDED or FAILED), or null while it has given
 * none: the run stops asking at its first final answer, so a later one can only come from a
 * duplicate run, and the first stands.
 */
export async function finalGatewayAnswerOf(
  em: EntityManager,
  refundId: number,
): Promise<RefundGatewayAnswer | null> {
  const [row] = await em.execute<Row[]>(
    `select id, refund_id, asked, outcome, gateway_refund_id, reason, refund_window_closed, answered_at
       from refund_gateway_answers
      where refund_id = ? and outcome in ('SUCCEEDED', 'FAILED')
      order by id limit 1`,
    [refundId],
  );
  return row ? answerFromRow(row) : null;
}

/** The gateway's latest answer on a refund, or null when it was never asked. */
export async function latestGatewayAnswerOf(
  em: EntityManager,
  refundId: number,
): Promise<RefundGatewayAnswer | null> {
  const [row] = await em.execute<Row[]>(
    `select id, refund_id, asked, outcome, gateway_refund_id, reason, refund_window_closed, answered_at
       from refund_gateway_answers where refund_id = ? order by id desc limit 1`,
    [refundId],
  );
  return row ? answerFromRow(row) : null;
}
