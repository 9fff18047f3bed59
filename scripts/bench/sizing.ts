import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { waitForDrain } from './drain.js';
import { setUpEnvironment, Resources, type BenchEnvironment } from './environment.js';
import { HttpClient } from './http.js';
import { firstLifecycle, lifecycleOpenLoop, type LifecycleDeps } from './lifecycles.js';
import { round } from './load.js';
import { readOptions, type BenchOptions } from './options.js';
import { sleep } from './processes.js';
import { writeSummary } from './report.js';
import { machineBusyPercent, Sampler, type MemoryPeak } from './sampler.js';
import { readSizingOptions, refundsLifecycle, tableFlag, type SizingOptions } from './sizing-options.js';
import {
  ConnectionPeaks,
  historyFootprint,
  postgresDelta,
  PostgresProbe,
  type HistoryFootprint,
} from './sizing-probes.js';
import { tableFromResults, withSizingBlock } from './sizing-results.js';
import type { PerLifecycleCost, ProcessFootprint } from './sizing-table.js';

/**
 * `npm run bench:sizing`: the bench's service (its own database, Temporal dev server, simulator,
 * API and worker processes), driven with full payment lifecycles at a steady rate, and what each
 * lifecycle cost every part of it: CPU per process, PostgreSQL's statements, rows, WAL and growth,
 * Temporal's history, memory and connections at the peak. Writes bench-results/sizing-<time>.json;
 * `-- --table <json>` prints the sizing table (scripts/bench/sizing-table.ts) of such a file.
 */

const log = (message: string) => console.log(`[sizing ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Sampler groups whose CPU a lifecycle is charged with. */
const GROUPS = {
  api: 'api',
  worker: 'worker',
  postgres: 'postgres (bench db)',
  temporal: 'temporal',
  simulator: 'simulator',
  bench: 'bench',
} as const;

export interface SizingPhase {
  name: string;
  targetRatePerS: number;
  started: number;
  completed: number;
  failed: number;
  failures: Record<string, number>;
  refunds: number;
  seconds: number;
  ipnToWebhookP95Ms: number | null;
  /** CPU milliseconds per completed lifecycle, by process group. */
  cpuMs: Record<keyof typeof GROUPS, number | null>;
  postgres: {
    statements: number | null;
    transactions: number;
    rowsWritten: number;
    rowsRead: number;
    /** The bench database's WAL (pg_walinspect), or the cluster's where that cannot be read. */
    walBytes: number;
    walFullPageImageBytes: number | null;
    clusterWalBytes: number;
    databaseGrowthBytes: number;
  };
  connectionsAtPeak: { open: number; busy: number; samples: number };
  /** The whole machine's busy share over the phase, and what else was busy: other load inflates CPU. */
  machineBusyPercent: number | null;
  topOthers: Array<{ command: string; percentOfOneCore: number }>;
  temporalHistory: HistoryFootprint | null;
}

const perLifecycle = (total: number, completed: number) => (completed > 0 ? round(total / completed, 2) : 0);

async function runPhase(
  name: string,
  ratePerS: number,
  sizing: SizingOptions,
  deps: {
    env: BenchEnvironment;
    lifecycle: LifecycleDeps;
    sampler: Sampler;
    probe: PostgresProbe;
    client: Client;
  },
): Promise<SizingPhase> {
  const { env, lifecycle, sampler, probe, client } = deps;
  log(
    `${name}: ${sizing.lifecycles} lifecycles at ${ratePerS}/s, ${sizing.refundShare * 100} % partly refunded`,
  );
  let refunds = 0;
  const refund = async (sample: { reference: string }, index: number) => {
    if (!refundsLifecycle(index, sizing.refundShare)) return;
    const response = await lifecycle.api.send('POST', `/api/v1/payments/${sample.reference}/refunds`, {
      json: { amountMinor: 2_500, reason: 'sizing' },
      headers: {
        'x-api-key': lifecycle.credentials.key,
        'x-api-secret': lifecycle.credentials.secret,
        'idempotency-key': randomUUID(),
      },
    });
    if (response.status !== 201)
      throw new Error(`refund: HTTP ${response.status} ${response.body.slice(0, 80)}`);
    refunds += 1;
  };
  const peaks = new ConnectionPeaks(probe);
  const before = await probe.read();
  sampler.mark(`${name}:start`);
  peaks.start();
  const run = await lifecycleOpenLoop(
    lifecycle,
    ratePerS,
    sizing.lifecycles / ratePerS,
    60_000,
    env.aborted,
    refund,
  );
  // Work the lifecycles left queued (a refund's first steps, a delivery's record) is theirs too.
  await waitForDrain(client, 'payments', 60_000, env.aborted);
  const connectionsAtPeak = await peaks.stop();
  // Backends report their statistics at most once a second, when idle.
  await sleep(1_500);
  sampler.mark(`${name}:end`);
  const after = await probe.read();
  env.aborted.throwIfAborted();
  const delta = postgresDelta(before, after);
  const wal = await probe.databaseWal(before, after);
  const share = sampler.cpuBetween(`${name}:start`, `${name}:end`);
  const cpuMs = Object.fromEntries(
    Object.entries(GROUPS).map(([key, group]) => {
      const percent = share?.percentOfOneCore[group];
      return [
        key,
        percent === undefined ? null : perLifecycle((percent / 100) * share!.seconds * 1000, run.completed),
      ];
    }),
  ) as SizingPhase['cpuMs'];
  const temporalHistory = await historyFootprint(
    client,
    run.sampleReferences.map((reference) => `payment-${reference}`),
  ).catch((error: unknown) => {
    log(`could not read the payments' histories: ${String(error)}`);
    return null;
  });
  const per = (value: number) => perLifecycle(value, run.completed);
  const phase: SizingPhase = {
    name,
    targetRatePerS: ratePerS,
    started: run.completed + run.failed,
    completed: run.completed,
    failed: run.failed,
    failures: run.failures,
    refunds,
    seconds: share?.seconds ?? run.durationS,
    ipnToWebhookP95Ms: run.ipnToWebhook.p95Ms,
    cpuMs,
    postgres: {
      statements: delta.statements === null ? null : per(delta.statements),
      transactions: per(delta.transactions),
      rowsWritten: per(delta.rowsWritten),
      rowsRead: per(delta.rowsRead),
      walBytes: per(wal?.bytes ?? delta.clusterWalBytes),
      walFullPageImageBytes: wal ? per(wal.fullPageImageBytes) : null,
      clusterWalBytes: per(delta.clusterWalBytes),
      databaseGrowthBytes: per(delta.databaseGrowthBytes),
    },
    connectionsAtPeak,
    machineBusyPercent: share?.machineBusyPercent ?? null,
    topOthers: share?.topOthers ?? [],
    temporalHistory,
  };
  log(
    `${name}: ${run.completed} completed, ${run.failed} failed, api ${cpuMs.api} ms, worker ${cpuMs.worker} ms, ` +
      `${phase.postgres.walBytes} WAL bytes per lifecycle`,
  );
  return phase;
}

