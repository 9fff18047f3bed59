import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleSpec,
} from '@temporalio/client';

/** One of the service's Temporal Schedules: a workflow started on the worker's task queue. */
export interface ServiceSchedule {
  scheduleId: string;
  spec: ScheduleSpec;
  workflowType: string;
  /** The id each run's workflow gets (Temporal adds the time of the run to it). */
  workflowId: string;
  taskQueue: string;
  args: unknown[];
  /** How far back a run missed while nothing was up is still caught up. */
  catchupWindow: '1 minute' | '1 hour' | '1 day';
  /** Also run once when the schedule is first created (not when an existing one is updated). */
  triggerImmediately?: boolean;
}

/**
 * Creates the schedule, or brings the spec of the one already there up to date: every worker
 * ensures the schedules at start-up, the first creates them and the others find them. A run still
 * going is never doubled (overlapping runs are skipped).
 */
export async function ensureSchedule(client: Client, schedule: ServiceSchedule): Promise<void> {
  const { scheduleId, spec } = schedule;
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: schedule.workflowType,
        workflowId: schedule.workflowId,
        taskQueue: schedule.taskQueue,
        args: schedule.args,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: schedule.catchupWindow },
      ...(schedule.triggerImmediately ? { state: { triggerImmediately: true } } : {}),
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((current) => ({ ...current, spec }));
  }
}
