import { approvalLines, type ApprovalSummary } from './approvals.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LedgerThroughput } from './ledger.js';
import type { BalanceReadResult } from './ledger-reads.js';
import type { LedgerRun } from './ledger.js';
import type { LifecyclePhaseResult } from './lifecycles.js';
import type { LatencySummary, OpenLoopResult, RunResult } from './load.js';
import type { PayoutBatchRun, PayoutSummary } from './payouts.js';
import type { ReconRunResult, ReconSummary } from './reconciliation.js';
import type { RequestLogSummary } from './request-log.js';
import type { ScaleOutResult, ScaleOutStep } from './scale-out.js';
import type { CpuShare, MemoryPeak } from './sampler.js';
import type { TemporalCosts } from './temporal-costs.js';

/** The ledger phases' figures: throughput, then balance reads at a million postings (either skipped: null). */
export interface LedgerSummary {
  throughput: LedgerThroughput | null;
  balanceReads: BalanceReadResult | null;
}

export interface TargetCheck {
  name: string;
  target: string;
  value: number | null;
  pass: boolean;
}

export interface BenchSummary {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  readiness: { firstLifecycleS: number };
  phases: {
    baseline: RunResult;
    create: RunResult & { non201: number };
    halfLoad: OpenLoopResult;
    lifecycles: LifecyclePhaseResult;
    /** Bare lifecycles of the same shape: Temporal's own work (scripts/bench/bare-shape). */
    bareLifecycles: RunResult;
    halfLifecycles: LifecyclePhaseResult & { targetRatePerS: number };
    openPayments: {
      created: number;
      /** The largest of the workers'. */
      workerRssMb: number | null;
      workerRssMbEach: Array<number | null>;
      durationS: number;
    } | null;
  };
  temporalPerLifecycle: TemporalCosts | null;
  temporalPerBareLifecycle: TemporalCosts | null;
  /** The median of the rounds' ratios (one round unless BENCH_RATIO_ROUNDS asks for more). */
  lifecyclesToBareRatio: number | null;
  lifecyclesToBareRounds?: Array<{ lifecyclesPerS: number; barePerS: number; ratio: number | null }>;
  createToBaselineRatio: number | null;
  /** Null when BENCH_LEDGER_S and BENCH_LEDGER_POSTINGS are both 0. */
  ledger: LedgerSummary | null;
  /** Null when BENCH_RECON_LINES is 0. */
  recon: ReconSummary | null;
  /** Null when BENCH_PAYOUT_S and BENCH_PAYOUT_BATCH_LINES are both 0. */
  payouts: PayoutSummary | null;
  memory: Record<string, MemoryPeak>;
  cpu: Record<string, CpuShare | null>;
  cpuMsPerOperation: Record<string, Record<string, number> | null>;
  targets: TargetCheck[];
  allTargetsPass: boolean;
}

/** `--only ledger`: the ledger phases without the service, so no service phases or memory. */
export interface LedgerBenchSummary {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  only: 'ledger';
  ledger: LedgerSummary;
  cpu: Record<string, CpuShare | null>;
  cpuMsPerOperation: Record<string, Record<string, number> | null>;
  targets: TargetCheck[];
  allTargetsPass: boolean;
}

/** `--only recon`: the service, and the reconciliation phase alone. */
export interface ReconBenchSummary {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  only: 'recon';
  recon: ReconSummary;
  memory: Record<string, MemoryPeak>;
  cpu: Record<string, CpuShare | null>;
  cpuMsPerOperation: Record<string, Record<string, number> | null>;
  targets: TargetCheck[];
  allTargetsPass: boolean;
}

/** `--only scale-out`: one API process against several, one worker against 2, 4 …, each capped. */
export interface ScaleOutBenchSummary {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  only: 'scale-out';
  scaleOut: ScaleOutResult;
  memory: Record<string, MemoryPeak>;
  cpu: Record<string, CpuShare | null>;
  cpuMsPerOperation: Record<string, Record<string, number> | null>;
  targets: TargetCheck[];
  allTargetsPass: boolean;
}

/** `--only payouts`: the service, and the payouts section alone. */
export interface PayoutBenchSummary {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  only: 'payouts';
  payouts: PayoutSummary;
  memory: Record<string, MemoryPeak>;
  cpu: Record<string, CpuShare | null>;
  cpuMsPerOperation: Record<string, Record<string, number> | null>;
  targets: TargetCheck[];
  allTargetsPass: boolean;
}

