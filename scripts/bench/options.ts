/**
 * The benchmark's knobs, all from BENCH_* environment variables so a quick smoke run is one line:
 * `BENCH_DURATION_S=3 BENCH_LIFECYCLE_S=5 npm run bench`.
 */
export interface BenchOptions {
  databaseAdminUrl: string;
  databaseName: string;
  /** Create-payment and baseline concurrency (phase 1). */
  concurrency: number;
  /** Measured seconds of phase 1 and of the baseline, each. */
  durationS: number;
  /** Discarded seconds before each measured closed-loop run. */
  warmupS: number;
  /** Seconds of fixed-rate creates at half the measured peak (phase 2). */
  halfLoadS: number;
  /** Fraction of phase 1's throughput used as phase 2's arrival rate. */
  halfLoadFraction: number;
  /** Seconds of sustained full lifecycles (phase 3). */
  lifecycleS: number;
  /** Pairs of lifecycle and bare phases, run back to back: the ratio is their median. */
  ratioRounds: number;
  /** Lifecycles in flight at once in phase 3. */
  lifecycleConcurrency: number;
  /** Payments created and left open at the end, to read the worker's memory with them (0: skip). */
  openPayments: number;
  /** Run the api and the worker from dist/ (`npm run build`), as production does. */
  compiled: boolean;
  /** How long one lifecycle may wait for its webhook before it counts as failed. */
  webhookTimeoutS: number;
  /** DATABASE_POOL_MAX handed to the api and the worker. */
  dbPoolMax: number;
  /** 'memory' (default) or 'file': a temporary SQLite file in WAL mode for the Temporal dev server. */
  temporalStore: 'memory' | 'file';
  /** Extra dev-server settings (KEY=VALUE, comma-separated), to try one before proposing it. */
  temporalDynamicConfig: string[];
  /** API processes behind one round-robin TCP balancer (`--api-processes N`). */
  apiProcesses: number;
  /** Worker processes on the one task queue (`--workers N`). */
  workers: number;
  /** `--cpu-per-worker X`: each worker capped at X of a core in its own CPU group (null: uncapped). */
  cpuPerWorker: number | null;
  /** `--cpu-per-api X`: each API process capped at X of a core (null: uncapped). */
  cpuPerApi: number | null;
  /** `--only scale-out`: customers paying at once per worker of a step (1 worker: this many). */
  scaleOutCustomersPerWorker: number;
  /** Where the JSON summary goes. */
  resultsPath: string;
  /** Keep the database after the run (for looking into a surprising result). */
  keepDatabase: boolean;
  /**
   * Up to this many seconds, wait for the machine to be quiet before starting: on a shared 2-core
   * machine another process's load is indistinguishable from the service being slow.
   */
  idleWaitS: number;
  /** "Quiet" means the machine's busy share stays under this % for 5 s. */
  idleBusyPercent: number;
  /**
   * `--only ledger`: the ledger phases alone, on the bench database, without the service.
   * `--only recon`: the service with the reconciliation phase alone.
   * `--only payouts`: the service with the payouts section alone (single payouts and batches).
   * `--only scale-out`: creates on 1 API process against all of them, and lifecycles on 1, 2, 4 …
   * workers, each process capped by its CPU share.
   * `--only request-log`: app API requests against an API process keeping the request log and one
   * not (REQUEST_LOG_ENABLED=false), in turns.
   * `--only approvals`: the service, and what acts waiting for a second person cost its sweeper.
   */
  only: BenchOnly | null;
  /** Measured seconds of each ledger throughput run (0: skip those runs). */
  ledgerS: number;
  /** Apps the spread ledger run posts to, round-robin (the concentrated run posts to one). */
  ledgerApps: number;
  /** Postings bulk-loaded into one app's payable account before its balance is read (0: skip). */
  ledgerPostings: number;
  /** Timed balance reads per case, after a few untimed ones. */
  ledgerReads: number;
  /** Settlement lines (and captured payments) of the reconciliation phase (0: skip it). */
  reconLines: number;
  /** Lines of its baseline day, reconciled first in the same run to show the scaling (0: none). */
  reconBaselineLines: number;
  /** Seconds of single payouts (and of their bare-start baseline) in the payouts section (0: skip them). */
  payoutS: number;
  /** Single payouts in flight at once, and the baseline's concurrency. */
  payoutConcurrency: number;
  /** Lines of the payout batch timed from POST to COMPLETED (0: skip it). */
  payoutBatchLines: number;
  /** Lines of the smaller batch paid first in the same run, to show the scaling (0: none). */
  payoutBaselineLines: number;
  /** `--only request-log`: measured seconds of each run (one operation, log on or off). */
  requestLogS: number;
  /** `--only request-log`: rounds per operation (in turns: on-then-off when odd, off-then-on when even). */
  requestLogRounds: number;
  /**
   * `--only request-log`: both API processes driven at once, each with BENCH_CONCURRENCY callers
   * (the default), or in turns with BENCH_REQUEST_LOG_TURNS=1 (which also splits PostgreSQL's CPU by side).
   */
  requestLogTogether: boolean;
  /** `--only approvals`: acts proposed at once, lapsed and then fresh. */
  approvalActs: number;
}

