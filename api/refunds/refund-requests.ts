import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import type { Payment } from '../../platform/orm/entities.js';
import { refundView } from '../../db/refunds/refund-view.js';
import { takeRefund } from '../../activities/refunds/refund-taking.js';
import { markRefundWorkflowStarted, type Refund, type TakenRefund } from '../../db/refunds/refunds.js';
import { ApiError } from '../../domain/shared/errors.js';
import { newRefundReference } from '../../domain/shared/ids.js';
import type { RouteDeps } from '../deps.js';
import { refundRouteFor, type RefundDestinationAsk } from './refund-routes-taken.js';
import { startOrLeaveToSweeper } from '../sweeper-backed-start.js';

export interface RefundAsk extends RefundDestinationAsk {
  amountMinor?: number | undefined;
  reason: string | null;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  /** The operator asking (the dashboard and admin API); absent when the app asks. */
  requestedByOperatorId?: number | null;
  /** Who to name in the audit log, written in the refund's own transaction (operators' refunds). */
  auditAs?: AuditActor;
}

/**
 * Takes a refund of a payment (an app's request or an operator's) and starts its workflow. The
 * refund exists once committed; if its workflow does not start now (Temporal away, the process
 * stopped), the sweeper starts it within minutes, so the answer is still the taken refund.
 */
export async function requestRefund(
  deps: RouteDeps,
  payment: Pick<Payment, 'id' | 'gateway' | 'mode' | 'payerAccount'>,
  ask: RefundAsk,
): Promise<Refund> {
  const em = () => deps.orm.em.fork() as EntityManager;
  const { auditAs, destination: asked, manualConfirmation, ...request } = ask;
  const { route, destination } = refundRouteFor(
    deps,
    payment,
    { destination: asked, manualConfirmation },
    ask.amountMinor,
  );
  const taken = await takeRefund(
    em(),
    payment,
    { reference: newRefundReference(), ...request, route, destination },
    refundView,
    deps.config.REFUND_APPROVAL_WINDOW_HOURS * 3_600_000,
    async (tx, refund) => {
      if (!auditAs) return;
      await appendAudit(tx, auditAs, {
        action: 'refund.requested',
        targetType: 'refund',
        targetId: refund.reference,
        after: {
          payment: refund.paymentReference,
          amountMinor: refund.amountMinor,
          status: refund.status,
          reason: refund.reason,
        },
      });
    },
    deps.config.COMPANY_TIME_ZONE,
  );
  if (!('refund' in taken)) {
    throw new ApiError(taken.code, taken.message, { refundableMinor: taken.refundableMinor });
  }
  await startTakenRefund(deps, taken);
  return taken.refund;
}

/**
 * Starts the workflow of a refund already committed. If it does not start now (Temporal away,
 * the process stopping), the sweeper starts it within minutes, so the caller still answers with
 * the taken refund.
 */
export async function startTakenRefund(
  deps: Pick<RouteDeps, 'orm' | 'orchestrator' | 'logger'>,
  taken: TakenRefund,
): Promise<void> {
  await startOrLeaveToSweeper(
    deps,
    { kind: 'refund', reference: taken.refund.reference },
    () => deps.orchestrator.startRefund(taken.refund, taken.eventId, taken.approvalEventId),
    (em) => markRefundWorkflowStarted(em, taken.refund.id),
  );
}