/** `--only request-log`: two API processes of one build, the request log kept by one of them. */
export interface RequestLogBenchSummary {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  only: 'request-log';
  requestLog: RequestLogSummary;
  memory: Record<string, MemoryPeak>;
  cpu: Record<string, CpuShare | null>;
  cpuMsPerOperation: Record<string, Record<string, number> | null>;
  targets: TargetCheck[];
  allTargetsPass: boolean;
}

/** `--only approvals`: the service, and what acts waiting for a second person cost. */
export interface ApprovalBenchSummary {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  only: 'approvals';
  approvals: ApprovalSummary;
  memory: Record<string, MemoryPeak>;
}

export type AnySummary =
  | ApprovalBenchSummary
  | BenchSummary
  | LedgerBenchSummary
  | ReconBenchSummary
  | ScaleOutBenchSummary
  | PayoutBenchSummary
  | RequestLogBenchSummary;

const ms = (value: number | null) => (value === null ? '-' : `${value} ms`);
const latency = (l: LatencySummary, high: 'p95Ms' | 'p99Ms') =>
  `p50 ${ms(l.p50Ms)} / ${high.slice(0, 3)} ${ms(l[high])}`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function failures(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? '' : entries.map(([reason, count]) => `${count}x ${reason}`).join('; ');
}

function printLedger(ledger: LedgerSummary): void {
  const t = ledger.throughput;
  if (t) {
    const row = (name: string, run: LedgerRun) => [
      name,
      `${run.entriesPerS}/s`,
      `${run.capturesPerS}/s`,
      latency(run.latency, 'p99Ms'),
      String(run.ok),
      String(run.failed),
      failures(run.failures),
    ];
    console.log(
      `\nLedger throughput (${t.concurrency} concurrent transactions, ${t.entriesPerCapture} entries per capture)`,
    );
    console.log(
      table([
        ['run', 'entries', 'captures', 'latency per capture', 'ok', 'failed', 'notes'],
        row('bare SQL, one transaction per capture', t.bare),
        row(`posting path, ${t.apps} apps`, t.spread),
        row('posting path, one app', t.concentrated),
      ]),
    );
    console.log(
      `one app / ${t.apps} apps: ${t.concentratedToSpread ?? '-'}; posting path / bare SQL: ${t.postingToBare ?? '-'}`,
    );
  }
  const reads = ledger.balanceReads;
  if (reads) {
    console.log(
      `\nBalance read (appBalances) with ${reads.postings} postings on the account (loaded in ${reads.loadS} s)`,
    );
    console.log(
      table([
        ['case', 'latency', 'reads'],
        ['no snapshot', latency(reads.noSnapshot, 'p95Ms'), String(reads.noSnapshot.count)],
        [
          `snapshot + ${reads.postingsAfterSnapshot} newer postings`,
          latency(reads.withSnapshot, 'p95Ms'),
          String(reads.withSnapshot.count),
        ],
      ]),
    );
    console.log(`snapshot refresh (every account): ${reads.snapshotRefreshMs} ms`);
  }
}

function printRecon(recon: ReconSummary): void {
  const row = (day: ReconRunResult) => [
    day.lines.toLocaleString('en-US'),
    `${day.importS} s`,
    `${day.matchS} s`,
    `${day.totalS} s`,
    `${day.importLinesPerS} / ${day.matchLinesPerS} / ${day.totalLinesPerS}`,
    `${day.workerRssBeforeMb ?? '-'} -> ${day.workerPeakRssMb ?? '-'} MB`,
    `${day.matched} matched, ${day.openExceptions} open, ${day.settlementEntries} SETTLEMENT, ${day.feeAdjustmentEntries} FEE_ADJUSTMENT`,
  ];
  console.log(
    '\nReconciliation (SSLCOMMERZ CSV imported, then the day matched and posted by its workflow on the worker)',
  );
  console.log(
    table([
      [
        'lines',
        'import',
        'match + post',
        'total',
        'lines/s: import / match / total',
        'worker RSS -> peak',
        'outcome',
      ],
      ...[recon.baseline, recon.full].filter((day) => day !== null).map(row),
    ]),
  );
  if (recon.scalingRatio !== null) {
    console.log(
      `time per line, ${recon.full.lines} lines ÷ ${recon.baseline!.lines} lines: ${recon.scalingRatio} (1 = linear)`,
    );
  }
  console.log(
    `bench process RSS growth while importing ${recon.full.lines} lines: ${recon.full.importRssGrowthMb} MB`,
  );
}

