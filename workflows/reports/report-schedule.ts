import { ActivityFailure, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type {
  ReportDeliveryWorkflowInput,
  ReportScheduleWorkflowInput,
} from '../../domain/reports/report-workflow-contract.js';
import { reportScheduleChangedSignal } from './messages.js';
import { deliver, makeRun, readSchedule } from './report-options.js';

/** Runs in one workflow run before it continues as new: a daily schedule's year is a short history. */
const RUNS_PER_RUN = 30;

/** Makes the schedule's run of the period before `at` and delivers it; a delivery that never went is recorded FAILED. */
async function runAndDeliver(scheduleId: number, at: string): Promise<void> {
  const { runId } = await makeRun.runScheduledReport({ scheduleId, at });
  if (runId === null) return;
  try {
    await deliver.deliverReportRun({ runId });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause?.message ?? error.message;
    await readSchedule.recordReportDeliveryFailure({ runId, detail: `gave up after a day: ${cause}` });
  }
}

/**
 * One workflow per report schedule: reads the schedule, sleeps until its next run (in the
 * company's zone), makes the run and delivers it, and again, for as long as the schedule exists.
 * The schedule's row decides everything each time (a paused schedule waits for a change, a
 * deleted one ends the workflow); the change signal only wakes it to read the row again.
 */
export async function reportScheduleWorkflow(input: ReportScheduleWorkflowInput): Promise<void> {
  let changed = false;
  setHandler(reportScheduleChangedSignal, () => {
    changed = true;
  });
  let after = input.after ?? new Date().toISOString();
  for (let runs = 0; ;) {
    if (runs >= RUNS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof reportScheduleWorkflow>({ scheduleId: input.scheduleId, after });
    }
    changed = false;
    const next = await readSchedule.nextReportRun({ scheduleId: input.scheduleId, after });
    if (next.outcome === 'DELETED') return;
    if (next.outcome === 'PAUSED') {
      await condition(() => changed);
      // Runs missed while paused are not made afterwards: a resumed schedule runs from now on.
      after = new Date().toISOString();
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(() => changed, wait))) continue;
    await runAndDeliver(input.scheduleId, next.at);
    after = next.at;
    runs += 1;
  }
}

/** One run of a schedule at once ("Run now"): the period before `at`, made and delivered like any run. */
export async function reportDeliveryWorkflow(input: ReportDeliveryWorkflowInput): Promise<void> {
  await runAndDeliver(input.scheduleId, input.at);
}
