import { Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';

/** Readiness checks; each answers true or throws (waitFor treats both "no" and errors as "not yet"). */

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  return response.ok;
}

export async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/** True once a worker started after `since` polls the task queue (earlier runs' pollers linger in the list). */
export async function workerPolling(
  connection: Connection,
  target: { namespace: string; taskQueue: string; since: number },
): Promise<boolean> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace: target.namespace,
    taskQueue: { name: target.taskQueue },
  });
  return pollers.some((poller) => tsToMs(poller.lastAccessTime) >= target.since);
}