/** The idle window: what the service's processes and the cluster's WAL cost per second doing nothing. */
async function idleWindow(seconds: number, sampler: Sampler, probe: PostgresProbe) {
  if (seconds <= 0) return null;
  log(`idle window: ${seconds} s with no load`);
  const before = await probe.read();
  sampler.mark('idle:start');
  await sleep(seconds * 1000);
  sampler.mark('idle:end');
  const after = await probe.read();
  const share = sampler.cpuBetween('idle:start', 'idle:end');
  const delta = postgresDelta(before, after);
  const wal = await probe.databaseWal(before, after);
  return {
    seconds,
    cpuMsPerS: Object.fromEntries(
      Object.entries(GROUPS).map(([key, group]) => [
        key,
        round((share?.percentOfOneCore[group] ?? 0) * 10, 1),
      ]),
    ),
    walBytesPerS: wal ? round(wal.bytes / seconds) : null,
    clusterWalBytesPerS: round(delta.clusterWalBytes / seconds),
    transactionsPerS: round(delta.transactions / seconds, 2),
  };
}

function peakRss(memory: Record<string, MemoryPeak>, prefix: string): number {
  return Math.max(
    0,
    ...Object.entries(memory)
      .filter(([name]) => name === prefix || name.startsWith(`${prefix}-`))
      .map(([, peak]) => peak.peakRssMb),
  );
}

/** The main phase's figures in the sizing table's terms. */
function costOf(phase: SizingPhase): PerLifecycleCost {
  return {
    apiCpuMs: phase.cpuMs.api ?? 0,
    workerCpuMs: phase.cpuMs.worker ?? 0,
    postgresCpuMs: phase.cpuMs.postgres ?? 0,
    temporalCpuMs: phase.cpuMs.temporal ?? 0,
    statements: phase.postgres.statements ?? phase.postgres.transactions,
    statementsCounted: phase.postgres.statements === null ? 'transactions' : 'statements',
    rowsWritten: phase.postgres.rowsWritten,
    walBytes: Math.max(0, phase.postgres.walBytes),
    databaseGrowthBytes: Math.max(0, phase.postgres.databaseGrowthBytes),
    temporalHistoryBytes: phase.temporalHistory?.bytes ?? 0,
    temporalHistoryEvents: phase.temporalHistory?.events ?? 0,
  };
}

