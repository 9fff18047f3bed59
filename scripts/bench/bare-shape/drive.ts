import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { searchAttributes } from '../../../platform/temporal/search-attributes.js';
import { round, steadyWindow, summarize, type RunResult, type WindowMarks } from '../load.js';
import { ROOT, spawnTsx, type Child } from '../processes.js';
import { serviceNode } from '../service-node.js';
import { workerAllocatorEnv, workerHeapFlags } from '../../../worker/bounded-heap.js';
import { callbackSignal, openUpdate } from './messages.js';
import type { bareLifecycleWorkflow } from './workflow.js';

const TASK_QUEUE = 'bench-bare';
const SAMPLES = 40;

/**
 * The bare lifecycle's worker, as the bench runs the service's: its own process, with the service
 * worker's heap bound. The bare worker runs from its TypeScript source, which alone would give it
 * the sources' larger old space (worker/bounded-heap.ts); with `compiled` it gets the compiled
 * worker's flags instead, so both workers collect garbage under the same limits, and the service's
 * runtime (../service-node.ts) first on its PATH, which tsx runs.
 */
export async function startBareWorker(
  temporalAddress: string,
  logDir: string,
  compiled: boolean,
): Promise<Child> {
  return spawnTsx(
    'bare-worker',
    path.join('scripts', 'bench', 'bare-shape', 'worker.ts'),
    {
      PATH: compiled
        ? `${path.dirname(serviceNode(ROOT).path)}${path.delimiter}${process.env.PATH}`
        : process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: temporalAddress,
      BARE_TASK_QUEUE: TASK_QUEUE,
      ...workerAllocatorEnv(process.env),
    },
    logDir,
    [
      ...(compiled ? workerHeapFlags(true) : []),
      // As BENCH_WORKER_NODE_ARGS for the service's worker: a profile of the same phase's baseline.
      ...(process.env.BENCH_BARE_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    ],
  );
}

/**
 * One bare lifecycle as a payment's is driven: the click starts it with update-with-start (the
 * same start options and search attributes as a payment), the gateway's signal, then its end.
 */
export async function runBareLifecycle(client: Client): Promise<string> {
  const workflowId = `bare-${randomUUID()}`;
  await client.workflow.executeUpdateWithStart(openUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation<typeof bareLifecycleWorkflow>(
      'bareLifecycleWorkflow',
      {
        workflowId,
        taskQueue: TASK_QUEUE,
        args: [{ expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: searchAttributes.AppId, value: '1' },
          { key: searchAttributes.Mode, value: 'TEST' },
          { key: searchAttributes.PaymentStatus, value: 'CREATED' },
          { key: searchAttributes.CustomerReference, value: 'bench-customer' },
        ],
      },
    ),
  });
  const handle = client.workflow.getHandle<typeof bareLifecycleWorkflow>(workflowId);
  await handle.signal(callbackSignal, randomUUID());
  const status = await handle.result();
  if (status !== 'SUCCEEDED') throw new Error(`bare lifecycle ended ${status}`);
  return workflowId;
}

export interface BarePhaseResult extends RunResult {
  /** Some completed bare lifecycles, for counting what one costs Temporal. */
  sampleWorkflowIds: string[];
}

/**
 * Bare lifecycles, `concurrency` at a time: `warmupS`, then a `durationS` window in steady state,
 * measured as the payments' lifecycles are (see steadyWindow).
 */
export async function barePhase(
  client: Client,
  concurrency: number,
  warmupS: number,
  durationS: number,
  signal: AbortSignal,
  around: WindowMarks,
): Promise<BarePhaseResult> {
  const sampleWorkflowIds: string[] = [];
  const latencies: number[] = [];
  const run = await steadyWindow(
    concurrency,
    warmupS,
    durationS,
    () => runBareLifecycle(client),
    signal,
    around,
  );
  let ok = 0;
  for (const lifecycle of run.finished) {
    if (lifecycle.finishedAt < run.windowStart || lifecycle.finishedAt > run.windowEnd) continue;
    ok += 1;
    latencies.push(lifecycle.finishedAt - lifecycle.startedAt);
    if (sampleWorkflowIds.length < SAMPLES) sampleWorkflowIds.push(lifecycle.value);
  }
  const { failed, failures } = run;
  return {
    durationS,
    completed: ok + failed,
    ok,
    failed,
    failures,
    throughputPerS: round(ok / durationS),
    latency: summarize(latencies),
    sampleWorkflowIds,
  };
}
