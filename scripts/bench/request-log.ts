import { closedLoop, round, type OpResult, type RunResult } from './load.js';
import type { HttpClient } from './http.js';
import { createPayment, type Credentials } from './operations.js';
import type { CpuShare } from './sampler.js';
import { sleep } from './processes.js';

/**
 * `--only request-log`: what keeping the request log costs an app API request. Two API processes
 * of the same build, on the same database and Temporal, differ in one setting: the first keeps the
 * log (REQUEST_LOG_ENABLED unset, the default), the second does not (`false`). The bench drives
 * each process directly, past the balancer, and reads each process's own CPU. By default both are
 * driven at once, each by its own callers, so whatever else a shared machine does in those seconds
 * weighs on both alike; BENCH_REQUEST_LOG_TURNS=1 drives them in turns instead (on, off, then off,
 * on in the next round), which also splits PostgreSQL's CPU by side.
 */
/** The API process keeping the log, and the one not: their sampler groups. */
export const REQUEST_LOG_GROUPS = { on: 'api (log on)', off: 'api (log off)' } as const;
export const REQUEST_LOG_SETTINGS: Array<Record<string, string>> = [{}, { REQUEST_LOG_ENABLED: 'false' }];
const POSTGRES_GROUP = 'postgres (bench db)';

/** Above this, API CPU per request with the log ÷ without it calls for cheaper entries. */
export const REQUEST_LOG_CPU_RATIO_TARGET = 1.1;

export type RequestLogOperation = 'read' | 'create';

const authHeaders = (credentials: Credentials) => ({
  'x-api-key': credentials.key,
  'x-api-secret': credentials.secret,
});

/** GET /api/v1/payments/{reference}: the cheapest authenticated request, so the log's share shows most. */
const readOp =
  (api: HttpClient, credentials: Credentials, reference: string) => async (): Promise<OpResult> => {
    const response = await api.send('GET', `/api/v1/payments/${reference}`, {
      headers: authHeaders(credentials),
    });
    if (response.status !== 200) throw new Error(`read: HTTP ${response.status}`);
    return { ok: true };
  };

/** POST /api/v1/payments: a create, which starts the payment's workflow. */
const createOp = (api: HttpClient, credentials: Credentials) => async (): Promise<OpResult> => {
  await createPayment(api, credentials);
  return { ok: true };
};

/** One measured run of one operation against one API process. */
export interface RequestLogRun {
  operation: RequestLogOperation;
  log: 'on' | 'off';
  round: number;
  run: RunResult;
  /** CPU ms per completed request: the API process driven, and this database's PostgreSQL backends. */
  apiCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  /** Request log rows written during the run and the second after it (0 expected with the log off). */
  rowsWritten: number;
  machineBusyPercent: number | null;
  /** CPU of processes outside the service during the run, % of one core. */
  otherPercentOfOneCore: number | null;
}

/** One operation's runs with the log on and off, summed over the rounds, and their ratios. */
export interface RequestLogComparison {
  operation: RequestLogOperation;
  on: RequestLogSide;
  off: RequestLogSide;
  /** With the log ÷ without: > 1 is what the log costs (CPU) or takes away (throughput). */
  apiCpuRatio: number | null;
  postgresCpuRatio: number | null;
  throughputRatio: number | null;
  /** API CPU ms per request the log adds (on − off). */
  apiCpuMsAdded: number | null;
}

export interface RequestLogSide {
  requestsPerS: number;
  p50Ms: number | null;
  p99Ms: number | null;
  apiCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  failed: number;
  rowsPerRequest: number;
}

export interface RequestLogSummary {
  /** Both processes driven at once (the default), or in turns, on then off. */
  together: boolean;
  concurrency: number;
  seconds: number;
  rounds: number;
  runs: RequestLogRun[];
  comparisons: RequestLogComparison[];
  /** request_log_dropped_total of the API keeping the log, at the end. */
  droppedEntries: number | null;
}

export interface RequestLogDeps {
  /** The API process keeping the log, and the one not, each driven directly. */
  apis: { on: HttpClient; off: HttpClient };
  credentials: Credentials;
  /** Rows in request_log now. */
  countRows: () => Promise<number>;
  /** request_log_dropped_total of the API keeping the log. */
  dropped: () => Promise<number | null>;
  /** Waits for the worker to catch up with the workflows creates started. */
  drain: () => Promise<void>;
}

