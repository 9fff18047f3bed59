import { cpus, totalmem } from 'node:os';
import { createOrm } from '../../platform/orm/orm.js';
import { freshDatabase, type Resources } from './environment.js';
import { ledgerThroughput, type LedgerPhaseHooks } from './ledger.js';
import { balanceReads } from './ledger-reads.js';
import { round } from './load.js';
import type { BenchOptions } from './options.js';
import type { LedgerBenchSummary, LedgerSummary, TargetCheck } from './report.js';
import { Sampler, type CpuShare } from './sampler.js';

/** The ledger's targets from the product issue; balance reads have no number yet, only "fast". */
const TARGETS = { entriesPerS: 1_000, concentratedToSpread: 0.5 };

/** The ledger phases: throughput (unless BENCH_LEDGER_S=0), then reads at a million postings. */
export async function runLedgerPhases(
  databaseUrl: string,
  options: BenchOptions,
  hooks: LedgerPhaseHooks,
): Promise<LedgerSummary> {
  // One connection per concurrent transaction, as the bare run's pool has.
  const orm = await createOrm({ databaseUrl, poolMax: options.concurrency });
  try {
    const throughput =
      options.ledgerS > 0
        ? await ledgerThroughput(
            orm,
            databaseUrl,
            {
              concurrency: options.concurrency,
              apps: options.ledgerApps,
              warmupS: options.warmupS,
              durationS: options.ledgerS,
            },
            hooks,
          )
        : null;
    const reads =
      options.ledgerPostings > 0
        ? await balanceReads(
            orm,
            databaseUrl,
            { postings: options.ledgerPostings, reads: options.ledgerReads },
            hooks,
          )
        : null;
    return { throughput, balanceReads: reads };
  } finally {
    await orm.close();
  }
}

export function ledgerTargets(ledger: LedgerSummary): TargetCheck[] {
  const t = ledger.throughput;
  if (!t) return [];
  return [
    {
      name: `ledger entries/s, posting path over ${t.apps} apps`,
      target: `>= ${TARGETS.entriesPerS}`,
      value: t.spread.entriesPerS,
      pass: t.spread.entriesPerS >= TARGETS.entriesPerS,
    },
    {
      name: 'ledger entries/s, one app / many apps',
      target: `>= ${TARGETS.concentratedToSpread}`,
      value: t.concentratedToSpread,
      pass: t.concentratedToSpread !== null && t.concentratedToSpread >= TARGETS.concentratedToSpread,
    },
  ];
}

const LEDGER_RUNS = ['ledgerBare', 'ledgerSpread', 'ledgerConcentrated'] as const;

/** Each ledger run's CPU share, by the sampler's marks, and its CPU ms per capture. */
export function ledgerCpu(sampler: Sampler, ledger: LedgerSummary) {
  const cpu: Record<string, CpuShare | null> = {};
  const perCapture: Record<string, Record<string, number> | null> = {};
  const runs = ledger.throughput;
  if (!runs) return { cpu, perCapture };
  for (const name of LEDGER_RUNS) {
    const share = sampler.cpuBetween(`${name}:start`, `${name}:end`);
    const run = { ledgerBare: runs.bare, ledgerSpread: runs.spread, ledgerConcentrated: runs.concentrated }[
      name
    ];
    cpu[name] = share;
    perCapture[name] =
      share && run.capturesPerS > 0
        ? Object.fromEntries(
            Object.entries(share.percentOfOneCore).map(([group, percent]) => [
              group,
              round((percent * 10) / run.capturesPerS, 2),
            ]),
          )
        : null;
  }
  return { cpu, perCapture };
}

/** `npm run bench -- --only ledger`: the bench database and the ledger phases, no service. */
export async function runLedgerOnly(
  options: BenchOptions,
  resources: Resources,
  log: (message: string) => void,
): Promise<LedgerBenchSummary> {
  const startedAt = new Date().toISOString();
  log(`ledger only: concurrency ${options.concurrency}, ${options.ledgerS} s per throughput run`);
  const { databaseUrl, postgresVersion } = await freshDatabase(options, resources);
  const sampler = new Sampler(options.databaseName);
  sampler.track('bench', process.pid);
  sampler.start();
  resources.add('stop sampler', () => sampler.stop());
  const ledger = await runLedgerPhases(databaseUrl, options, {
    log,
    mark: (name) => sampler.mark(name),
    signal: resources.abort.signal,
  });
  sampler.stop();
  const { cpu, perCapture } = ledgerCpu(sampler, ledger);
  const targets = ledgerTargets(ledger);
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      postgres: postgresVersion,
    },
    config: { ...options, databaseAdminUrl: undefined },
    only: 'ledger',
    ledger,
    cpu,
    cpuMsPerOperation: perCapture,
    targets,
    allTargetsPass: targets.every((t) => t.pass),
  };
}