const statusCounts = (byStatus: Record<string, number>) =>
  Object.entries(byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status} ${n}`)
    .join(', ') || '-';

/** The payouts section: single payouts beside bare workflow starts, then batches POST to COMPLETED. */
export function payoutLines(payouts: PayoutSummary): string[] {
  const lines: string[] = [];
  const { baseline, singles } = payouts;
  if (baseline && singles) {
    lines.push(
      `\nPayouts (${payouts.concurrency} at a time; rails' simulators: bKash, Nagad, bank NPSB in turn; cancel window 0)`,
      table([
        ['run', 'throughput', 'latency', 'ok', 'failed', 'notes'],
        [
          'baseline: workflow starts',
          `${baseline.throughputPerS}/s`,
          latency(baseline.latency, 'p99Ms'),
          String(baseline.ok),
          String(baseline.failed),
          failures(baseline.failures),
        ],
        [
          'POST /api/v1/payouts (closed loop)',
          `${singles.creates.throughputPerS}/s`,
          latency(singles.creates.latency, 'p99Ms'),
          String(singles.creates.ok),
          String(singles.creates.failed),
          failures(singles.creates.failures),
        ],
        [
          'payouts paid: first create to last terminal',
          singles.paidPerS === null ? '-' : `${singles.paidPerS}/s`,
          singles.drainS === null ? '-' : `${singles.drainS} s`,
          String(singles.succeeded),
          String(singles.payouts - singles.succeeded),
          `${singles.payouts} created`,
        ],
      ]),
      `payout creates / workflow starts: ${payouts.createToBaseline ?? '-'}`,
    );
  }
  const batches = [payouts.batchBaseline, payouts.batch].filter((run): run is PayoutBatchRun => run !== null);
  if (batches.length > 0) {
    const s = (value: number | null) => (value === null ? '-' : `${value} s`);
    lines.push(
      '\nPayout batches (POST /api/v1/payout-batches to COMPLETED, 100 lines made at a time)',
      table([
        ['lines', 'POST answered', 'all lines made', 'COMPLETED', 'lines/s', 'payouts'],
        ...batches.map((run) => [
          run.lines.toLocaleString('en-US'),
          `${run.acceptMs} ms`,
          s(run.madeS),
          s(run.completionS),
          run.linesPerS === null ? '-' : `${run.linesPerS}/s`,
          statusCounts(run.byStatus),
        ]),
      ]),
    );
    if (payouts.batchScalingRatio !== null) {
      lines.push(
        `time per line, ${payouts.batch!.lines} lines ÷ ${payouts.batchBaseline!.lines} lines: ${payouts.batchScalingRatio} (1 = linear)`,
      );
    }
  }
  return lines;
}

/** The section as the bench prints it. */
export function requestLogLines(summary: RequestLogSummary): string[] {
  return [
    `\nRequest log on and off (two API processes of one build, ${summary.together ? 'driven at once' : 'in turns'}, ${summary.concurrency} at a time against each, ${summary.rounds} round(s) of ${summary.seconds} s)`,
    table([
      [
        'request',
        'log',
        'requests/s',
        'p50',
        'p99',
        'API CPU/request',
        'PostgreSQL CPU/request',
        'rows/request',
        'failed',
      ],
      ...summary.comparisons.flatMap((c) =>
        (['on', 'off'] as const).map((log) => [
          c.operation === 'read' ? 'GET /api/v1/payments/{ref}' : 'POST /api/v1/payments',
          log,
          String(c[log].requestsPerS),
          ms(c[log].p50Ms),
          ms(c[log].p99Ms),
          ms(c[log].apiCpuMsPerRequest),
          ms(c[log].postgresCpuMsPerRequest),
          String(c[log].rowsPerRequest),
          String(c[log].failed),
        ]),
      ),
    ]),
    ...summary.comparisons.map(
      (c) =>
        `${c.operation}: API CPU on / off ${c.apiCpuRatio ?? '-'} (+${c.apiCpuMsAdded ?? '-'} ms a request), PostgreSQL CPU ${c.postgresCpuRatio ?? '-'}, requests/s ${c.throughputRatio ?? '-'}`,
    ),
    `entries dropped by the API keeping the log: ${summary.droppedEntries ?? 'unknown'}`,
  ];
}

function printTargets(targets: TargetCheck[]): void {
  console.log('\nTargets');
  console.log(
    table([
      ['target', 'wanted', 'measured', 'result'],
      ...targets.map((t) => [
        t.name,
        t.target,
        t.value === null ? '-' : String(t.value),
        t.pass ? 'PASS' : 'FAIL',
      ]),
    ]),
  );
}