function printPhases(phases: SizingPhase[], idle: Awaited<ReturnType<typeof idleWindow>>): void {
  const rows: Array<[string, (phase: SizingPhase) => unknown]> = [
    ['lifecycles completed / failed', (p) => `${p.completed} / ${p.failed}`],
    ['partly refunded', (p) => p.refunds],
    ['API CPU ms', (p) => p.cpuMs.api],
    ['worker CPU ms', (p) => p.cpuMs.worker],
    ['PostgreSQL CPU ms', (p) => p.cpuMs.postgres],
    ['Temporal CPU ms', (p) => p.cpuMs.temporal],
    ['simulator CPU ms', (p) => p.cpuMs.simulator],
    ['statements (or transactions)', (p) => p.postgres.statements ?? `${p.postgres.transactions} tx`],
    ['rows written', (p) => p.postgres.rowsWritten],
    [
      'WAL bytes (of which full-page images)',
      (p) => `${p.postgres.walBytes} (${p.postgres.walFullPageImageBytes ?? '?'})`,
    ],
    ['WAL bytes, whole cluster', (p) => p.postgres.clusterWalBytes],
    ['database growth bytes', (p) => p.postgres.databaseGrowthBytes],
    ['Temporal history bytes', (p) => p.temporalHistory?.bytes ?? 'n/a'],
    ['Temporal history events', (p) => p.temporalHistory?.events ?? 'n/a'],
    [
      'DB connections open / busy at peak',
      (p) => `${p.connectionsAtPeak.open} / ${p.connectionsAtPeak.busy}`,
    ],
    ['IPN → webhook p95 ms', (p) => p.ipnToWebhookP95Ms],
    ['machine busy %', (p) => p.machineBusyPercent],
  ];
  console.log(
    `\nper lifecycle            | ${phases.map((p) => `${p.name} (${p.targetRatePerS}/s)`).join(' | ')}`,
  );
  for (const [label, cell] of rows)
    console.log(`${label.padEnd(36)} | ${phases.map((p) => String(cell(p))).join(' | ')}`);
  if (idle) {
    console.log(
      `baseline from the same run (idle ${idle.seconds} s, per second): ` +
        `api ${idle.cpuMsPerS.api} ms, worker ${idle.cpuMsPerS.worker} ms, temporal ${idle.cpuMsPerS.temporal} ms CPU, ` +
        `${idle.walBytesPerS ?? '?'} WAL bytes (${idle.clusterWalBytesPerS} cluster-wide), ${idle.transactionsPerS} transactions`,
    );
  }
}

