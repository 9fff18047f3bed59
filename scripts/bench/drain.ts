import type { Client } from '@temporalio/client';
import { sleep } from './processes.js';

/**
 * Waits until the worker has caught up with the workflow tasks the previous phase queued, so a
 * phase does not pay for its predecessor's backlog. Best effort: gives up after `timeoutMs`.
 */
export async function waitForDrain(
  client: Client,
  taskQueue: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  let backlog: number | null = null;
  while (Date.now() < deadline && !signal.aborted) {
    try {
      const response = await client.workflowService.describeTaskQueue({
        namespace: 'default',
        // The type defaults to the workflow queue, which is where a create's first task waits.
        taskQueue: { name: taskQueue },
        reportStats: true,
      });
      backlog = Number(response.stats?.approximateBacklogCount ?? 0);
      if (backlog === 0) return 0;
    } catch {
      return null;
    }
    await sleep(500);
  }
  return backlog;
}
