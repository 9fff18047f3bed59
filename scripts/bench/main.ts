import { cpus, totalmem } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { waitForDrain } from './drain.js';
import { SERVICE_TASK_QUEUE, setUpEnvironment, Resources } from './environment.js';
import { HttpClient } from './http.js';
import { ledgerCpu, ledgerTargets, runLedgerOnly, runLedgerPhases } from './ledger-phases.js';
import { firstLifecycle, lifecycleOpenLoop, lifecyclePhase } from './lifecycles.js';
import { closedLoop, openLoop, round } from './load.js';
import { baselineOp, createOp, openCheckoutOp } from './operations.js';
import { readOptions, type BenchOptions } from './options.js';
import { runReconPhases, reconTargets, type ReconSummary } from './reconciliation.js';
import { runScaleOut, scaleOutRefusal, scaleOutTargets } from './scale-out.js';
import { payoutTargets, runPayoutPhases, type PayoutSummary } from './payouts.js';
import { runApprovalPhase } from './approvals.js';
import { requestLogSection } from './request-log-section.js';
import { REQUEST_LOG_GROUPS, REQUEST_LOG_SETTINGS } from './request-log.js';
import { createOrm } from '../../platform/orm/orm.js';
import { ROOT, currentWorkPid, sleep, stopChild } from './processes.js';
import { serviceNode } from './service-node.js';
import {
  printSummary,
  writeSummary,
  type BenchSummary,
  type LedgerBenchSummary,
  type PayoutBenchSummary,
  type ReconBenchSummary,
  type RequestLogBenchSummary,
  type ApprovalBenchSummary,
  type ScaleOutBenchSummary,
  type TargetCheck,
} from './report.js';
import { machineBusyPercent, memoryKb, Sampler, type CpuShare } from './sampler.js';
import { temporalCosts, type TemporalCosts } from './temporal-costs.js';
import { barePhase, runBareLifecycle, startBareWorker, type BarePhaseResult } from './bare-shape/drive.js';

/**
 * `npm run bench`: builds a private copy of the whole service (database, Temporal dev server,
 * gateway simulator, api and worker as separate processes), measures it in three phases against
 * a bare-Temporal baseline, tears everything down, and writes bench-results/latest.json.
 */

/** The service's performance targets; the bench prints each with PASS or FAIL. */
const TARGETS = {
  createToBaseline: 0.8,
  halfLoadP99Ms: 50,
  lifecyclesPerS: 25,
  ipnToWebhookP95Ms: 1_000,
  cpuMsPerLifecycle: { temporal: 40, worker: 20, api: 8 },
  lifecyclesToBare: 0.85,
  /** With 10,000 payments open at checkout. */
  workerRssMb: 250,
  /** A payout paid against a payment's whole lifecycle, in the same run. */
  payoutCpuToLifecycle: 2,
  payoutsToLifecyclesPerS: 0.5,
};

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Waits (up to `waitS`) for 5 s in a row under `busyPercent`; returns the last 5 s busy share. */
async function waitForQuietMachine(
  waitS: number,
  busyPercent: number,
  signal: AbortSignal,
): Promise<{ busyPercent: number; waitedS: number }> {
  const started = Date.now();
  for (;;) {
    signal.throwIfAborted();
    const busy = await machineBusyPercent(5_000);
    const waitedS = round((Date.now() - started) / 1000);
    if (busy <= busyPercent || waitedS >= waitS) return { busyPercent: busy, waitedS };
    log(`machine ${busy}% busy before start (other work on it); waiting for it to quiet down`);
  }
}

/** CPU milliseconds each process spent per completed operation: what a phase's work costs where. */
function perOperation(share: CpuShare | null, perSecond: number): Record<string, number> | null {
  if (!share || perSecond <= 0) return null;
  return Object.fromEntries(
    Object.entries(share.percentOfOneCore).map(([group, percent]) => [
      group,
      round((percent * 10) / perSecond, 2),
    ]),
  );
}

function machineOf(postgres: string, busyBeforeStartPercent: number): Record<string, unknown> {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    postgres,
    busyBeforeStartPercent,
  };
}