export interface RequestLogOptions {
  /** Both processes at once, each with `concurrency` callers; else in turns. */
  together: boolean;
  concurrency: number;
  seconds: number;
  warmupS: number;
  rounds: number;
  operations: RequestLogOperation[];
}

const perRequest = (share: CpuShare | null, group: string, completed: number) =>
  share && completed > 0
    ? round(((share.percentOfOneCore[group] ?? 0) * share.seconds * 10) / completed, 3)
    : null;

const roundOrNull = (value: number | null) => (value === null ? null : round(value));

const ratio = (on: number | null, off: number | null) =>
  on !== null && off !== null && off > 0 ? round(on / off, 3) : null;

/** Every request of one operation's runs on one side, as one: sums, and latencies request-weighted. */
function side(runs: RequestLogRun[]): RequestLogSide {
  const completed = runs.reduce((sum, r) => sum + r.run.ok, 0);
  const seconds = runs.reduce((sum, r) => sum + r.run.durationS, 0);
  const weighted = (pick: (r: RequestLogRun) => number | null) => {
    const known = runs.filter((r) => pick(r) !== null && r.run.ok > 0);
    const weight = known.reduce((sum, r) => sum + r.run.ok, 0);
    return weight > 0 ? round(known.reduce((sum, r) => sum + pick(r)! * r.run.ok, 0) / weight, 3) : null;
  };
  return {
    requestsPerS: seconds > 0 ? round(completed / seconds) : 0,
    p50Ms: roundOrNull(weighted((r) => r.run.latency.p50Ms)),
    p99Ms: roundOrNull(weighted((r) => r.run.latency.p99Ms)),
    apiCpuMsPerRequest: weighted((r) => r.apiCpuMsPerRequest),
    postgresCpuMsPerRequest: weighted((r) => r.postgresCpuMsPerRequest),
    failed: runs.reduce((sum, r) => sum + r.run.failed, 0),
    rowsPerRequest: completed > 0 ? round(runs.reduce((sum, r) => sum + r.rowsWritten, 0) / completed, 3) : 0,
  };
}

export function compareRequestLog(
  runs: RequestLogRun[],
  operations: RequestLogOperation[],
): RequestLogComparison[] {
  return operations.map((operation) => {
    const on = side(runs.filter((r) => r.operation === operation && r.log === 'on'));
    const off = side(runs.filter((r) => r.operation === operation && r.log === 'off'));
    return {
      operation,
      on,
      off,
      apiCpuRatio: ratio(on.apiCpuMsPerRequest, off.apiCpuMsPerRequest),
      postgresCpuRatio: ratio(on.postgresCpuMsPerRequest, off.postgresCpuMsPerRequest),
      throughputRatio: ratio(on.requestsPerS, off.requestsPerS),
      apiCpuMsAdded:
        on.apiCpuMsPerRequest !== null && off.apiCpuMsPerRequest !== null
          ? round(on.apiCpuMsPerRequest - off.apiCpuMsPerRequest, 3)
          : null,
    };
  });
}

/** The order of one round: on then off in odd rounds, off then on in even ones. */
export function roundOrder(roundNumber: number): Array<'on' | 'off'> {
  return roundNumber % 2 === 1 ? ['on', 'off'] : ['off', 'on'];
}

