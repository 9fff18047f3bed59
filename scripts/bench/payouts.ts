import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { HttpClient } from './http.js';
import { closedLoop, round, type OpResult, type RunResult } from './load.js';
import { baselineOp, type Credentials } from './operations.js';
import { sleep } from './processes.js';

/**
 * The payouts section: single payouts (POST /api/v1/payouts at a fixed concurrency, then until
 * every one is paid by its rail's simulator) beside bare workflow starts at the same concurrency,
 * and payout batches from POST to COMPLETED, a small one first as the baseline of the same run.
 * The rails are the simulators' (bKash, Nagad, and the bank by NPSB, in turn: BEFTN waits for a
 * clearing session, which would time the simulator's clock, not the service). The cancel window
 * is 0 in the bench's stack, so what is timed is the service's own work.
 */

export interface PayoutBatchRun {
  lines: number;
  /** The POST of the batch: every line validated and stored. */
  acceptMs: number;
  /** From the POST sent to the last line's payout made. */
  madeS: number | null;
  /** From the POST sent to the batch COMPLETED (every line's payout terminal). */
  completionS: number | null;
  /** Lines per second over the whole batch, POST to COMPLETED. */
  linesPerS: number | null;
  byStatus: Record<string, number>;
}

export interface SinglePayoutsRun {
  /** POST /api/v1/payouts in a closed loop. */
  creates: RunResult;
  /** Payouts created in the window, and how many ended SUCCEEDED. */
  payouts: number;
  succeeded: number;
  /** From the first create to the last payout terminal. */
  drainS: number | null;
  /** Payouts paid (terminal) per second, first create to last terminal. */
  paidPerS: number | null;
}

export interface PayoutSummary {
  concurrency: number;
  /** Bare workflow starts at the same concurrency, the same run (null when singles are skipped). */
  baseline: RunResult | null;
  singles: SinglePayoutsRun | null;
  /** Payout creates per second ÷ bare workflow starts per second. */
  createToBaseline: number | null;
  batchBaseline: PayoutBatchRun | null;
  batch: PayoutBatchRun | null;
  /** Time per line of the batch ÷ time per line of the baseline batch: 1 is linear, < 1 better. */
  batchScalingRatio: number | null;
}

export interface PayoutPhaseDeps {
  api: HttpClient;
  credentials: Credentials;
  client: Client;
  databaseUrl: string;
  /** The simulator host the payout rails live under (`/<rail>`). */
  railsUrl: string;
}

export interface PayoutPhaseOptions {
  concurrency: number;
  /** Seconds of single payouts (0: skip them). */
  seconds: number;
  warmupS: number;
  batchLines: number;
  baselineLines: number;
}

export interface PayoutPhaseHooks {
  log: (message: string) => void;
  mark: (name: string) => void;
  signal: AbortSignal;
}

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'RETURNED'];
const BANK_ACCOUNTS = [
  { routingNumber: '010261234', accountNumber: '1001001001', accountName: 'Rahima Khatun' },
  { routingNumber: '020151236', accountNumber: '2002002002', accountName: 'Karim Traders' },
];

/** The n-th beneficiary of a run (n from 0): bKash, Nagad and NPSB in turn, each wallet its own. */
export function benchBeneficiary(n: number): Record<string, unknown> {
  const digits = String(n % 10_000_000).padStart(7, '0');
  switch (n % 3) {
    case 0:
      return { type: 'BKASH_WALLET', walletNumber: `0171${digits}`, name: `Bench ${n}` };
    case 1:
      return { type: 'NAGAD_WALLET', walletNumber: `0181${digits}` };
    default:
      return { ...BANK_ACCOUNTS[n % 2]!, type: 'BANK_ACCOUNT', method: 'NPSB' };
  }
}

const headers = (credentials: Credentials, key: string) => ({
  'x-api-key': credentials.key,
  'x-api-secret': credentials.secret,
  'idempotency-key': key,
});

