import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { round } from './load.js';

const EventType = temporal.api.enums.v1.EventType;

/** What one payment lifecycle costs the Temporal server, averaged over sampled payments. */
export interface TemporalCosts {
  sampled: number;
  perLifecycle: {
    workflows: number;
    historyEvents: number;
    workflowTasks: number;
    activityTasks: number;
    localActivities: number;
    timers: number;
    signals: number;
    updates: number;
  };
}

/**
 * Reads the histories of sampled workflows (payments, or the bench's bare lifecycles) and of the
 * workflows they started (webhook deliveries), and counts, per lifecycle, the workflow tasks,
 * activity tasks and events the server handled.
 */
export async function temporalCosts(client: Client, workflowIds: string[]): Promise<TemporalCosts | null> {
  if (workflowIds.length === 0) return null;
  const totals = {
    workflows: 0,
    historyEvents: 0,
    workflowTasks: 0,
    activityTasks: 0,
    localActivities: 0,
    timers: 0,
    signals: 0,
    updates: 0,
  };
  const count = async (workflowId: string) => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    totals.workflows += 1;
    for (const event of history.events ?? []) {
      totals.historyEvents += 1;
      switch (event.eventType) {
        case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
          totals.workflowTasks += 1;
          break;
        case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
          totals.activityTasks += 1;
          break;
        case EventType.EVENT_TYPE_MARKER_RECORDED:
          totals.localActivities += 1;
          break;
        case EventType.EVENT_TYPE_TIMER_STARTED:
          totals.timers += 1;
          break;
        case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
          totals.signals += 1;
          break;
        case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
          totals.updates += 1;
          break;
        case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
          const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
          if (child) await count(child);
          break;
        }
        default:
      }
    }
  };
  for (const workflowId of workflowIds) await count(workflowId);
  const per = (value: number) => round(value / workflowIds.length, 2);
  return {
    sampled: workflowIds.length,
    perLifecycle: {
      workflows: per(totals.workflows),
      historyEvents: per(totals.historyEvents),
      workflowTasks: per(totals.workflowTasks),
      activityTasks: per(totals.activityTasks),
      localActivities: per(totals.localActivities),
      timers: per(totals.timers),
      signals: per(totals.signals),
      updates: per(totals.updates),
    },
  };
}