async function measure(resources: Resources, options: BenchOptions, sizing: SizingOptions) {
  const startedAt = new Date().toISOString();
  const busyBeforeStartPercent = await machineBusyPercent(5_000);
  if (busyBeforeStartPercent > options.idleBusyPercent)
    log(
      `warning: the machine is ${busyBeforeStartPercent}% busy before start; other load inflates every figure`,
    );
  log(`setting up (${options.apiProcesses} api process(es), ${options.workers} worker(s))`);
  const env = await setUpEnvironment(options, resources);
  const sampler = new Sampler(options.databaseName);
  for (const child of env.apis) sampler.track(child.name, child.workPid, 'api');
  for (const child of env.workers) sampler.track(child.name, child.workPid, 'worker');
  sampler.track('simulator', env.simulator.workPid);
  sampler.track('temporal', env.temporal.child.workPid);
  sampler.track('bench', process.pid);
  sampler.start();
  resources.add('stop sampler', () => sampler.stop());
  const api = new HttpClient(env.apiUrl);
  const simulator = new HttpClient(env.simulatorUrl);
  resources.add('close http clients', () => {
    api.close();
    simulator.close();
  });
  const connection = await Connection.connect({ address: env.temporal.address });
  resources.add('close temporal client', () => connection.close());
  const client = new Client({ connection, namespace: 'default' });
  const probe = await PostgresProbe.open(options.databaseAdminUrl, env.databaseUrl, options.databaseName);
  resources.add('close postgres probe', () => probe.close());
  const lifecycle: LifecycleDeps = { api, simulator, receiver: env.receiver, credentials: env.credentials };

  log('waiting for the worker: one payment through to its webhook');
  await firstLifecycle(lifecycle, 180_000, env.aborted);
  if (sizing.warmupLifecycles > 0) {
    log(`warm-up: ${sizing.warmupLifecycles} lifecycles, not measured`);
    await lifecycleOpenLoop(
      lifecycle,
      sizing.ratePerS,
      sizing.warmupLifecycles / sizing.ratePerS,
      60_000,
      env.aborted,
    );
    await waitForDrain(client, 'payments', 60_000, env.aborted);
  }
  const idle = await idleWindow(sizing.idleS, sampler, probe);
  const deps = { env, lifecycle, sampler, probe, client };
  const phases = [await runPhase('main', sizing.ratePerS, sizing, deps)];
  if (sizing.secondRatePerS > 0) phases.push(await runPhase('second', sizing.secondRatePerS, sizing, deps));
  sampler.stop();
  const memory = sampler.memoryPeaks();
  const main = phases[0]!;
  // The phase that kept the most connections busy for its rate: the larger of the two estimates.
  const busiest = phases.reduce((a, b) =>
    b.connectionsAtPeak.busy / b.targetRatePerS > a.connectionsAtPeak.busy / a.targetRatePerS ? b : a,
  );
  const footprint: ProcessFootprint = {
    apiPeakRssMb: peakRss(memory, 'api'),
    workerPeakRssMb: peakRss(memory, 'worker'),
    poolMaxPerProcess: options.dbPoolMax,
    busyConnectionsAtPeak: busiest.connectionsAtPeak.busy,
    measuredLifecyclesPerS: busiest.targetRatePerS,
  };
  printPhases(phases, idle);
  return {
    kind: 'sizing',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      temporalCli: env.temporal.cliVersion,
      postgres: env.postgresVersion,
      busyBeforeStartPercent,
    },
    config: {
      sizing,
      apiProcesses: options.apiProcesses,
      workers: options.workers,
      dbPoolMax: options.dbPoolMax,
      compiled: options.compiled,
      temporalStore: options.temporalStore,
    },
    methods: {
      cpu: '/proc/<pid>/stat utime+stime deltas over each phase (scripts/bench/sampler.ts), ÷ lifecycles completed',
      statements: probe.statementsMethod,
      rowsWritten: 'pg_stat_database tup_inserted + tup_updated + tup_deleted of the bench database',
      walBytes: probe.walMethod,
      databaseGrowth:
        'pg_database_size() difference over the phase, no VACUUM or ANALYZE forced (autovacuum may run as in production)',
      temporalHistory:
        'DescribeWorkflowExecution historySizeBytes and historyLength of sampled payment workflows and their child workflows',
      memory: "the kernel's VmHWM of each process (peak RSS) over the whole run",
      connections: 'pg_stat_activity of the bench database every 250 ms: open, and busy (state <> idle)',
    },
    idle,
    phases,
    memory,
    perLifecycle: costOf(main),
    footprint,
  };
}

async function main(): Promise<void> {
  const { table, write, rest } = tableFlag(process.argv.slice(2));
  if (table) {
    const markdown = tableFromResults(JSON.parse(readFileSync(table, 'utf8')));
    if (!write) {
      console.log(markdown);
      return;
    }
    writeFileSync(write, withSizingBlock(readFileSync(write, 'utf8'), table, markdown));
    console.log(`${write}: table replaced by the one from ${table}`);
    return;
  }
  // Its own database, so a sizing run never drops the one a `npm run bench` elsewhere is using.
  const options = {
    ...readOptions(
      {
        BENCH_DATABASE_NAME: 'oi_payments_sizing',
        BENCH_RESULTS_PATH: 'bench-results/sizing-latest.json',
        ...process.env,
      },
      rest,
    ),
    // A lifecycle's cost alone: no payout rails' simulators beside it.
    payoutS: 0,
    payoutBatchLines: 0,
  };
  const sizing = readSizingOptions();
  const resources = new Resources();
  const crash = (error: unknown) => {
    console.error('bench:sizing crashed:', error);
    void resources.releaseAll().then(() => process.exit(1));
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      resources.abort.abort(new Error(`interrupted by ${signal}`));
    });
  }
  try {
    const summary = await measure(resources, options, sizing);
    const stamp = summary.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    const file = writeSummary(summary, `bench-results/sizing-${stamp}.json`);
    console.log(`\n${tableFromResults(summary)}\n\nResults written to ${file}`);
  } catch (error) {
    process.exitCode = 1;
    console.error('bench:sizing failed:', error);
  } finally {
    log('tearing down');
    await resources.releaseAll();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // Bad flags or a wrong results file: the message says which, a stack trace would not.
    console.error(`bench:sizing: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
