import {
  APPROVAL_WORKFLOW_TYPE,
  approvalWorkflowId,
  type ApprovalWorkflow,
  type ApprovalWorkflowInput,
} from '../../domain/approvals/approval-windows.js';
import { STARTED_ONCE, startOnce, type WorkflowStarter } from '../../platform/temporal/starting.js';

/**
 * Starts an open act's approvals workflow. Starting one that runs finds it, so the sweep asks for
 * every open act each time and only a new one starts anything.
 */
export async function startApprovalWorkflow(
  temporal: WorkflowStarter,
  act: ApprovalWorkflowInput,
): Promise<void> {
  await startOnce(() =>
    temporal.client.workflow.start<ApprovalWorkflow>(APPROVAL_WORKFLOW_TYPE, {
      workflowId: approvalWorkflowId(temporal.taskQueue, act),
      taskQueue: temporal.taskQueue,
      args: [act],
      ...STARTED_ONCE,
    }),
  );
}
