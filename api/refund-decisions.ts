import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import { findRefund, markRefundWorkflowStarted, type Refund } from '../db/refunds.js';
import { ApiError } from '../domain/errors.js';
import type { RefundDecisionInput } from '../workflows/messages.js';
import type { PaymentOrchestrator } from './payment-orchestrator.js';
import { refundIdParam } from './schemas.js';

/**
 * Sends an approver's decision on a waiting refund to its workflow (the admin API, the dashboard
 * and the CLI all come through here) and answers with the refund as the decision left it.
 * `check` runs on the refund first: the dashboard's step-up rule for large approvals.
 */
export async function decideWaitingRefund(
  deps: { orm: Orm; orchestrator: PaymentOrchestrator },
  idOrReference: string,
  approve: boolean,
  decision: RefundDecisionInput,
  check: (refund: Refund) => void = () => {},
): Promise<Refund> {
  const em = () => deps.orm.em.fork() as EntityManager;
  const id = refundIdParam.safeParse(idOrReference);
  const refund = id.success ? await findRefund(em(), id.data) : null;
  if (!refund) throw new ApiError('REFUND_NOT_FOUND');
  // The workflow's validator is the rule; this answers the common case without a round trip.
  if (refund.status !== 'PENDING_APPROVAL') {
    throw new ApiError(
      'REFUND_NOT_PENDING_APPROVAL',
      `This refund is ${refund.status}, not waiting for a decision`,
    );
  }
  check(refund);
  await deps.orchestrator.decideRefund(refund, approve, decision);
  await markRefundWorkflowStarted(em(), refund.id);
  return (await findRefund(em(), refund.reference))!;
}
