import {
  payoutBatchChecks,
  payoutBatchLine,
  type PayoutBatchKillResult,
} from '../../../scripts/chaos/payout-batch-report.js';
import { readOptions, runsPayouts } from '../../../scripts/bench/options.js';
import { benchBeneficiary, payoutTargets, type PayoutSummary } from '../../../scripts/bench/payouts.js';
import { payoutLines } from '../../../scripts/bench/report.js';

const clean: PayoutBatchKillResult = {
  lines: 1000,
  batchStatus: 'COMPLETED',
  madeAtWorkerKill: 100,
  terminalAtPostgresKill: 40,
  completionS: 312.4,
  byStatus: { SUCCEEDED: 1000 },
  byRail: { bank: 500, bkash: 250, nagad: 250 },
  linesWithoutPayout: 0,
  payoutsNotOnOneLine: 0,
  payoutsNotTerminal: 0,
  paidTwice: 0,
  succeededUnpaid: 0,
  paidNotSucceeded: 0,
  askedAgain: 2,
  completedEvents: 1,
};

describe('the chaos run’s payout batch scenario', () => {
  it('mixes the rails line by line: bKash, Nagad, bank BEFTN and NPSB in turn, each wallet its own', () => {
    const lines = Array.from({ length: 8 }, (_, i) => payoutBatchLine(i + 1));
    expect(
      lines.map((line) => [
        line.beneficiary.type,
        'method' in line.beneficiary ? line.beneficiary.method : null,
      ]),
    ).toEqual([
      ['BKASH_WALLET', null],
      ['NAGAD_WALLET', null],
      ['BANK_ACCOUNT', 'BEFTN'],
      ['BANK_ACCOUNT', 'NPSB'],
      ['BKASH_WALLET', null],
      ['NAGAD_WALLET', null],
      ['BANK_ACCOUNT', 'BEFTN'],
      ['BANK_ACCOUNT', 'NPSB'],
    ]);
    expect(new Set(lines.map((line) => line.lineReference)).size).toBe(8);
    const wallets = Array.from({ length: 1000 }, (_, i) => payoutBatchLine(i + 1).beneficiary)
      .filter((b) => 'walletNumber' in b)
      .map((b) => (b as { walletNumber: string }).walletNumber);
    expect(new Set(wallets).size).toBe(wallets.length);
    expect(wallets.every((number) => /^01[3-9]\d{8}$/.test(number))).toBe(true);
  });

  it('reports the figures and passes a clean run', () => {
    const checks = payoutBatchChecks(clean);
    expect(checks.every((check) => check.ok)).toBe(true);
    expect(checks.find((c) => c.what.startsWith('payout batch COMPLETED'))?.value).toBe('312.4');
    expect(checks.find((c) => c.what === 'payout batch: payouts by status')?.value).toBe('SUCCEEDED 1000');
    expect(checks.find((c) => c.what.includes('duplicates'))?.value).toBe(0);
  });

  it('breaches on a line paid twice, a payout left open, a batch not completed, or kills that missed the batch', () => {
    const breached = (result: Partial<PayoutBatchKillResult>) =>
      payoutBatchChecks({ ...clean, ...result })
        .filter((check) => !check.ok)
        .map((check) => check.what);
    expect(breached({ paidTwice: 1 })).toEqual(['payout references a rail paid twice (duplicates)']);
    expect(breached({ payoutsNotTerminal: 3 })).toEqual(['payouts not terminal']);
    expect(breached({ batchStatus: 'PROCESSING', completionS: null })).toEqual([
      'payout batch COMPLETED: seconds from POST',
    ]);
    expect(breached({ madeAtWorkerKill: 1000 })).toHaveLength(1);
    expect(breached({ completedEvents: 2 })).toEqual([
      'payout batch without exactly 1 payout_batch.completed',
    ]);
  });
});

describe('the bench’s payouts section', () => {
  // The knobs are read from process.env, as `npm run bench` is given them.
  const withEnv = <T>(env: Record<string, string>, read: () => T): T => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return read();
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  };

  it('reads its knobs, skips when both are 0, and runs alone with --only payouts', () => {
    const defaults = readOptions({}, []);
    expect(defaults).toMatchObject({
      payoutS: 15,
      payoutConcurrency: 8,
      payoutBatchLines: 1000,
      payoutBaselineLines: 100,
    });
    expect(runsPayouts(defaults)).toBe(true);
    expect(
      runsPayouts(withEnv({ BENCH_PAYOUT_S: '0', BENCH_PAYOUT_BATCH_LINES: '0' }, () => readOptions({}, []))),
    ).toBe(false);
    expect(runsPayouts(readOptions({}, ['--only', 'recon']))).toBe(false);
    expect(readOptions({}, ['--only', 'payouts']).only).toBe('payouts');
    expect(() => withEnv({ BENCH_PAYOUT_BATCH_LINES: '-1' }, () => readOptions({}, []))).toThrow(
      /BENCH_PAYOUT_BATCH_LINES/,
    );
  });

  it('pays bKash, Nagad and the bank by NPSB in turn', () => {
    expect([0, 1, 2].map((n) => benchBeneficiary(n).type)).toEqual([
      'BKASH_WALLET',
      'NAGAD_WALLET',
      'BANK_ACCOUNT',
    ]);
    expect(benchBeneficiary(2).method).toBe('NPSB');
  });

  it('prints payouts per second beside the baseline, and each batch POST to COMPLETED', () => {
    const run = {
      durationS: 15,
      completed: 300,
      ok: 300,
      failed: 0,
      failures: {},
      throughputPerS: 20,
      latency: { count: 300, p50Ms: 300, p95Ms: 600, p99Ms: 900, maxMs: 1000, meanMs: 350 },
    };
    const summary: PayoutSummary = {
      concurrency: 8,
      baseline: { ...run, throughputPerS: 80 },
      singles: { creates: run, payouts: 300, succeeded: 300, drainS: 30, paidPerS: 10 },
      createToBaseline: 0.25,
      batchBaseline: {
        lines: 100,
        acceptMs: 120,
        madeS: 3,
        completionS: 20,
        linesPerS: 5,
        byStatus: { SUCCEEDED: 100 },
      },
      batch: {
        lines: 1000,
        acceptMs: 900,
        madeS: 40,
        completionS: 160,
        linesPerS: 6.3,
        byStatus: { SUCCEEDED: 1000 },
      },
      batchScalingRatio: 0.8,
    };
    const text = payoutLines(summary).join('\n');
    expect(text).toContain('baseline: workflow starts');
    expect(text).toContain('POST /api/v1/payouts (closed loop)');
    expect(text).toContain('payout creates / workflow starts: 0.25');
    expect(text).toMatch(/1,000 +900 ms +40 s +160 s +6.3\/s +SUCCEEDED 1000/);
    expect(text).toContain('time per line, 1000 lines ÷ 100 lines: 0.8 (1 = linear)');
    const targets = payoutTargets(summary);
    expect(targets.map((t) => [t.value, t.pass])).toEqual([
      [10, true],
      [20, true],
      [160, true],
    ]);
    expect(
      payoutTargets({ ...summary, batch: { ...summary.batch!, byStatus: { SUCCEEDED: 999, FAILED: 1 } } })[2]!
        .pass,
    ).toBe(false);
  });
});
