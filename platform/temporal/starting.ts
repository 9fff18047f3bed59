import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

/**
 * How a workflow keyed by its business object starts: starting it again finds the running one,
 * and a closed one is never started twice (the database row is the lasting guard).
 */
export const STARTED_ONCE = {
  workflowIdConflictPolicy: 'USE_EXISTING',
  workflowIdReusePolicy: 'REJECT_DUPLICATE',
} as const;

/** What starts workflows from inside an activity: the worker's client and its task queue. */
export interface WorkflowStarter {
  client: Client;
  taskQueue: string;
}

/** Starting a workflow that already ran to its end is refused, and that is the answer we want. */
export async function startOnce(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
