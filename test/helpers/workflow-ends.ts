import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

/**
 * How a workflow run ended, for a test that knocked on it: the type of the failure it ended with
 * (its activity's refusal), 'COMPLETED', or 'STILL_RUNNING' when it has not ended within `withinMs`.
 */
export async function endOf(result: Promise<unknown>, withinMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const running = new Promise<'STILL_RUNNING'>((resolve) => {
    timer = setTimeout(() => resolve('STILL_RUNNING'), withinMs);
  });
  try {
    return await Promise.race([result.then(() => 'COMPLETED'), running]);
  } catch (error) {
    let cause: unknown = error instanceof WorkflowFailedError ? error.cause : error;
    if (cause instanceof ActivityFailure) cause = cause.cause;
    return cause instanceof ApplicationFailure ? (cause.type ?? 'APPLICATION') : String(cause);
  } finally {
    clearTimeout(timer);
  }
}
