import type { EntityManager } from '@mikro-orm/postgresql';
import { markScheduleWorkflowStarted } from '../../db/reports/report-schedules.js';
import {
  REPORT_DELIVERY_WORKFLOW_TYPE,
  REPORT_MESSAGES,
  REPORT_SCHEDULE_WORKFLOW_TYPE,
  type ReportDeliveryWorkflow,
  type ReportScheduleWorkflow,
} from '../../domain/reports/report-workflow-contract.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { STARTED_ONCE, startOnce, type WorkflowStarter } from '../../platform/temporal/starting.js';

/**
 * Starts a schedule's workflow (once: starting it again finds the one running) and marks the row,
 * so the sweeper starts only those whose start never happened.
 */
export async function startReportScheduleWorkflow(
  temporal: WorkflowStarter,
  em: EntityManager,
  scheduleId: number,
): Promise<void> {
  await startOnce(() =>
    temporal.client.workflow.start<ReportScheduleWorkflow>(REPORT_SCHEDULE_WORKFLOW_TYPE, {
      workflowId: workflowIds.reportSchedule(temporal.taskQueue, scheduleId),
      taskQueue: temporal.taskQueue,
      args: [{ scheduleId }],
      ...STARTED_ONCE,
    }),
  );
  await markScheduleWorkflowStarted(em, scheduleId);
}

/** Wakes a schedule's workflow to read its row again (paused, resumed or deleted). */
export async function signalReportScheduleChanged(
  temporal: WorkflowStarter,
  scheduleId: number,
): Promise<void> {
  await temporal.client.workflow
    .getHandle(workflowIds.reportSchedule(temporal.taskQueue, scheduleId))
    .signal(REPORT_MESSAGES.scheduleChanged);
}

/**
 * Makes and delivers the schedule's run of the period before `at` now ("Run now"): one workflow
 * per schedule and period, so asking twice makes one file and one delivery.
 */
export async function startReportRunNow(
  temporal: WorkflowStarter,
  schedule: { id: number },
  period: { from: string; to: string },
  at: Date,
): Promise<string> {
  const workflowId = workflowIds.reportRunNow(temporal.taskQueue, schedule.id, period.from, period.to);
  await startOnce(() =>
    temporal.client.workflow.start<ReportDeliveryWorkflow>(REPORT_DELIVERY_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [{ scheduleId: schedule.id, at: at.toISOString() }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    }),
  );
  return workflowId;
}
