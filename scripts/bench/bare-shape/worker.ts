import { NativeConnection, Worker } from '@temporalio/worker';
import { DEFAULT_MAX_CACHED_WORKFLOWS, WORKER_SLOTS } from '../../../worker/worker-limits.js';
import { relaunchWithBoundedHeap } from '../../../worker/bounded-heap.js';
import { bareActivities } from './activities.js';

/**
 * The bare lifecycle's worker, started by the bench beside the service's: the same heap bound,
 * slots and workflow cache as the service's worker, on a task queue of its own.
 */
async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const taskQueue = process.env.BARE_TASK_QUEUE ?? 'bench-bare';
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowsPath: require.resolve('./workflow'),
    activities: bareActivities,
    ...WORKER_SLOTS,
    maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: '5 seconds',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  console.log(`bare worker polling ${taskQueue}`);
  await worker.run();
  await connection.close();
}

if (!relaunchWithBoundedHeap(__filename)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
