import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { importSettlementReport } from '../../activities/reconciliation/settlement-imports.js';
import type { Orm } from '../../platform/orm/orm.js';
import { postJournalEntriesInBulk } from '../../db/reconciliation/recon-ledger.js';
import { captureEntries, type JournalEntryDraft } from '../../domain/ledger/ledger.js';
import { expectedSettlementDate } from '../../domain/reconciliation/reconciliation.js';
import { startReconciliations } from '../../activities/reconciliation/reconciliation-starts.js';
import { createLedgerApps } from './ledger.js';
import { round } from './load.js';
import { sleep } from './processes.js';
import { memoryKb } from './sampler.js';

/**
 * The reconciliation phase: a day of N captured payments (bulk-loaded, with their ledger captures
 * and fees posted through the service's bulk posting path) and the gateway's settlement report for
 * them in SSLCOMMERZ's own CSV layout, one line per payment. The report goes through the service's
 * import (streamed parsing, lines stored a batch at a time), then the day's reconciliation workflow
 * runs on the real worker and Temporal server: it matches every line and posts its SETTLEMENT (and,
 * for one line in ten whose fee the gateway rounded differently, its FEE_ADJUSTMENT). Measured at a
 * small size first, then at the full size, in the same run: the ratio shows whether it scales
 * linearly. The worker's resident memory is followed throughout: it must not grow with the lines.
 */

export const GATEWAY = 'sslcommerz';
export const MODE = 'TEST';
export const CURRENCY = 'BDT';
/** Ledger entries posted per statement while loading: the service's own bulk posting path. */
const LOAD_BATCH = 5_000;

export interface ReconRunResult {
  lines: number;
  settlementDate: string;
  /** Seconds to load the payments and their captures (setup, not measured against a target). */
  loadS: number;
  reportBytes: number;
  /** The import: the file read, checked and stored (importSettlementReport). */
  importS: number;
  /** From the workflow's start to the day's figures written: matched, posted, counted. */
  matchS: number;
  totalS: number;
  importLinesPerS: number;
  matchLinesPerS: number;
  totalLinesPerS: number;
  matched: number;
  openExceptions: number;
  settlementEntries: number;
  feeAdjustmentEntries: number;
  /** Growth of the bench process's RSS while it imported (the import runs in-process, as the CLI does). */
  importRssGrowthMb: number;
  /** The worker's RSS when the phase began, and its peak while it matched (kernel high-water mark). */
  workerRssBeforeMb: number | null;
  workerPeakRssMb: number | null;
  /** Where the peak came from: 'VmHWM' (reset at the start of the phase) or 'sampled' (every 100 ms). */
  workerPeakSource: 'VmHWM' | 'sampled';
}

export interface ReconSummary {
  baseline: ReconRunResult | null;
  full: ReconRunResult;
  /** full.totalS ÷ baseline.totalS over full.lines ÷ baseline.lines: 1 is linear, < 1 better. */
  scalingRatio: number | null;
}

export interface ReconPhaseHooks {
  log: (message: string) => void;
  mark: (name: string) => void;
  signal: AbortSignal;
}

const TARGETS = { linesPerS: 100_000 / 60, workerGrowthMb: 100 };

export function reconTargets(recon: ReconSummary) {
  const full = recon.full;
  const growth =
    full.workerPeakRssMb !== null && full.workerRssBeforeMb !== null
      ? round(full.workerPeakRssMb - full.workerRssBeforeMb)
      : null;
  return [
    {
      name: `reconciliation of ${full.lines} lines (import + matching), lines/s`,
      target: `>= ${Math.ceil(TARGETS.linesPerS)} (100,000 in 60 s)`,
      value: full.totalLinesPerS,
      pass:
        full.totalLinesPerS >= TARGETS.linesPerS && full.openExceptions === 0 && full.matched === full.lines,
    },
    {
      name: `worker RSS growth while matching ${full.lines} lines`,
      target: `<= ${TARGETS.workerGrowthMb} MB`,
      value: growth,
      pass: growth !== null && growth <= TARGETS.workerGrowthMb,
    },
  ];
}

