import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { refundWorkflowStart, type RefundToStart } from '../../activities/refunds/refund-starts.js';
import { ApiError } from '../../domain/shared/errors.js';
import { FAILURE_TYPES } from '../../domain/shared/failure-types.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  REFUND_WORKFLOW_TYPE,
  type DecisionMessage,
  type RefundDecisionResult,
  type RefundWorkflow,
} from '../../domain/refunds/refund-workflow-contract.js';
import {
  approveRefundUpdate,
  confirmRefundUpdate,
  rejectRefundUpdate,
} from '../../workflows/refunds/messages.js';
import { startOnce } from '../../platform/temporal/starting.js';
import {
  DEFERRABLE_START_DEADLINE_MS,
  INTERACTIVE_DEADLINE_MS,
  closedBeforeTaking,
  failureMessage,
  failureType,
} from '../workflow-failures.js';

/** The API's side of the refund workflow: start a taken refund's, hand it decisions and confirmations. */
export interface RefundWorkflows {
  /** Starts a taken refund's workflow; starting it again finds the one already running. */
  startRefund(
    refund: RefundToStart,
    createdEventId: string | null,
    approvalEventId?: string | null,
  ): Promise<void>;
  /**
   * Tells the refund's workflow of an approver's decision recorded in the database (by its id)
   * and waits for it to be applied; the answer is the refund's new status. The workflow is
   * started first if it never was (the API stopped right after taking the refund), so a decision
   * never waits on the sweeper.
   */
  decideRefund(
    refund: RefundToStart,
    approve: boolean,
    decision: DecisionMessage,
  ): Promise<RefundDecisionResult>;
  /**
   * Tells the refund's workflow, which is waiting for it, of finance's confirmation recorded in
   * the database (by its id), and waits for it to be applied.
   */
  confirmRefund(refund: RefundToStart, confirmation: DecisionMessage): Promise<RefundDecisionResult>;
}

/** A confirmation the workflow refused (its validator), or one for a workflow that no longer waits. */
function toConfirmationError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    const message = failureMessage(error);
    if (type === FAILURE_TYPES.selfApproval) throw new ApiError('SELF_APPROVAL_FORBIDDEN', message);
    if (type === FAILURE_TYPES.forbidden) throw new ApiError('FORBIDDEN', message);
    if (type === FAILURE_TYPES.validation) throw new ApiError('VALIDATION_ERROR', message);
    throw new ApiError('REFUND_NOT_AWAITING_CONFIRMATION', message);
  }
  if (closedBeforeTaking(error)) {
    throw new ApiError('REFUND_NOT_AWAITING_CONFIRMATION', 'This refund no longer waits for a confirmation');
  }
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The refund service is busy; please try again');
}

/** A decision the workflow refused (its validator) or could not take (the refund's workflow closed). */
function toDecisionError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    const message = failureMessage(error);
    if (type === FAILURE_TYPES.selfApproval) throw new ApiError('SELF_APPROVAL_FORBIDDEN', message);
    if (type === FAILURE_TYPES.approverAlreadyApproved)
      throw new ApiError('APPROVER_ALREADY_APPROVED', message);
    if (type === FAILURE_TYPES.forbidden) throw new ApiError('FORBIDDEN', message);
    throw new ApiError('REFUND_NOT_PENDING_APPROVAL', message);
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError || closedBeforeTaking(error)) {
    throw new ApiError('REFUND_NOT_PENDING_APPROVAL', 'This refund no longer waits for a decision');
  }
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The refund service is busy; please try again');
}

export function createRefundWorkflows(client: Client, taskQueue: string): RefundWorkflows {
  return {
    async startRefund(refund, createdEventId, approvalEventId = null) {
      await startOnce(() =>
        client.withDeadline(Date.now() + DEFERRABLE_START_DEADLINE_MS, () =>
          client.workflow.start<RefundWorkflow>(
            REFUND_WORKFLOW_TYPE,
            refundWorkflowStart(refund, taskQueue, createdEventId, approvalEventId),
          ),
        ),
      );
    },

    decideRefund(refund, approve, decision) {
      return client
        .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () =>
          client.workflow.executeUpdateWithStart(approve ? approveRefundUpdate : rejectRefundUpdate, {
            args: [decision],
            startWorkflowOperation: new WithStartWorkflowOperation<RefundWorkflow>(
              REFUND_WORKFLOW_TYPE,
              refundWorkflowStart(refund, taskQueue, null),
            ),
          }),
        )
        .catch(toDecisionError);
    },

    confirmRefund(refund, confirmation) {
      return client
        .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () =>
          client.workflow
            .getHandle(workflowIds.refund(refund.reference))
            .executeUpdate(confirmRefundUpdate, { args: [confirmation] }),
        )
        .catch(toConfirmationError);
    },
  };
}