/** The reconciliation phase against the running service, unless BENCH_RECON_LINES=0. */
async function reconPhase(
  options: BenchOptions,
  databaseUrl: string,
  client: Client,
  workerPid: number,
  sampler: Sampler,
  signal: AbortSignal,
): Promise<ReconSummary | null> {
  if (options.reconLines <= 0) return null;
  log(
    `reconciliation: ${options.reconBaselineLines > 0 ? `${options.reconBaselineLines} lines, then ` : ''}${options.reconLines} lines`,
  );
  const orm = await createOrm({ databaseUrl, poolMax: 4 });
  try {
    return await runReconPhases(
      { orm, client, workerPid },
      { lines: options.reconLines, baselineLines: options.reconBaselineLines },
      { log, mark: (name) => sampler.mark(name), signal },
    );
  } finally {
    await orm.close();
  }
}

/**
 * Phase 3b: bare lifecycles of a payment's shape, Temporal's own work with nothing of ours in it,
 * in their own worker started for the phase and stopped after it.
 */
async function bareLifecycles(
  client: Client,
  env: { temporal: { address: string }; logDir: string; aborted: AbortSignal },
  options: BenchOptions,
  sampler: Sampler,
): Promise<{ run: BarePhaseResult; costs: TemporalCosts | null }> {
  log(`phase 3b: bare lifecycles of the same shape, ${options.lifecycleConcurrency} at a time`);
  const worker = await startBareWorker(env.temporal.address, env.logDir, options.compiled);
  sampler.track('bare-worker', worker.workPid);
  try {
    // Its first lifecycle waits for the workflows to be bundled and the worker to poll.
    await runBareLifecycle(client);
    sampler.track('bare-worker', currentWorkPid(worker));
    const run = await barePhase(
      client,
      options.lifecycleConcurrency,
      options.warmupS,
      options.lifecycleS,
      env.aborted,
      { before: () => sampler.mark('bare:start'), after: () => sampler.mark('bare:end') },
    );
    const costs = await temporalCosts(client, run.sampleWorkflowIds).catch(() => null);
    return { run, costs };
  } finally {
    await stopChild(worker);
  }
}

/** The payouts section against the running service, unless BENCH_PAYOUT_S and BENCH_PAYOUT_BATCH_LINES are 0. */
async function payoutPhase(
  options: BenchOptions,
  env: { databaseUrl: string; rails: { url: string } | null; aborted: AbortSignal },
  deps: { api: HttpClient; credentials: { key: string; secret: string }; client: Client },
  sampler: Sampler,
): Promise<PayoutSummary | null> {
  if (!env.rails) return null;
  log(
    `payouts: ${options.payoutS > 0 ? `single payouts for ${options.payoutS} s, ` : ''}` +
      `${options.payoutBatchLines > 0 ? `batches of ${options.payoutBaselineLines > 0 ? `${options.payoutBaselineLines} and ` : ''}${options.payoutBatchLines} lines` : 'no batch'}`,
  );
  return runPayoutPhases(
    { ...deps, databaseUrl: env.databaseUrl, railsUrl: env.rails.url },
    {
      concurrency: options.payoutConcurrency,
      seconds: options.payoutS,
      warmupS: options.warmupS,
      batchLines: options.payoutBatchLines,
      baselineLines: options.payoutBaselineLines,
    },
    { log, mark: (name) => sampler.mark(name), signal: env.aborted },
  );
}

/** CPU share of the payouts section's parts, by the sampler's marks. */
function payoutCpu(sampler: Sampler, payouts: PayoutSummary | null): Record<string, CpuShare | null> {
  if (!payouts) return {};
  const batches = [payouts.batchBaseline, payouts.batch].filter((run) => run !== null);
  return {
    ...(payouts.singles ? { payouts: sampler.cpuBetween('payouts:start', 'payouts:end') } : {}),
    ...Object.fromEntries(
      batches.map((run) => [
        `payoutBatch${run.lines}`,
        sampler.cpuBetween(`payoutBatch${run.lines}:start`, `payoutBatch${run.lines}:end`),
      ]),
    ),
  };
}

/**
 * Money out at the cost of money in: a payout paid may cost the worker and Temporal together at
 * most twice a payment's whole lifecycle, and payouts are paid at least half as fast as lifecycles
 * complete, both against the lifecycles of the same run.
 */
