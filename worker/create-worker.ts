import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { Context } from '@temporalio/activity';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { Tracing } from '../platform/telemetry/tracing.js';
import { createActivities, type Activities, type ActivityDeps } from '../activities/index.js';
import { createSettlementActivities } from '../activities/payments/settlement-activities.js';

import { WORKFLOWS_PATH } from './workflow-bundle.js';
import { DEFAULT_MAX_CACHED_WORKFLOWS, WORKER_SLOTS } from './worker-limits.js';

export { WORKFLOWS_PATH, DEFAULT_MAX_CACHED_WORKFLOWS };

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /**
   * Workflows kept in memory between tasks. Bounded so memory does not grow with the number of
   * open payments: an evicted workflow is rebuilt from its history on its next task.
   */
  maxCachedWorkflows?: number;
  /**
   * Replaces some activities, given the real ones: how workflow tests stage races (a crash after
   * a step committed, a slow gateway) that the full stack cannot time.
   */
  overrideActivities?: (real: Activities) => Partial<Activities>;
  /** A pre-built bundle (tests, `npm run build`); otherwise the workflows are bundled now. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * With tracing on, workflows, activities and local activities make spans in the caller's trace.
   * The workflows are then bundled at start with their tracing interceptors: a pre-built bundle
   * has none.
   */
  tracing?: Tracing | null;
  /**
   * At shutdown, how long activities in flight may run on before they are cancelled
   * (SHUTDOWN_GRACE_SECONDS in a deployment); 10 s when left out.
   */
  shutdownGraceSeconds?: number;
}

/**
 * How long past the grace the worker still waits for what was cancelled to settle before it stops
 * anyway (Temporal's shutdownForceTime, counted from the signal). A workflow task held open by a
 * local activity retrying against a dependency that is down (PostgreSQL) is not ended by the
 * grace: without this bound the worker waited on it past the grace, into the orchestrator's
 * SIGKILL. What it held is Temporal's again once the worker is gone (the task times out and is
 * retried on another worker); the chart leaves 3 s after the grace for this and the closing.
 */
export const SHUTDOWN_FORCE_AFTER_GRACE_SECONDS = 2;

export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: withOverrides(createActivities(setup.deps), setup.overrideActivities),
    ...(setup.workflowBundle && !setup.tracing
      ? { workflowBundle: setup.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    ...(setup.tracing && {
      interceptors: {
        workflowModules: [require.resolve('./workflow-tracing')],
        activity: [(ctx: Context) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) })],
      },
      sinks: { exporter: makeWorkflowExporter(setup.tracing.exporter, setup.tracing.resource) },
    }),
    ...WORKER_SLOTS,
    maxCachedWorkflows: setup.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: `${setup.shutdownGraceSeconds ?? 10} seconds`,
    shutdownForceTime: `${(setup.shutdownGraceSeconds ?? 10) + SHUTDOWN_FORCE_AFTER_GRACE_SECONDS} seconds`,
  });
}

function withOverrides(real: Activities, override?: (real: Activities) => Partial<Activities>): Activities {
  if (!override) return real;
  const overrides = override(real);
  const merged = { ...real, ...overrides };
  // The settlement step is made of other activities: it must run the replaced ones.
  return {
    ...merged,
    ...(overrides.settleCallback ? {} : createSettlementActivities(merged, merged)),
  };
}