function printScaleOut(result: ScaleOutResult): void {
  const rows = (kind: string, unit: string, steps: ScaleOutStep[] | null) =>
    (steps ?? []).map((step) => [
      `${step.processes} ${kind}`,
      `${step.share} core each`,
      `${step.perS} ${unit}/s`,
      step.speedUp === null ? '-' : `${step.speedUp}x`,
      step.processes === 1 ? '-' : `>= ${step.target}x`,
      `${step.quotaUsedPercent ?? '-'}%`,
      step.cpuMsEach === null ? '-' : `${step.cpuMsEach} ms`,
      `${step.machineBusyPercent ?? '-'}%`,
      [String(step.failed), failures(step.failures)].filter(Boolean).join(' '),
    ]);
  console.log('\nScale-out, each process capped at its CPU share');
  console.log(
    table([
      [
        'processes',
        'share',
        'throughput',
        'speed-up',
        'target',
        'quota used',
        'CPU each',
        'machine busy',
        'failed',
      ],
      ...rows('API process(es)', 'creates', result.api),
      ...rows('worker(s)', 'lifecycles', result.workers),
    ]),
  );
}

export function printSummary(summary: AnySummary): void {
  if ('only' in summary && summary.only === 'approvals') {
    for (const line of approvalLines(summary.approvals)) console.log(line);
    printMemory(summary.memory);
    return;
  }
  if ('only' in summary && summary.only === 'scale-out') {
    printScaleOut(summary.scaleOut);
    printTargets(summary.targets);
    printMemory(summary.memory);
    printCpu(summary);
    return;
  }
  if ('only' in summary && summary.only === 'request-log') {
    for (const line of requestLogLines(summary.requestLog)) console.log(line);
    printTargets(summary.targets);
    printMemory(summary.memory);
    printCpu(summary);
    return;
  }
  if ('only' in summary && summary.only === 'payouts') {
    for (const line of payoutLines(summary.payouts)) console.log(line);
    printTargets(summary.targets);
    printMemory(summary.memory);
    printCpu(summary);
    return;
  }
  if ('only' in summary && summary.only === 'recon') {
    printRecon(summary.recon);
    printTargets(summary.targets);
    printMemory(summary.memory);
    printCpu(summary);
    return;
  }
  if ('only' in summary) {
    printLedger(summary.ledger);
    printTargets(summary.targets);
    printCpu(summary);
    return;
  }
  const { baseline, create, halfLoad, lifecycles, bareLifecycles, halfLifecycles, openPayments } =
    summary.phases;
  console.log('\nResults');
  console.log(
    table([
      ['phase', 'throughput', 'latency', 'ok', 'failed', 'notes'],
      [
        'baseline: workflow starts',
        `${baseline.throughputPerS}/s`,
        latency(baseline.latency, 'p99Ms'),
        String(baseline.ok),
        String(baseline.failed),
        failures(baseline.failures),
      ],
      [
        '1: create payment (closed loop)',
        `${create.throughputPerS}/s`,
        latency(create.latency, 'p99Ms'),
        String(create.ok),
        String(create.failed),
        [`non-201: ${create.non201}`, failures(create.failures)].filter(Boolean).join('; '),
      ],
      [
        `2: create at ${halfLoad.targetRatePerS}/s (open loop)`,
        `${halfLoad.throughputPerS}/s`,
        latency(halfLoad.latency, 'p99Ms'),
        String(halfLoad.ok),
        String(halfLoad.failed + halfLoad.dropped),
        [
          `max in flight ${halfLoad.maxOutstanding}`,
          halfLoad.dropped ? `dropped ${halfLoad.dropped}` : '',
          failures(halfLoad.failures),
        ]
          .filter(Boolean)
          .join('; '),
      ],
      [
        '3: full lifecycles',
        `${lifecycles.completedPerS}/s`,
        `IPN->webhook ${latency(lifecycles.ipnToWebhook, 'p95Ms')}`,
        String(lifecycles.completed),
        String(lifecycles.failed),
        [`end-to-end ${latency(lifecycles.endToEnd, 'p95Ms')}`, failures(lifecycles.failures)]
          .filter(Boolean)
          .join('; '),
      ],
      [
        '3b: bare lifecycles, same shape',
        `${bareLifecycles.throughputPerS}/s`,
        latency(bareLifecycles.latency, 'p99Ms'),
        String(bareLifecycles.ok),
        String(bareLifecycles.failed),
        failures(bareLifecycles.failures),
      ],
      [
        `4: lifecycles at ${halfLifecycles.targetRatePerS}/s (open loop)`,
        `${halfLifecycles.completedPerS}/s`,
        `IPN->webhook ${latency(halfLifecycles.ipnToWebhook, 'p95Ms')}`,
        String(halfLifecycles.completed),
        String(halfLifecycles.failed),
        [`end-to-end ${latency(halfLifecycles.endToEnd, 'p95Ms')}`, failures(halfLifecycles.failures)]
          .filter(Boolean)
          .join('; '),
      ],
      ...(openPayments
        ? [
            [
              `5: ${openPayments.created} payments left open at checkout`,
              '-',
              '-',
              String(openPayments.created),
              '-',
              `worker RSS after: ${openPayments.workerRssMb ?? '-'} MB (${openPayments.durationS} s)`,
            ],
          ]
        : []),
    ]),
  );

  const temporal = summary.temporalPerLifecycle;
  if (temporal) {
    const bare = summary.temporalPerBareLifecycle;
    console.log(
      `\nTemporal work per lifecycle (mean of ${temporal.sampled} payments and the workflows they started${bare ? `; of ${bare.sampled} bare lifecycles` : ''})`,
    );
    console.log(
      table([
        ['', ...Object.keys(temporal.perLifecycle)],
        ['payment', ...Object.values(temporal.perLifecycle).map(String)],
        ...(bare ? [['bare', ...Object.values(bare.perLifecycle).map(String)]] : []),
      ]),
    );
  }

  if (summary.ledger) printLedger(summary.ledger);
  if (summary.recon) printRecon(summary.recon);
  if (summary.payouts) for (const line of payoutLines(summary.payouts)) console.log(line);
  printTargets(summary.targets);
  printMemory(summary.memory);
  printCpu(summary);
}