/** Funds every rail far beyond what the section pays: no payout waits in the queue for a top-up. */
async function fundRails(railsUrl: string, amountMinor: number): Promise<void> {
  const calls: Array<[string, string]> = [
    ['bkash-disbursement', '/__simulator/balance/top-up'],
    ['nagad-disbursement', '/__simulator/balance/top-up'],
    ['bank', '/__simulator/balance/fund'],
  ];
  for (const [rail, route] of calls) {
    const response = await fetch(`${railsUrl}/${rail}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amountMinor }),
    });
    if (!response.ok) throw new Error(`${rail} top-up: HTTP ${response.status} ${await response.text()}`);
  }
}

async function singlePayouts(
  deps: PayoutPhaseDeps,
  db: PgClient,
  options: PayoutPhaseOptions,
  hooks: PayoutPhaseHooks,
): Promise<SinglePayoutsRun> {
  let n = 0;
  const runId = randomUUID().slice(0, 8);
  const op = (label: string) => async (): Promise<OpResult> => {
    const i = n++;
    const response = await deps.api.send('POST', '/api/v1/payouts', {
      json: { amountMinor: 1_000 + (i % 1_000), beneficiary: benchBeneficiary(i), narrative: 'Bench payout' },
      headers: headers(deps.credentials, `bench-${label}-${runId}-${i}`),
    });
    if (response.status !== 201) throw new Error(`payout: HTTP ${response.status}`);
    return { ok: true };
  };
  if (options.warmupS > 0) await closedLoop(options.concurrency, options.warmupS, op('warmup'), hooks.signal);
  await waitForPayouts(db, `%:bench-warmup-${runId}-%`, 300_000, hooks.signal);
  hooks.mark('payouts:start');
  const creates = await closedLoop(options.concurrency, options.seconds, op('payout'), hooks.signal);
  const drained = await waitForPayouts(db, `%:bench-payout-${runId}-%`, 600_000, hooks.signal);
  hooks.mark('payouts:end');
  return {
    creates,
    payouts: drained.payouts,
    succeeded: drained.succeeded,
    drainS: drained.spanS,
    paidPerS: drained.spanS ? round(drained.terminal / drained.spanS) : null,
  };
}

/**
 * Waits for every payout under the key pattern to be terminal; answers their counts and time span.
 * A payout keeps its Idempotency-Key behind its credential's prefix (`<prefix>:<key>`).
 */
async function waitForPayouts(
  db: PgClient,
  keyPattern: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ payouts: number; terminal: number; succeeded: number; spanS: number | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{
      payouts: string;
      terminal: string;
      succeeded: string;
      span: string | null;
    }>(
      `select count(*) as payouts,
              count(*) filter (where status = any($2::text[])) as terminal,
              count(*) filter (where status = 'SUCCEEDED') as succeeded,
              extract(epoch from max(updated_at) - min(created_at)) as span
         from payouts where idempotency_key like $1`,
      [keyPattern, TERMINAL],
    );
    const row = rows[0]!;
    const [payouts, terminal, succeeded] = [row.payouts, row.terminal, row.succeeded].map(Number) as [
      number,
      number,
      number,
    ];
    if (terminal === payouts || Date.now() > deadline || signal.aborted) {
      return { payouts, terminal, succeeded, spanS: row.span === null ? null : round(Number(row.span), 2) };
    }
    await sleep(250);
  }
}

async function batchRun(
  deps: PayoutPhaseDeps,
  db: PgClient,
  lines: number,
  hooks: PayoutPhaseHooks,
): Promise<PayoutBatchRun> {
  const body = {
    lines: Array.from({ length: lines }, (_, i) => ({
      lineReference: `line-${String(i + 1).padStart(5, '0')}`,
      amountMinor: 1_000 + (i % 1_000),
      beneficiary: benchBeneficiary(i),
      narrative: 'Bench batch',
    })),
  };
  const sent = Date.now();
  const response = await deps.api.send('POST', '/api/v1/payout-batches', {
    json: body,
    headers: headers(deps.credentials, `bench-batch-${randomUUID()}`),
    timeoutMs: 120_000,
  });
  const acceptMs = Date.now() - sent;
  if (response.status !== 201)
    throw new Error(`payout batch: HTTP ${response.status} ${response.body.slice(0, 300)}`);
  const reference = (JSON.parse(response.body) as { data: { reference: string } }).data.reference;
  const deadline = Date.now() + 1_800_000;
  for (;;) {
    hooks.signal.throwIfAborted();
    const { rows } = await db.query<{ status: string; completed_ms: string | null; made_ms: string | null }>(
      `select b.status, extract(epoch from b.completed_at) * 1000 as completed_ms,
              (select extract(epoch from max(p.created_at)) * 1000 from payout_batch_lines l
                 join payouts p on p.id = l.payout_id where l.batch_id = b.id
                having count(*) = b.line_count) as made_ms
         from payout_batches b where b.reference = $1`,
      [reference],
    );
    const row = rows[0]!;
    if (row.status === 'COMPLETED' || Date.now() > deadline) {
      const statuses = await db.query<{ status: string; n: string }>(
        `select p.status, count(*) as n from payout_batch_lines l join payout_batches b on b.id = l.batch_id
           join payouts p on p.id = l.payout_id where b.reference = $1 group by p.status`,
        [reference],
      );
      const completionS =
        row.completed_ms === null ? null : round((Number(row.completed_ms) - sent) / 1000, 2);
      return {
        lines,
        acceptMs,
        madeS: row.made_ms === null ? null : round((Number(row.made_ms) - sent) / 1000, 2),
        completionS,
        linesPerS: completionS ? round(lines / completionS) : null,
        byStatus: Object.fromEntries(statuses.rows.map((s) => [s.status, Number(s.n)])),
      };
    }
    await sleep(200);
  }
}

/** The section: singles beside their baseline, then the baseline batch and the full one. */
export async function runPayoutPhases(
  deps: PayoutPhaseDeps,
  options: PayoutPhaseOptions,
  hooks: PayoutPhaseHooks,
): Promise<PayoutSummary> {
  const db = new PgClient({ connectionString: deps.databaseUrl });
  await db.connect();
  try {
    await fundRails(deps.railsUrl, 10_000_000_000);
    let baseline: RunResult | null = null;
    let singles: SinglePayoutsRun | null = null;
    if (options.seconds > 0) {
      const queue = `bench-noop-payouts-${Date.now()}`;
      hooks.log(`payouts: baseline, bare workflow starts at ${options.concurrency} at a time`);
      baseline = await closedLoop(
        options.concurrency,
        options.seconds,
        baselineOp(deps.client, queue),
        hooks.signal,
      );
      hooks.log(`payouts: baseline ${baseline.throughputPerS}/s`);
      hooks.log(`payouts: single payouts, ${options.concurrency} at a time for ${options.seconds} s`);
      singles = await singlePayouts(deps, db, options, hooks);
      hooks.log(
        `payouts: ${singles.creates.throughputPerS} created/s (p99 ${singles.creates.latency.p99Ms} ms), ` +
          `${singles.paidPerS ?? '-'} paid/s (${singles.succeeded} of ${singles.payouts} SUCCEEDED in ${singles.drainS ?? '-'} s)`,
      );
    }
    let batchBaseline: PayoutBatchRun | null = null;
    let batch: PayoutBatchRun | null = null;
    if (options.batchLines > 0) {
      if (options.baselineLines > 0) {
        hooks.log(`payouts: a batch of ${options.baselineLines} lines (the baseline)`);
        hooks.mark(`payoutBatch${options.baselineLines}:start`);
        batchBaseline = await batchRun(deps, db, options.baselineLines, hooks);
        hooks.mark(`payoutBatch${options.baselineLines}:end`);
        hooks.log(
          `payouts: ${options.baselineLines} lines COMPLETED in ${batchBaseline.completionS ?? '-'} s`,
        );
      }
      hooks.log(`payouts: a batch of ${options.batchLines} lines`);
      hooks.mark(`payoutBatch${options.batchLines}:start`);
      batch = await batchRun(deps, db, options.batchLines, hooks);
      hooks.mark(`payoutBatch${options.batchLines}:end`);
      hooks.log(`payouts: ${options.batchLines} lines COMPLETED in ${batch.completionS ?? '-'} s`);
    }
    const perLine = (run: PayoutBatchRun | null) => (run?.completionS ? run.completionS / run.lines : null);
    const [full, base] = [perLine(batch), perLine(batchBaseline)];
    return {
      concurrency: options.concurrency,
      baseline,
      singles,
      createToBaseline:
        baseline && singles && baseline.throughputPerS > 0
          ? round(singles.creates.throughputPerS / baseline.throughputPerS, 2)
          : null,
      batchBaseline,
      batch,
      batchScalingRatio: full !== null && base !== null ? round(full / base, 2) : null,
    };
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** The section's checks: every payout paid (none failed), each batch COMPLETED with every line SUCCEEDED. */
export function payoutTargets(summary: PayoutSummary) {
  const allSucceeded = (run: PayoutBatchRun) => (run.byStatus.SUCCEEDED ?? 0) === run.lines;
  return [
    ...(summary.singles
      ? [
          {
            name: `single payouts paid, of ${summary.singles.payouts} created (paid/s)`,
            target: 'every one SUCCEEDED',
            value: summary.singles.paidPerS,
            pass: summary.singles.payouts > 0 && summary.singles.succeeded === summary.singles.payouts,
          },
        ]
      : []),
    ...[summary.batchBaseline, summary.batch]
      .filter((run) => run !== null)
      .map((run) => {
        // The documented largest batch has a time to meet, with the cancel window at 0.
        const timed = run.lines >= LARGEST_BATCH_LINES;
        return {
          name: `payout batch of ${run.lines} lines, POST to COMPLETED (s)`,
          target: timed
            ? `COMPLETED, every line SUCCEEDED, ≤ ${LARGEST_BATCH_TARGET_S} s`
            : 'COMPLETED, every line SUCCEEDED',
          value: run.completionS,
          pass:
            run.completionS !== null &&
            allSucceeded(run) &&
            (!timed || run.completionS <= LARGEST_BATCH_TARGET_S),
        };
      }),
  ];
}

/** The largest batch the API takes, and how long it may take from POST to COMPLETED on a 2-core machine. */
export const LARGEST_BATCH_LINES = 5_000;
export const LARGEST_BATCH_TARGET_S = 240;
