import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkflowIdConflictPolicy, WorkflowStartOptions } from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import type { RefundStatus } from '../../domain/refunds/refunds.js';
import { REFUND_WORKFLOW_TYPE, type RefundWorkflow } from '../../domain/refunds/refund-workflow-contract.js';
import { findEventFor } from '../../db/webhooks/events.js';
import { markRefundWorkflowStarted, type Refund } from '../../db/refunds/refunds.js';
import { STARTED_ONCE, startOnce, type WorkflowStarter } from '../../platform/temporal/starting.js';
import { ownerAttributes, searchAttributes } from '../../platform/temporal/search-attributes.js';

/** What starting a refund's workflow needs to know of the refund. */
export interface RefundToStart {
  id: number;
  reference: string;
  paymentReference: string;
  appId: number;
  mode: Mode;
  status: RefundStatus;
  approvalExpiresAt: Date | null;
  requestedByOperatorId: number | null;
}

/**
 * `refund-<reference>`, from the API right after the refund is taken or from the sweeper when the
 * API stopped before starting it: started once (USE_EXISTING, REJECT_DUPLICATE).
 */
export function refundWorkflowStart(
  refund: RefundToStart,
  taskQueue: string,
  createdEventId: string | null,
  approvalEventId: string | null = null,
): WorkflowStartOptions<RefundWorkflow> & { workflowIdConflictPolicy: WorkflowIdConflictPolicy } {
  const waits = refund.status === 'PENDING_APPROVAL' && refund.approvalExpiresAt !== null;
  return {
    workflowId: workflowIds.refund(refund.reference),
    taskQueue,
    args: [
      {
        refundId: refund.id,
        reference: refund.reference,
        createdEventId,
        ...(waits && {
          approval: {
            expiresAt: refund.approvalExpiresAt!.toISOString(),
            requestedByOperatorId: refund.requestedByOperatorId,
            requiredEventId: approvalEventId,
          },
        }),
      },
    ],
    ...STARTED_ONCE,
    typedSearchAttributes: [
      ...ownerAttributes(refund),
      { key: searchAttributes.RefundStatus, value: refund.status },
      { key: searchAttributes.PaymentReference, value: refund.paymentReference },
    ],
  };
}

/**
 * Starts `refund-<reference>` for a refund already committed, with the events it owes the app,
 * then marks it started so the sweeper leaves it alone. Idempotent: the sweeper and the step
 * that took the refund may both call it.
 */
export async function startRefundWorkflow(
  temporal: WorkflowStarter,
  em: EntityManager,
  taken: { refund: Refund; eventId?: string | null; approvalEventId?: string | null },
): Promise<void> {
  const { refund } = taken;
  const created = taken.eventId ?? (await findEventFor(em, 'refund', refund.reference, 'refund.created'))?.id;
  const required =
    taken.approvalEventId ??
    (await findEventFor(em, 'refund', refund.reference, 'refund.approval_required'))?.id;
  await startOnce(() =>
    temporal.client.workflow.start<RefundWorkflow>(
      REFUND_WORKFLOW_TYPE,
      refundWorkflowStart(refund, temporal.taskQueue, created ?? null, required ?? null),
    ),
  );
  await markRefundWorkflowStarted(em, refund.id);
}
