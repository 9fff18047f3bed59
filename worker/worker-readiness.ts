import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Orm } from '../platform/orm/orm.js';
import { runCheck, type CheckResult } from '../platform/health/dependency-check.js';
import { postgresqlCheck, temporalCheck } from '../platform/health/dependencies.js';
import { createReadiness, type CheckReport, type Readiness } from '../platform/health/readiness.js';
import { logReadinessChanges } from '../platform/health/readiness-log.js';
import { WORKER_SLOTS } from './worker-limits.js';

/** Run states of a worker that was asked to stop: it finishes what it holds and polls no more. */
const STOPPING = new Set(['STOPPING', 'DRAINING', 'DRAINED', 'STOPPED']);

export interface WorkerReadiness extends Readiness {
  /** The worker and its connection, once created: until then readiness says it is starting. */
  attach(worker: Pick<Worker, 'getStatus'>, connection: NativeConnection): void;
}

/** What the worker holds and how it polls: the readiness answer's `worker` check. */
function workerState(worker: Pick<Worker, 'getStatus'>): CheckReport {
  const status = worker.getStatus();
  const pollers = { workflow: status.workflowPollerState, activity: status.activityPollerState };
  const polling =
    status.runState === 'RUNNING' && pollers.workflow === 'POLLING' && pollers.activity === 'POLLING';
  const reason = STOPPING.has(status.runState)
    ? `run state ${status.runState}: shutting down, no longer polling`
    : status.runState !== 'RUNNING'
      ? `run state ${status.runState}`
      : `pollers: workflow ${pollers.workflow}, activity ${pollers.activity}`;
  return {
    ...(polling ? { status: 'ok' as const } : { status: 'failed' as const, reason }),
    runState: status.runState,
    polling: {
      workflow: { state: pollers.workflow, outstandingPoll: status.hasOutstandingWorkflowPoll },
      activity: { state: pollers.activity, outstandingPoll: status.hasOutstandingActivityPoll },
    },
    slots: {
      workflowTasks: {
        used: status.numInFlightWorkflowActivations,
        max: WORKER_SLOTS.maxConcurrentWorkflowTaskExecutions,
      },
      activities: {
        used: status.numInFlightNonLocalActivities,
        max: WORKER_SLOTS.maxConcurrentActivityTaskExecutions,
      },
      localActivities: { used: status.numInFlightLocalActivities },
    },
    cachedWorkflows: status.numCachedWorkflows,
  };
}

/**
 * The worker is ready when it runs and both its pollers poll, PostgreSQL answers, and Temporal
 * answered within the last WORKER_TEMPORAL_TOLERANCE_SECONDS: its pollers retry through a blip on
 * their own, so only an outage that lasts makes it a worker that stopped polling.
 */
export function workerReadiness(deps: {
  orm: Orm;
  timeoutMs: number;
  temporalToleranceMs: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}): WorkerReadiness {
  let attached: { worker: Pick<Worker, 'getStatus'>; connection: NativeConnection } | null = null;
  // Since when Temporal has not answered (null: it answered last time), as the probes saw it.
  let failingSince: number | null = null;

  const temporal = async (): Promise<CheckReport> => {
    if (!attached) return { status: 'failed', latencyMs: 0, reason: 'starting: not connected yet' };
    const result: CheckResult = await runCheck(temporalCheck(attached.connection), deps.timeoutMs);
    if (result.status === 'ok') {
      failingSince = null;
      return result;
    }
    failingSince ??= Date.now() - result.latencyMs;
    const unreachableMs = Date.now() - failingSince;
    const unreachableForSeconds = Math.round(unreachableMs / 1000);
    return unreachableMs < deps.temporalToleranceMs
      ? { status: 'ok', latencyMs: result.latencyMs, unreachableForSeconds, tolerated: result.reason }
      : {
          ...result,
          reason: `${result.reason} (unreachable for ${unreachableForSeconds} s)`,
          unreachableForSeconds,
        };
  };

  const readiness = createReadiness({
    dependencies: { postgresql: postgresqlCheck(deps.orm) },
    states: {
      temporal,
      worker: () => (attached ? workerState(attached.worker) : { status: 'failed', reason: 'starting' }),
    },
    timeoutMs: deps.timeoutMs,
    onChange: deps.logger && logReadinessChanges(deps.logger),
  });

  return {
    report() {
      // Temporal's runtime stops the worker at SIGTERM itself: from then on, draining.
      if (attached && STOPPING.has(attached.worker.getStatus().runState)) readiness.drain();
      return readiness.report();
    },
    drain: () => readiness.drain(),
    get draining() {
      return readiness.draining;
    },
    attach(worker, connection) {
      attached = { worker, connection };
    },
  };
}
