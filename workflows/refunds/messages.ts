import { defineUpdate } from '@temporalio/workflow';
import {
  REFUND_MESSAGES,
  type DecisionMessage,
  type RefundDecisionResult,
} from '../../domain/refunds/refund-workflow-contract.js';

/**
 * An approver's decision, or finance's confirmation, named by the id the API recorded it under
 * (table refund_decisions): the workflow trusts nothing else in the message.
 */
export const approveRefundUpdate = defineUpdate<RefundDecisionResult, [DecisionMessage]>(
  REFUND_MESSAGES.approve,
);
export const rejectRefundUpdate = defineUpdate<RefundDecisionResult, [DecisionMessage]>(
  REFUND_MESSAGES.reject,
);
/** A finance operator's word on a refund the gateway holds but cannot be asked about. */
export const confirmRefundUpdate = defineUpdate<RefundDecisionResult, [DecisionMessage]>(
  REFUND_MESSAGES.confirm,
);