function num(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number >= ${min} (got '${raw}')`);
  return value;
}

function int(name: string, fallback: number, min: number): number {
  const value = num(name, fallback, min);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer (got '${value}')`);
  return value;
}

const ONLY = ['ledger', 'recon', 'scale-out', 'payouts', 'request-log', 'approvals'] as const;
export type BenchOnly = (typeof ONLY)[number];

export interface ProcessLayout {
  apiProcesses: number;
  workers: number;
  cpuPerWorker: number | null;
  cpuPerApi: number | null;
}

/**
 * `--api-processes N`, `--workers N`, `--cpu-per-worker X` and `--cpu-per-api X` from the command
 * line (`npm run bench -- --workers 2`). A share is of one core: 0.25 is a quarter of a core.
 */
export function processCounts(
  argv: string[],
  defaults: Pick<ProcessLayout, 'apiProcesses' | 'workers'> = { apiProcesses: 1, workers: 1 },
): ProcessLayout {
  const layout: ProcessLayout = { ...defaults, cpuPerWorker: null, cpuPerApi: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const raw = inline ?? argv[i + 1];
    if (inline === undefined) i += 1;
    const value = Number(raw);
    if (flag === '--api-processes' || flag === '--workers') {
      if (!Number.isInteger(value) || value < 1 || value > 8)
        throw new Error(`${flag} must be an integer from 1 to 8 (got '${raw}')`);
      layout[flag === '--workers' ? 'workers' : 'apiProcesses'] = value;
    } else if (flag === '--cpu-per-worker' || flag === '--cpu-per-api') {
      if (!Number.isFinite(value) || value < 0.01 || value > 64)
        throw new Error(`${flag} must be a share of one core from 0.01 to 64 (got '${raw}')`);
      layout[flag === '--cpu-per-worker' ? 'cpuPerWorker' : 'cpuPerApi'] = value;
    } else {
      throw new Error(
        `unknown option '${argv[i - (inline === undefined ? 1 : 0)]}' (known: --api-processes N, --workers N, --cpu-per-worker X, --cpu-per-api X, --only ${ONLY.join('|')})`,
      );
    }
  }
  return layout;
}

/** `--only ledger|recon|scale-out|payouts|request-log`, taken out of the command line; the rest goes to `processCounts`. */
function onlyFlag(argv: string[]): { only: BenchOnly | null; rest: string[] } {
  const rest: string[] = [];
  let only: BenchOnly | null = null;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (flag !== '--only') {
      rest.push(argv[i]!);
      continue;
    }
    const value = inline ?? argv[++i];
    if (!ONLY.includes(value as BenchOnly))
      throw new Error(`--only takes ${ONLY.map((o) => `'${o}'`).join(', ')} (got '${value}')`);
    only = value as BenchOnly;
  }
  return { only, rest };
}