function printMemory(memory: Record<string, MemoryPeak>): void {
  console.log('\nPeak memory (RSS)');
  console.log(
    table([
      ['process', 'pid', 'peak (VmHWM)', 'max sampled VmRSS'],
      ...Object.entries(memory).map(([name, m]) => [
        name,
        String(m.pid),
        `${m.peakRssMb} MB`,
        `${m.maxSampledRssMb} MB`,
      ]),
    ]),
  );
}

function printCpu(summary: Exclude<AnySummary, ApprovalBenchSummary>): void {
  const phases = Object.entries(summary.cpu).filter(
    (entry): entry is [string, CpuShare] => entry[1] !== null,
  );
  if (phases.length > 0) {
    const groups = [...new Set(phases.flatMap(([, share]) => Object.keys(share.percentOfOneCore)))];
    console.log(`\nCPU by process, % of one core (this machine has ${String(summary.machine.cores)})`);
    console.log(
      table([
        ['phase', 'machine busy', ...groups],
        ...phases.map(([phase, share]) => [
          phase,
          `${share.machineBusyPercent}%`,
          ...groups.map((g) => `${share.percentOfOneCore[g] ?? 0}%`),
        ]),
      ]),
    );
    const costs = Object.entries(summary.cpuMsPerOperation).filter(
      (entry): entry is [string, Record<string, number>] => entry[1] !== null,
    );
    console.log('\nCPU ms per completed operation (start, create, lifecycle, ledger capture or payout paid)');
    console.log(
      table([
        ['phase', ...groups],
        ...costs.map(([phase, cost]) => [phase, ...groups.map((g) => String(cost[g] ?? 0))]),
      ]),
    );
    const disturbed = phases
      .filter(([, share]) => (share.percentOfOneCore.other ?? 0) > 20)
      .map(([phase]) => phase);
    for (const [phase, share] of phases) {
      if ((share.percentOfOneCore.other ?? 0) <= 20) continue;
      const top = share.topOthers.map((o) => `${o.percentOfOneCore}% ${o.command}`).join('\n    ');
      console.log(`\nBusiest processes outside the service during ${phase}:\n    ${top}`);
    }
    if (disturbed.length > 0) {
      console.log(
        `\nWarning: processes outside the service used > 20% of a core during ${disturbed.join(', ')}; those numbers are low.`,
      );
    }
  }
}

export function writeSummary(summary: AnySummary | Record<string, unknown>, file: string): string {
  const absolute = path.resolve(file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, `${JSON.stringify(summary, null, 2)}\n`);
  return absolute;
}