export async function runRequestLogPhases(
  deps: RequestLogDeps,
  options: RequestLogOptions,
  hooks: {
    log: (message: string) => void;
    mark: (name: string) => void;
    cpuBetween: (from: string, to: string) => CpuShare | null;
    signal: AbortSignal;
  },
): Promise<RequestLogSummary> {
  // The payment every read reads, made through the process that keeps the log.
  const reference = await createPayment(deps.apis.on, deps.credentials);
  const op = (operation: RequestLogOperation, log: 'on' | 'off') =>
    operation === 'read'
      ? readOp(deps.apis[log], deps.credentials, reference)
      : createOp(deps.apis[log], deps.credentials);

  const runs: RequestLogRun[] = [];
  const report = (run: RequestLogRun) =>
    hooks.log(
      `request log ${run.log}, ${run.operation} round ${run.round}: ${run.run.throughputPerS}/s, p50 ${run.run.latency.p50Ms} ms, p99 ${run.run.latency.p99Ms} ms, API ${run.apiCpuMsPerRequest} CPU ms/request, ${run.rowsWritten} rows`,
    );
  const measure = (
    operation: RequestLogOperation,
    log: 'on' | 'off',
    roundNumber: number,
    run: RunResult,
    share: CpuShare | null,
    rowsWritten: number,
    together: boolean,
  ): RequestLogRun => ({
    operation,
    log,
    round: roundNumber,
    run,
    apiCpuMsPerRequest: perRequest(share, REQUEST_LOG_GROUPS[log], run.ok),
    // Both at once, PostgreSQL's backends serve both: its share is the pair's, not either's.
    postgresCpuMsPerRequest: together ? null : perRequest(share, POSTGRES_GROUP, run.ok),
    rowsWritten,
    machineBusyPercent: share?.machineBusyPercent ?? null,
    otherPercentOfOneCore: share?.percentOfOneCore.other ?? null,
  });
  for (const operation of options.operations) {
    for (let roundNumber = 1; roundNumber <= options.rounds; roundNumber++) {
      if (options.together) {
        // Both processes at once, each its own callers: whatever else the machine does in those
        // seconds weighs on both alike, so CPU per request compares like for like.
        hooks.signal.throwIfAborted();
        if (operation === 'create') await deps.drain();
        await Promise.all(
          (['on', 'off'] as const).map((log) =>
            closedLoop(options.concurrency, options.warmupS, op(operation, log), hooks.signal),
          ),
        );
        await sleep(1_500);
        const rowsBefore = await deps.countRows();
        const name = `requestLog:${operation}:both:${roundNumber}`;
        hooks.mark(`${name}:start`);
        const [on, off] = await Promise.all(
          (['on', 'off'] as const).map((log) =>
            closedLoop(options.concurrency, options.seconds, op(operation, log), hooks.signal),
          ),
        );
        hooks.mark(`${name}:end`);
        await sleep(1_500);
        const rowsWritten = (await deps.countRows()) - rowsBefore;
        const share = hooks.cpuBetween(`${name}:start`, `${name}:end`);
        // Only the process keeping the log writes rows.
        for (const run of [
          measure(operation, 'on', roundNumber, on!, share, rowsWritten, true),
          measure(operation, 'off', roundNumber, off!, share, 0, true),
        ]) {
          runs.push(run);
          report(run);
        }
        continue;
      }
      for (const log of roundOrder(roundNumber)) {
        hooks.signal.throwIfAborted();
        if (operation === 'create') await deps.drain();
        await closedLoop(options.concurrency, options.warmupS, op(operation, log), hooks.signal);
        // The warm-up's entries go in before the run counts rows (the writer flushes every second).
        await sleep(1_500);
        const rowsBefore = await deps.countRows();
        const name = `requestLog:${operation}:${log}:${roundNumber}`;
        hooks.mark(`${name}:start`);
        const run = await closedLoop(options.concurrency, options.seconds, op(operation, log), hooks.signal);
        hooks.mark(`${name}:end`);
        await sleep(1_500);
        const rowsWritten = (await deps.countRows()) - rowsBefore;
        const measured = measure(
          operation,
          log,
          roundNumber,
          run,
          hooks.cpuBetween(`${name}:start`, `${name}:end`),
          rowsWritten,
          false,
        );
        runs.push(measured);
        report(measured);
      }
    }
  }
  return {
    together: options.together,
    concurrency: options.concurrency,
    seconds: options.seconds,
    rounds: options.rounds,
    runs,
    comparisons: compareRequestLog(runs, options.operations),
    droppedEntries: await deps.dropped(),
  };
}

/**
 * The log must be kept (about a row per request with it on, none with it off) and cost at most a
 * tenth more API CPU per request than no log.
 */
export function requestLogTargets(summary: RequestLogSummary) {
  return summary.comparisons.flatMap((c) => [
    {
      name: `request log rows per ${c.operation}, log on`,
      target: '>= 0.99',
      value: c.on.rowsPerRequest,
      pass: c.on.rowsPerRequest >= 0.99,
    },
    {
      name: `request log rows per ${c.operation}, log off`,
      target: '0',
      value: c.off.rowsPerRequest,
      pass: c.off.rowsPerRequest === 0,
    },
    {
      name: `API CPU per ${c.operation}, log on / off`,
      target: `<= ${REQUEST_LOG_CPU_RATIO_TARGET}`,
      value: c.apiCpuRatio,
      pass: c.apiCpuRatio !== null && c.apiCpuRatio <= REQUEST_LOG_CPU_RATIO_TARGET,
    },
  ]);
}