/** Whether the run has a payouts section: its rails' simulators are started only then. */
export function runsPayouts(options: Pick<BenchOptions, 'only' | 'payoutS' | 'payoutBatchLines'>): boolean {
  return (
    (options.only === null || options.only === 'payouts') &&
    (options.payoutS > 0 || options.payoutBatchLines > 0)
  );
}

export function readOptions(
  env: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv.slice(2),
): BenchOptions {
  const store = env.BENCH_TEMPORAL_STORE ?? 'memory';
  if (store !== 'memory' && store !== 'file')
    throw new Error(`BENCH_TEMPORAL_STORE must be 'memory' or 'file'`);
  const databaseName = env.BENCH_DATABASE_NAME ?? 'oi_payments_bench';
  // The name is interpolated into DROP/CREATE DATABASE, so it must be a plain identifier.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseName))
    throw new Error('BENCH_DATABASE_NAME must be a lower-case identifier');
  const { only, rest } = onlyFlag(argv);
  return {
    databaseAdminUrl: env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    databaseName,
    concurrency: int('BENCH_CONCURRENCY', 16, 1),
    durationS: num('BENCH_DURATION_S', 20, 1),
    warmupS: num('BENCH_WARMUP_S', 3, 0),
    halfLoadS: num('BENCH_HALF_LOAD_S', 15, 1),
    halfLoadFraction: num('BENCH_HALF_LOAD_FRACTION', 0.5, 0.01),
    lifecycleS: num('BENCH_LIFECYCLE_S', 60, 1),
    ratioRounds: int('BENCH_RATIO_ROUNDS', 1, 1),
    lifecycleConcurrency: int('BENCH_LIFECYCLE_CONCURRENCY', 64, 1),
    compiled: env.BENCH_COMPILED === '1',
    openPayments: int('BENCH_OPEN_PAYMENTS', 10_000, 0),
    webhookTimeoutS: num('BENCH_WEBHOOK_TIMEOUT_S', 30, 1),
    dbPoolMax: int('BENCH_DATABASE_POOL_MAX', 20, 1),
    temporalStore: store,
    temporalDynamicConfig: (env.BENCH_TEMPORAL_DYNAMIC_CONFIG ?? '')
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean),
    ...processCounts(rest),
    scaleOutCustomersPerWorker: int('BENCH_SCALE_OUT_CUSTOMERS_PER_WORKER', 8, 1),
    resultsPath: env.BENCH_RESULTS_PATH ?? 'bench-results/latest.json',
    keepDatabase: env.BENCH_KEEP_DATABASE === '1',
    idleWaitS: num('BENCH_IDLE_WAIT_S', 0, 0),
    idleBusyPercent: num('BENCH_IDLE_BUSY_PERCENT', 20, 1),
    only,
    ledgerS: num('BENCH_LEDGER_S', 10, 0),
    ledgerApps: int('BENCH_LEDGER_APPS', 200, 2),
    ledgerPostings: int('BENCH_LEDGER_POSTINGS', 1_000_000, 0),
    ledgerReads: int('BENCH_LEDGER_READS', 50, 1),
    reconLines: int('BENCH_RECON_LINES', 100_000, 0),
    reconBaselineLines: int('BENCH_RECON_BASELINE_LINES', 10_000, 0),
    payoutS: num('BENCH_PAYOUT_S', 15, 0),
    payoutConcurrency: int('BENCH_PAYOUT_CONCURRENCY', 8, 1),
    payoutBatchLines: int('BENCH_PAYOUT_BATCH_LINES', 1_000, 0),
    payoutBaselineLines: int('BENCH_PAYOUT_BASELINE_LINES', 100, 0),
    requestLogS: num('BENCH_REQUEST_LOG_S', 10, 1),
    requestLogRounds: int('BENCH_REQUEST_LOG_ROUNDS', 3, 1),
    requestLogTogether: env.BENCH_REQUEST_LOG_TURNS !== '1',
    approvalActs: int('BENCH_APPROVAL_ACTS', 500, 1),
  };
}