function payoutAgainstLifecycle(
  payoutCpu: Record<string, number> | null,
  lifecycleCpu: Record<string, number> | null,
  paidPerS: number,
  lifecyclesPerS: number,
): TargetCheck[] {
  const workerAndTemporal = (cpu: Record<string, number> | null) =>
    cpu && cpu.worker !== undefined && cpu.temporal !== undefined ? cpu.worker + cpu.temporal : null;
  const payout = workerAndTemporal(payoutCpu);
  const lifecycle = workerAndTemporal(lifecycleCpu);
  const cpuRatio = payout !== null && lifecycle ? round(payout / lifecycle, 2) : null;
  const rateRatio = lifecyclesPerS > 0 ? round(paidPerS / lifecyclesPerS, 2) : null;
  return [
    {
      name: 'CPU ms per payout paid / per lifecycle (worker + temporal)',
      target: `<= ${TARGETS.payoutCpuToLifecycle}`,
      value: cpuRatio,
      pass: cpuRatio !== null && cpuRatio <= TARGETS.payoutCpuToLifecycle,
    },
    {
      name: 'payouts paid/s / lifecycles completed/s',
      target: `>= ${TARGETS.payoutsToLifecyclesPerS}`,
      value: rateRatio,
      pass: rateRatio !== null && rateRatio >= TARGETS.payoutsToLifecyclesPerS,
    },
  ];
}

/** One round's lifecycles and bare lifecycles per second, run back to back, and their ratio. */
interface RatioRound {
  lifecyclesPerS: number;
  barePerS: number;
  ratio: number | null;
  /** Each process's CPU ms per lifecycle in this round's payments window (rounds after the first). */
  cpuMsPerLifecycle?: Record<string, number> | null;
  /** Each process's CPU ms per bare lifecycle in this round's bare window (rounds after the first). */
  cpuMsPerBareLifecycle?: Record<string, number> | null;
}

function ratioOf(lifecyclesPerS: number, barePerS: number): RatioRound {
  return { lifecyclesPerS, barePerS, ratio: barePerS > 0 ? round(lifecyclesPerS / barePerS, 2) : null };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : round((sorted[middle - 1]! + sorted[middle]!) / 2, 2);
}

/** Each process's CPU ms per operation in the window the sampler marked `<name>:start` to `<name>:end`. */
function windowCpu(sampler: Sampler, name: string, perSecond: number): Record<string, number> | null {
  return perOperation(sampler.cpuBetween(`${name}:start`, `${name}:end`), perSecond);
}

