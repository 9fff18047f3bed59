import { continueAsNew, sleep } from '@temporalio/workflow';
import type { ApprovalWorkflowInput } from '../../domain/approvals/approval-windows.js';
import { books } from './approval-options.js';

/**
 * How often a waiting act is read again: an act decided through the dashboard, the admin API or
 * the CLI ends its workflow within this long, with no message the workflow would have to trust.
 */
const RECHECK_MS = 60 * 60 * 1000;
/** Reads in one run before it continues as new: a week of hourly reads keeps a short history. */
const READS_PER_RUN = 200;

/**
 * One workflow per act that waits for a second person and has no workflow of its own (a loosened
 * control, a rail switched back on, a change to people, a parked payment's release, a LIVE money
 * key): `approval-<kind>-<id>-<task queue>`, started by the sweeper for every open act. It keeps
 * the act's window: it reads the act from PostgreSQL, sleeps until its window ends (or an hour,
 * whichever is first), and closes it as EXPIRED if nobody decided it by then. It decides nothing:
 * approvals and rejections are recorded by the doors of the rule book, and this workflow only
 * stops waiting for them.
 */
export async function approvalWorkflow(input: ApprovalWorkflowInput): Promise<{ status: string }> {
  for (let read = 0; ; read += 1) {
    if (read >= READS_PER_RUN) await continueAsNew<typeof approvalWorkflow>(input);
    const state = await books.approvalWindow(input);
    if (state.kind === 'CLOSED') return { status: state.status };
    await sleep(Math.max(1, Math.min(state.closesAtMs - Date.now(), RECHECK_MS)));
  }
}
