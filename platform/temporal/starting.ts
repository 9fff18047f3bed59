import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

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