const decimal = (minor: number) =>
  `${minor < 0 ? '-' : ''}${Math.trunc(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/** The n-th payment of a run: the same numbers in the SQL that loads it and the report that settles it. */
const amountOf = (n: number) => 10_000 + (n % 90_000);
const feeOf = (n: number) => Math.round(amountOf(n) * 0.025);
/** One line in ten: the gateway's fee is a minor unit off (within the tolerance: a fee adjustment). */
export const lineFeeOf = (n: number) => feeOf(n) + (n % 10 === 0 ? 1 : 0);
const referenceOf = (label: string, n: number) => `pay_${label}${String(n).padStart(16, '0')}`;
const transactionIdOf = (label: string, n: number) => `bt${label}${String(n).padStart(14, '0')}`;

/** N captured payments of one app: rows in one statement, captures and fees through the bulk posting path. */
export async function loadPayments(orm: Orm, appId: string, label: string, count: number): Promise<void> {
  const em = orm.em.fork() as EntityManager;
  await em.execute(
    `insert into payments (reference, app_id, mode, status, amount_minor, currency, customer_reference, gateway,
       expires_at, gateway_transaction_id, settled_at)
     select 'pay_' || ?::text || lpad(g::text, 16, '0'), ?::bigint, ?, 'SUCCEEDED', 10000 + (g % 90000), ?,
       'recon-bench-' || g, ?, now() + interval '1 day', 'bt' || ?::text || lpad(g::text, 14, '0'), now()
       from generate_series(1, ?::int) g`,
    [label, appId, MODE, CURRENCY, GATEWAY, label, count],
  );
  for (let first = 1; first <= count; first += LOAD_BATCH / 2) {
    const drafts: JournalEntryDraft[] = [];
    for (let n = first; n < Math.min(first + LOAD_BATCH / 2, count + 1); n++) {
      drafts.push(
        ...captureEntries({
          paymentReference: referenceOf(label, n),
          appId,
          mode: MODE,
          gateway: GATEWAY,
          currency: CURRENCY,
          amountMinor: amountOf(n),
          feeMinor: feeOf(n),
        }),
      );
    }
    await orm.em.fork().transactional((tx) => postJournalEntriesInBulk(tx as EntityManager, drafts));
  }
  // A real database gathers these payments over a day, and autovacuum keeps the planner's
  // statistics up to date meanwhile; loaded in seconds, the tables are analyzed here instead (the
  // planner otherwise takes a table of 100,000 payments for an empty one).
  await em.execute('analyze payments, journal_entries, postings');
}

/** SSLCOMMERZ's settlement report for those payments, as its merchant panel exports it. */
export async function writeReport(
  file: string,
  label: string,
  count: number,
  settlementDate: string,
): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(
    'Transaction ID,Bank Transaction ID,Validation ID,Transaction Date,Type,Currency,Amount,Store Amount,Charge,Settlement Date,Settlement ID\n',
  );
  const batch = `SET${settlementDate.replaceAll('-', '')}${label}`;
  for (let n = 1; n <= count; n++) {
    const gross = amountOf(n);
    const fee = lineFeeOf(n);
    await write(
      `${referenceOf(label, n)},${transactionIdOf(label, n)},val${label}${n},${settlementDate} 10:00:00,Payment,` +
        `${CURRENCY},${decimal(gross)},${decimal(gross - fee)},${decimal(fee)},${settlementDate},${batch}\n`,
    );
  }
  out.end();
  await once(out, 'close');
  return bytes;
}

/** Follows one process's resident memory: its high-water mark reset now, and sampled meanwhile. */
function followMemory(pid: number) {
  let reset = false;
  try {
    // 5: reset the peak resident set size (VmHWM) to the current one (proc(5), clear_refs).
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    reset = true;
  } catch {
    // not ours to reset (another user's process): the samples stand in for it
  }
  const before = memoryKb(pid);
  let sampledKb = before?.rss ?? 0;
  const timer = setInterval(() => {
    const now = memoryKb(pid);
    if (now) sampledKb = Math.max(sampledKb, now.rss);
  }, 100);
  // A run that fails before stop() must still exit once it has torn down.
  timer.unref();
  return {
    beforeMb: before ? round(before.rss / 1024) : null,
    stop(): { peakMb: number | null; source: 'VmHWM' | 'sampled' } {
      clearInterval(timer);
      const last = memoryKb(pid);
      if (reset && last) return { peakMb: round(Math.max(last.hwm, sampledKb) / 1024), source: 'VmHWM' };
      return { peakMb: sampledKb ? round(sampledKb / 1024) : null, source: 'sampled' };
    },
  };
}

interface DayState {
  last_matched_at: Date | null;
  line_count: string;
  matched_count: string;
  open_exception_count: string;
}

/** One size: load, write the report, import it, reconcile the day, check what it posted. */
async function reconcileDay(
  deps: { orm: Orm; client: Client; workDir: string; workerPid: number; appId: string },
  label: string,
  lines: number,
  settlementDate: string,
  hooks: ReconPhaseHooks,
): Promise<ReconRunResult> {
  const { orm } = deps;
  const loadStarted = performance.now();
  await loadPayments(orm, deps.appId, label, lines);
  const file = path.join(deps.workDir, `sslcommerz-settlement-${settlementDate}.csv`);
  const reportBytes = await writeReport(file, label, lines, settlementDate);
  const loadS = round((performance.now() - loadStarted) / 1000);
  hooks.signal.throwIfAborted();
  hooks.log(`recon ${lines}: ${lines} captured payments loaded and the report written in ${loadS} s`);

  // Let the loading's garbage go before the worker's memory is followed.
  await sleep(2_000);
  const worker = followMemory(deps.workerPid);
  hooks.mark(`recon${lines}:start`);
  let benchPeakKb = 0;
  const benchBefore = process.memoryUsage().rss;
  const benchTimer = setInterval(() => {
    benchPeakKb = Math.max(benchPeakKb, process.memoryUsage().rss);
  }, 50);
  benchTimer.unref();
  const started = performance.now();
  const imported = await importSettlementReport(orm.em.fork() as EntityManager, {
    gateway: GATEWAY,
    mode: MODE,
    fileName: path.basename(file),
    stream: createReadStream(file),
    importedBy: null,
  }).finally(() => clearInterval(benchTimer));
  const importS = (performance.now() - started) / 1000;
  if (imported.storedLines !== lines) {
    throw new Error(`recon ${lines}: the import stored ${imported.storedLines} lines`);
  }
  hooks.log(`recon ${lines}: imported in ${round(importS, 2)} s; reconciling ${settlementDate}`);

  const matchStarted = performance.now();
  await startReconciliations(
    { client: deps.client, taskQueue: 'payments' },
    { gateway: GATEWAY, mode: MODE, dates: imported.settlementDates },
  );
  let state: DayState | undefined;
  for (;;) {
    hooks.signal.throwIfAborted();
    [state] = await orm.em.fork().execute<DayState[]>(
      `select last_matched_at, line_count, matched_count, open_exception_count from recon_runs
          where gateway = ? and mode = ? and settlement_date = ?::date`,
      [GATEWAY, MODE, settlementDate],
    );
    if (state?.last_matched_at) break;
    if (performance.now() - matchStarted > 15 * 60_000) {
      throw new Error(`recon ${lines}: the day was not matched within 15 minutes`);
    }
    await sleep(100);
  }
  const end = performance.now();
  hooks.mark(`recon${lines}:end`);
  const memory = worker.stop();
  const matchS = (end - matchStarted) / 1000;
  const totalS = (end - started) / 1000;

  const [entries] = await orm.em.fork().execute<Array<{ settlements: string; fees: string }>>(
    `select count(*) filter (where e.kind = 'SETTLEMENT') as settlements,
            count(*) filter (where e.kind = 'FEE_ADJUSTMENT') as fees
       from journal_entries e join settlement_lines l on l.line_key = e.source_id
      where e.source_type = 'settlement_line' and l.import_id = ?`,
    [imported.importId],
  );
  const result: ReconRunResult = {
    lines,
    settlementDate,
    loadS,
    reportBytes,
    importS: round(importS, 2),
    matchS: round(matchS, 2),
    totalS: round(totalS, 2),
    importLinesPerS: Math.round(lines / importS),
    matchLinesPerS: Math.round(lines / matchS),
    totalLinesPerS: Math.round(lines / totalS),
    matched: Number(state!.matched_count),
    openExceptions: Number(state!.open_exception_count),
    settlementEntries: Number(entries?.settlements ?? 0),
    feeAdjustmentEntries: Number(entries?.fees ?? 0),
    importRssGrowthMb: round((benchPeakKb - benchBefore) / 1024 / 1024),
    workerRssBeforeMb: worker.beforeMb,
    workerPeakRssMb: memory.peakMb,
    workerPeakSource: memory.source,
  };
  hooks.log(
    `recon ${lines}: import ${result.importS} s, matching and posting ${result.matchS} s, ` +
      `${result.totalLinesPerS} lines/s end to end; matched ${result.matched}, open exceptions ` +
      `${result.openExceptions}; worker RSS ${result.workerRssBeforeMb} -> peak ${result.workerPeakRssMb} MB`,
  );
  const expectedFees = Math.floor(lines / 10);
  if (
    result.matched !== lines ||
    result.openExceptions !== 0 ||
    result.settlementEntries !== lines ||
    result.feeAdjustmentEntries !== expectedFees
  ) {
    throw new Error(
      `recon ${lines}: expected every line matched and posted once (${lines} SETTLEMENT, ${expectedFees} ` +
        `FEE_ADJUSTMENT, no exception); got ${JSON.stringify(result)}`,
    );
  }
  return result;
}

/** The phase: a baseline day of `baselineLines` (unless 0), then the day of `lines`. */
export async function runReconPhases(
  deps: { orm: Orm; client: Client; workerPid: number },
  sizes: { lines: number; baselineLines: number },
  hooks: ReconPhaseHooks,
): Promise<ReconSummary> {
  const [appId] = await createLedgerApps(deps.orm, 1, 'recon');
  const workDir = mkdtempSync(path.join(tmpdir(), 'oi-bench-recon-'));
  try {
    return await reconcileDays({ ...deps, workDir, appId: appId! }, sizes, hooks);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function reconcileDays(
  run: { orm: Orm; client: Client; workDir: string; workerPid: number; appId: string },
  sizes: { lines: number; baselineLines: number },
  hooks: ReconPhaseHooks,
): Promise<ReconSummary> {
  // Days the captures are due on (tomorrow, in Dhaka) and after: within their grace, so each run
  // matches and posts, then waits for late lines as a day does.
  const first = expectedSettlementDate(new Date());
  const nextDay = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const baseline =
    sizes.baselineLines > 0
      ? await reconcileDay(run, 'rcna', sizes.baselineLines, nextDay(first, 1), hooks)
      : null;
  const full = await reconcileDay(run, 'rcnb', sizes.lines, first, hooks);
  const scalingRatio = baseline
    ? round(full.totalS / baseline.totalS / (full.lines / baseline.lines), 2)
    : null;
  return { baseline, full, scalingRatio };
}