/** Each process's median over the rounds that measured it; null when none did. */
function medianOfRounds(rounds: Array<Record<string, number> | null>): Record<string, number> | null {
  const measured = rounds.filter((r): r is Record<string, number> => r !== null);
  if (measured.length === 0) return null;
  const processes = [...new Set(measured.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(
    processes.map((name) => [name, median(measured.flatMap((r) => (name in r ? [r[name]!] : [])))!]),
  );
}

/**
 * Rounds after the first (BENCH_RATIO_ROUNDS): a lifecycle phase, then a bare one, each as long as
 * phase 3. A machine whose speed drifts over minutes moves both phases of a pair alike, so the
 * median of the pairs' ratios says more than one pair run minutes apart.
 */
async function moreRatioRounds(
  client: Client,
  lifecycleDeps: Parameters<typeof lifecyclePhase>[0],
  env: { temporal: { address: string }; logDir: string; aborted: AbortSignal },
  options: BenchOptions,
  sampler: Sampler,
): Promise<RatioRound[]> {
  if (options.ratioRounds < 2) return [];
  const worker = await startBareWorker(env.temporal.address, env.logDir, options.compiled);
  const rounds: RatioRound[] = [];
  try {
    await runBareLifecycle(client);
    sampler.track('bare-worker', currentWorkPid(worker));
    for (let round = 2; round <= options.ratioRounds; round++) {
      await waitForDrain(client, 'payments', 120_000, env.aborted);
      const ours = await lifecyclePhase(
        lifecycleDeps,
        options.lifecycleConcurrency,
        options.warmupS,
        options.lifecycleS,
        options.webhookTimeoutS * 1000,
        env.aborted,
        {
          before: () => sampler.mark(`lifecycles${round}:start`),
          after: () => sampler.mark(`lifecycles${round}:end`),
        },
      );
      const bare = await barePhase(
        client,
        options.lifecycleConcurrency,
        options.warmupS,
        options.lifecycleS,
        env.aborted,
        { before: () => sampler.mark(`bare${round}:start`), after: () => sampler.mark(`bare${round}:end`) },
      );
      const pair: RatioRound = {
        ...ratioOf(ours.completedPerS, bare.throughputPerS),
        cpuMsPerLifecycle: windowCpu(sampler, `lifecycles${round}`, ours.completedPerS),
        cpuMsPerBareLifecycle: windowCpu(sampler, `bare${round}`, bare.throughputPerS),
      };
      rounds.push(pair);
      log(
        `ratio round ${round}: ${ours.completedPerS} lifecycles/s, ${bare.throughputPerS} bare/s; worker CPU ms per lifecycle ${pair.cpuMsPerLifecycle?.worker ?? '?'}, bare worker's ${pair.cpuMsPerBareLifecycle?.['bare-worker'] ?? '?'}`,
      );
    }
  } finally {
    await stopChild(worker);
  }
  return rounds;
}

/** CPU share of each reconciliation day, by the sampler's marks. */
function reconCpu(sampler: Sampler, recon: ReconSummary | null): Record<string, CpuShare | null> {
  if (!recon) return {};
  const days = [recon.baseline, recon.full].filter((day) => day !== null);
  return Object.fromEntries(
    days.map((day) => [
      `recon${day.lines}`,
      sampler.cpuBetween(`recon${day.lines}:start`, `recon${day.lines}:end`),
    ]),
  );
}

async function run(
  resources: Resources,
): Promise<
  | BenchSummary
  | LedgerBenchSummary
  | ReconBenchSummary
  | ScaleOutBenchSummary
  | PayoutBenchSummary
  | RequestLogBenchSummary
  | ApprovalBenchSummary
> {
  const options = readOptions();
  const startedAt = new Date().toISOString();
  const before = await waitForQuietMachine(
    options.idleWaitS,
    options.idleBusyPercent,
    resources.abort.signal,
  );
  if (before.busyPercent > options.idleBusyPercent) {
    log(
      `warning: the machine was ${before.busyPercent}% busy before start; other load will depress every number`,
    );
  }
  if (options.only === 'ledger') {
    const summary = await runLedgerOnly(options, resources, log);
    return { ...summary, machine: { ...summary.machine, busyBeforeStartPercent: before.busyPercent } };
  }
  if (options.only === 'scale-out') {
    const refusal = scaleOutRefusal(options);
    if (refusal) throw new Error(refusal);
  }
  log(
    `setting up (${options.only === 'request-log' ? 2 : options.apiProcesses} api process(es), ${options.only === 'request-log' ? 1 : options.workers} worker(s), concurrency ${options.concurrency}, ${options.durationS} s per closed-loop run, lifecycles ${options.lifecycleS} s)`,
  );
  // Scale-out starts with one worker and adds the others step by step. The request log's section
  // runs two API processes, the second with the log off.
  const env =
    options.only === 'request-log'
      ? await setUpEnvironment({ ...options, apiProcesses: 2, workers: 1 }, resources, REQUEST_LOG_SETTINGS)
      : await setUpEnvironment(
          options.only === 'scale-out' ? { ...options, workers: 1 } : options,
          resources,
        );
  log(
    `temporal ${env.temporal.address}, api ${env.apiUrl}, simulator ${env.simulatorUrl}, webhooks ${env.receiver.url}`,
  );
  log(
    `pids: ${[...env.apis, ...env.workers].map((child) => `${child.name} ${child.workPid}`).join(', ')}, simulator ${env.simulator.workPid}, temporal ${env.temporal.child.workPid}; logs in ${env.logDir}`,
  );

  const sampler = new Sampler(options.databaseName);
  const apiGroups = options.only === 'request-log' ? [REQUEST_LOG_GROUPS.on, REQUEST_LOG_GROUPS.off] : [];
  for (const [i, child] of env.apis.entries())
    sampler.track(child.name, child.workPid, apiGroups[i] ?? 'api');
  for (const child of env.workers) sampler.track(child.name, child.workPid, 'worker');
  sampler.track('simulator', env.simulator.workPid);
  if (env.rails) sampler.track('rail-simulators', env.rails.child.workPid);
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
  const lifecycleDeps = { api, simulator, receiver: env.receiver, credentials: env.credentials };

  log('waiting for the worker: one payment through to its webhook');
  const firstLifecycleS = await firstLifecycle(lifecycleDeps, 180_000, env.aborted);
  log(`first payment completed after ${firstLifecycleS} s`);
  // A worker runs itself again with a bounded heap: on a busy machine that child may not have been
  // there yet when it was first tracked. Now it serves payments, so its deepest process is the one.
  for (const child of env.workers) sampler.track(child.name, currentWorkPid(child), 'worker');

  if (options.only === 'scale-out') {
    const scaleOut = await runScaleOut(env, lifecycleDeps, options, sampler, log);
    sampler.stop();
    const targets = scaleOutTargets(scaleOut);
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineOf(env.postgresVersion, before.busyPercent),
      config: { ...options, databaseAdminUrl: undefined },
      only: 'scale-out',
      scaleOut,
      memory: sampler.memoryPeaks(),
      cpu: Object.fromEntries(
        [
          ...(scaleOut.api ?? []).map((s) => `api${s.processes}`),
          ...(scaleOut.workers ?? []).map((s) => `worker${s.processes}`),
        ].map((phase) => [phase, sampler.cpuBetween(`${phase}:start`, `${phase}:end`)]),
      ),
      cpuMsPerOperation: {},
      targets,
      allTargetsPass: targets.every((t) => t.pass),
    };
  }

  if (options.only === 'recon') {
    const recon = await reconPhase(
      options,
      env.databaseUrl,
      client,
      env.worker.workPid,
      sampler,
      env.aborted,
    );
    sampler.stop();
    if (!recon) throw new Error('--only recon with BENCH_RECON_LINES=0 measures nothing');
    const targets = reconTargets(recon);
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineOf(env.postgresVersion, before.busyPercent),
      config: { ...options, databaseAdminUrl: undefined },
      only: 'recon',
      recon,
      memory: sampler.memoryPeaks(),
      cpu: reconCpu(sampler, recon),
      cpuMsPerOperation: {},
      targets,
      allTargetsPass: targets.every((t) => t.pass),
    };
  }

  if (options.only === 'request-log') {
    const section = await requestLogSection(options, env, client, sampler, log);
    sampler.stop();
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineOf(env.postgresVersion, before.busyPercent),
      config: { ...options, databaseAdminUrl: undefined, apiProcesses: 2, workers: 1 },
      only: 'request-log',
      ...section,
      memory: sampler.memoryPeaks(),
    };
  }

  if (options.only === 'approvals') {
    const approvals = await runApprovalPhase(
      { client, databaseUrl: env.databaseUrl, taskQueue: SERVICE_TASK_QUEUE },
      { acts: options.approvalActs, durationS: options.durationS, concurrency: options.concurrency },
      { log, signal: env.aborted },
    );
    sampler.stop();
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineOf(env.postgresVersion, before.busyPercent),
      config: { ...options, databaseAdminUrl: undefined },
      only: 'approvals',
      approvals,
      memory: sampler.memoryPeaks(),
    };
  }

  if (options.only === 'payouts') {
    const payouts = await payoutPhase(options, env, { api, credentials: env.credentials, client }, sampler);
    sampler.stop();
    if (!payouts)
      throw new Error('--only payouts with BENCH_PAYOUT_S=0 and BENCH_PAYOUT_BATCH_LINES=0 measures nothing');
    const targets = payoutTargets(payouts);
    const cpu = payoutCpu(sampler, payouts);
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineOf(env.postgresVersion, before.busyPercent),
      config: { ...options, databaseAdminUrl: undefined },
      only: 'payouts',
      payouts,
      memory: sampler.memoryPeaks(),
      cpu,
      cpuMsPerOperation: {
        payouts: perOperation(cpu.payouts ?? null, payouts.singles?.paidPerS ?? 0),
      },
      targets,
      allTargetsPass: targets.every((t) => t.pass),
    };
  }

  // Baseline first: the create phase then runs against the larger history, never the other way.
  const noopQueue = `bench-noop-${Date.now()}`;
  log(`baseline: bare workflow starts, warm-up ${options.warmupS} s`);
  await closedLoop(options.concurrency, options.warmupS, baselineOp(client, noopQueue), env.aborted);
  sampler.mark('baseline:start');
  const baseline = await closedLoop(
    options.concurrency,
    options.durationS,
    baselineOp(client, noopQueue),
    env.aborted,
  );
  sampler.mark('baseline:end');
  env.aborted.throwIfAborted();
  log(`baseline: ${baseline.throughputPerS}/s`);

  log(`phase 1: create payments, warm-up ${options.warmupS} s`);
  await closedLoop(options.concurrency, options.warmupS, createOp(api, env.credentials), env.aborted);
  await waitForDrain(client, 'payments', 60_000, env.aborted);
  sampler.mark('create:start');
  const createRun = await closedLoop(
    options.concurrency,
    options.durationS,
    createOp(api, env.credentials),
    env.aborted,
  );
  sampler.mark('create:end');
  env.aborted.throwIfAborted();
  const non201 = Object.entries(createRun.failures)
    .filter(([reason]) => reason.startsWith('create: HTTP'))
    .reduce((sum, [, count]) => sum + count, 0);
  log(`phase 1: ${createRun.throughputPerS}/s, p99 ${createRun.latency.p99Ms} ms, non-201 ${non201}`);
  if (createRun.ok === 0) {
    // Nothing later can succeed either; the reasons and the api log say why.
    throw new Error(`no create succeeded: ${JSON.stringify(createRun.failures)}; see ${env.api.logFile}`);
  }

  const rate = Math.max(1, createRun.throughputPerS * options.halfLoadFraction);
  const backlog = await waitForDrain(client, 'payments', 120_000, env.aborted);
  log(
    `phase 2: creates at ${round(rate)}/s for ${options.halfLoadS} s (worker backlog before: ${backlog ?? 'unknown'})`,
  );
  sampler.mark('halfLoad:start');
  const halfLoad = await openLoop(rate, options.halfLoadS, createOp(api, env.credentials), env.aborted);
  sampler.mark('halfLoad:end');
  env.aborted.throwIfAborted();
  log(`phase 2: p50 ${halfLoad.latency.p50Ms} ms, p99 ${halfLoad.latency.p99Ms} ms`);

  await waitForDrain(client, 'payments', 120_000, env.aborted);
  log(
    `phase 3: full lifecycles, ${options.lifecycleConcurrency} at a time, warm-up ${options.warmupS} s, then ${options.lifecycleS} s`,
  );
  const lifecycles = await lifecyclePhase(
    lifecycleDeps,
    options.lifecycleConcurrency,
    options.warmupS,
    options.lifecycleS,
    options.webhookTimeoutS * 1000,
    env.aborted,
    { before: () => sampler.mark('lifecycles:start'), after: () => sampler.mark('lifecycles:end') },
  );
  env.aborted.throwIfAborted();
  log(
    `phase 3: ${lifecycles.completedPerS}/s, IPN->webhook p50 ${lifecycles.ipnToWebhook.p50Ms} ms, p95 ${lifecycles.ipnToWebhook.p95Ms} ms`,
  );

  const costs = await temporalCosts(
    client,
    lifecycles.sampleReferences.map((reference) => `payment-${reference}`),
  ).catch((error: unknown) => {
    log(`could not count Temporal work per lifecycle: ${String(error)}`);
    return null;
  });
  if (costs) log(`Temporal work per lifecycle: ${JSON.stringify(costs.perLifecycle)}`);

  const bare = await bareLifecycles(client, env, options, sampler);
  log(`phase 3b: ${bare.run.throughputPerS} bare lifecycles/s, p99 ${bare.run.latency.p99Ms} ms`);
  if (bare.costs) log(`Temporal work per bare lifecycle: ${JSON.stringify(bare.costs.perLifecycle)}`);
  const ratioRounds = [
    ratioOf(lifecycles.completedPerS, bare.run.throughputPerS),
    ...(await moreRatioRounds(client, lifecycleDeps, env, options, sampler)),
  ];

  const halfLifecycleRate = Math.max(1, lifecycles.completedPerS * options.halfLoadFraction);
  await waitForDrain(client, 'payments', 120_000, env.aborted);
  log(`phase 4: lifecycles arriving at ${round(halfLifecycleRate)}/s for ${options.halfLoadS} s`);
  sampler.mark('halfLifecycles:start');
  const halfLifecycles = await lifecycleOpenLoop(
    lifecycleDeps,
    halfLifecycleRate,
    options.halfLoadS,
    options.webhookTimeoutS * 1000,
    env.aborted,
  );
  sampler.mark('halfLifecycles:end');
  env.aborted.throwIfAborted();
  log(
    `phase 4: IPN->webhook p50 ${halfLifecycles.ipnToWebhook.p50Ms} ms, p95 ${halfLifecycles.ipnToWebhook.p95Ms} ms`,
  );

  // After the service's phases, which it would otherwise compete with for the database, and
  // before the open payments: from 5 minutes after its click each asks its gateway whether it
  // was paid (domain/payments/pending-checks.ts), work that would run beside these phases.
  const ledger =
    options.ledgerS > 0 || options.ledgerPostings > 0
      ? await runLedgerPhases(env.databaseUrl, options, {
          log,
          mark: (name) => sampler.mark(name),
          signal: env.aborted,
        })
      : null;
  // It leaves a settlement day waiting in the worker, and a large one in the database.
  const recon = await reconPhase(options, env.databaseUrl, client, env.worker.workPid, sampler, env.aborted);
  // Payouts: single ones beside bare starts, then a batch's time to completion.
  const payouts = await payoutPhase(options, env, { api, credentials: env.credentials, client }, sampler);
  // Last, because it leaves thousands of payments open: the worker's memory must not grow with them.
  // Each is opened at checkout (its workflow runs, waiting for the customer), never paid.
  let openPayments: {
    created: number;
    workerRssMb: number | null;
    workerRssMbEach: Array<number | null>;
    durationS: number;
  } | null = null;
  if (options.openPayments > 0) {
    log(`phase 5: ${options.openPayments} payments left open (checkout opened, never paid)`);
    const started = performance.now();
    let created = 0;
    const open = openCheckoutOp(api, env.credentials);
    const creators = Array.from({ length: options.concurrency }, async () => {
      while (created < options.openPayments && !env.aborted.aborted) {
        created += 1;
        const result = await open().catch(() => ({ ok: false }));
        if (!result.ok) created -= 1;
      }
    });
    await Promise.all(creators);
    await waitForDrain(client, 'payments', 300_000, env.aborted);
    // Let the worker settle (and collect garbage) before reading its resident memory.
    await sleep(10_000);
    const each = env.workers.map((worker) => {
      const kb = memoryKb(worker.workPid);
      return kb ? round(kb.rss / 1024) : null;
    });
    const known = each.filter((mb): mb is number => mb !== null);
    openPayments = {
      created,
      workerRssMb: known.length > 0 ? Math.max(...known) : null,
      workerRssMbEach: each,
      durationS: round((performance.now() - started) / 1000),
    };
    log(`phase 5: worker RSS ${each.join(' / ')} MB with ${created} more open payments`);
  }

  sampler.stop();
  const ledgerCost = ledger ? ledgerCpu(sampler, ledger) : null;

  const cpu = {
    baseline: sampler.cpuBetween('baseline:start', 'baseline:end'),
    create: sampler.cpuBetween('create:start', 'create:end'),
    halfLoad: sampler.cpuBetween('halfLoad:start', 'halfLoad:end'),
    lifecycles: sampler.cpuBetween('lifecycles:start', 'lifecycles:end'),
    bareLifecycles: sampler.cpuBetween('bare:start', 'bare:end'),
    halfLifecycles: sampler.cpuBetween('halfLifecycles:start', 'halfLifecycles:end'),
    ...ledgerCost?.cpu,
    ...reconCpu(sampler, recon),
    ...payoutCpu(sampler, payouts),
  };
  // With more than one round, each process's CPU per lifecycle is the median of the rounds', as
  // the ratio is: one 60 s window on a shared machine moves by more than a change's own effect.
  const lifecycleCpu = medianOfRounds([
    perOperation(cpu.lifecycles, lifecycles.completedPerS),
    ...ratioRounds.slice(1).map((pair) => pair.cpuMsPerLifecycle ?? null),
  ]);
  const bareRatio = median(ratioRounds.flatMap((pair) => (pair.ratio === null ? [] : [pair.ratio])));
  const ratio =
    baseline.throughputPerS > 0 ? round(createRun.throughputPerS / baseline.throughputPerS, 2) : null;
  const targets: TargetCheck[] = [
    {
      name: 'create / baseline throughput',
      target: `>= ${TARGETS.createToBaseline}`,
      value: ratio,
      pass: ratio !== null && ratio >= TARGETS.createToBaseline,
    },
    {
      name: 'create p99 at half peak',
      target: `<= ${TARGETS.halfLoadP99Ms} ms`,
      value: halfLoad.latency.p99Ms,
      pass:
        halfLoad.latency.p99Ms !== null &&
        halfLoad.latency.p99Ms <= TARGETS.halfLoadP99Ms &&
        halfLoad.failed === 0,
    },
    {
      name: 'completed lifecycles',
      target: `>= ${TARGETS.lifecyclesPerS}/s`,
      value: lifecycles.completedPerS,
      pass: lifecycles.completedPerS >= TARGETS.lifecyclesPerS,
    },
    {
      name: 'lifecycles / bare lifecycles of the same shape',
      target: `>= ${TARGETS.lifecyclesToBare}`,
      value: bareRatio,
      pass: bareRatio !== null && bareRatio >= TARGETS.lifecyclesToBare,
    },
    {
      name: 'IPN -> webhook p95 at half the lifecycle peak',
      target: `<= ${TARGETS.ipnToWebhookP95Ms} ms`,
      value: halfLifecycles.ipnToWebhook.p95Ms,
      pass:
        halfLifecycles.ipnToWebhook.p95Ms !== null &&
        halfLifecycles.ipnToWebhook.p95Ms <= TARGETS.ipnToWebhookP95Ms &&
        halfLifecycles.failed === 0,
    },
    ...Object.entries(TARGETS.cpuMsPerLifecycle).map(([process, limit]) => {
      const value = lifecycleCpu?.[process] ?? null;
      return {
        name: `CPU ms per lifecycle: ${process}`,
        target: `<= ${limit}`,
        value,
        pass: value !== null && value <= limit,
      };
    }),
    ...(openPayments
      ? [
          {
            name: `worker RSS with ${openPayments.created} more open payments`,
            target: `<= ${TARGETS.workerRssMb} MB`,
            value: openPayments.workerRssMb,
            pass: openPayments.workerRssMb !== null && openPayments.workerRssMb <= TARGETS.workerRssMb,
          },
        ]
      : []),
    ...(ledger ? ledgerTargets(ledger) : []),
    ...(recon ? reconTargets(recon) : []),
    ...(payouts ? payoutTargets(payouts) : []),
    ...(payouts?.singles
      ? payoutAgainstLifecycle(
          perOperation(
            (cpu as Record<string, CpuShare | null>).payouts ?? null,
            payouts.singles.paidPerS ?? 0,
          ),
          lifecycleCpu,
          payouts.singles.paidPerS ?? 0,
          lifecycles.completedPerS,
        )
      : []),
  ];

  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      // The compiled service's runtime (BENCH_COMPILED=1); under tsx the bench's own.
      serviceNode: options.compiled ? serviceNode(ROOT).version : process.version,
      platform: `${process.platform}-${process.arch}`,
      temporalCli: env.temporal.cliVersion,
      postgres: env.postgresVersion,
      busyBeforeStartPercent: before.busyPercent,
    },
    config: {
      ...options,
      databaseAdminUrl: undefined,
      temporalStore: options.temporalStore,
      apiWorkerEnv: { LOG_LEVEL: 'warn', DATABASE_POOL_MAX: options.dbPoolMax, NODE_ENV: 'test' },
    },
    readiness: { firstLifecycleS },
    phases: {
      baseline,
      create: { ...createRun, non201 },
      halfLoad,
      lifecycles,
      bareLifecycles: bare.run,
      halfLifecycles,
      openPayments,
    },
    temporalPerLifecycle: costs,
    temporalPerBareLifecycle: bare.costs,
    lifecyclesToBareRatio: bareRatio,
    lifecyclesToBareRounds: ratioRounds,
    createToBaselineRatio: ratio,
    ledger,
    recon,
    payouts,
    memory: sampler.memoryPeaks(),
    cpu,
    cpuMsPerOperation: {
      baseline: perOperation(cpu.baseline, baseline.throughputPerS),
      create: perOperation(cpu.create, createRun.throughputPerS),
      halfLoad: perOperation(cpu.halfLoad, halfLoad.throughputPerS),
      lifecycles: lifecycleCpu,
      bareLifecycles: perOperation(cpu.bareLifecycles, bare.run.throughputPerS),
      halfLifecycles: perOperation(cpu.halfLifecycles, halfLifecycles.completedPerS),
      ...ledgerCost?.perCapture,
      ...(payouts?.singles
        ? {
            payouts: perOperation(
              (cpu as Record<string, CpuShare | null>).payouts ?? null,
              payouts.singles.paidPerS ?? 0,
            ),
          }
        : {}),
    },
    targets,
    allTargetsPass: targets.every((t) => t.pass),
  };
}

async function main(): Promise<void> {
  const resources = new Resources();
  // Children run in their own process groups, so nothing else would stop them if this process died.
  const crash = (error: unknown) => {
    console.error('bench crashed:', error);
    void resources.releaseAll().then(() => process.exit(1));
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  let interrupts = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupts += 1;
      if (interrupts === 1) {
        // The run stops at its next check, writes no summary, and tears down on its way out.
        log(`${signal}: stopping (send it again to tear down at once)`);
        resources.abort.abort(new Error(`interrupted by ${signal}`));
        return;
      }
      void resources.releaseAll().then(() => process.exit(130));
    });
  }
  try {
    const summary = await run(resources);
    printSummary(summary);
    const file = writeSummary(summary, readOptions().resultsPath);
    console.log(`\nSummary written to ${file}`);
  } catch (error) {
    process.exitCode = interrupts > 0 ? 130 : 1;
    console.error('bench failed:', error);
  } finally {
    log('tearing down');
    await resources.releaseAll();
  }
}

void main();
