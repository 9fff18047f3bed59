import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { readSizingOptions, refundsLifecycle, tableFlag } from '../../../scripts/bench/sizing-options.js';
import {
  sizingBlockSource,
  tableFromResults,
  withSizingBlock,
} from '../../../scripts/bench/sizing-results.js';
import {
  DEFAULT_ASSUMPTIONS,
  perProcessCapacity,
  sizingMarkdown,
  sizingRow,
  sizingTable,
  type PerLifecycleCost,
  type ProcessFootprint,
  type SizingRow,
} from '../../../scripts/bench/sizing-table.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

const COST: PerLifecycleCost = {
  apiCpuMs: 12,
  workerCpuMs: 40,
  postgresCpuMs: 7,
  temporalCpuMs: 35,
  statements: 22,
  statementsCounted: 'statements',
  rowsWritten: 20,
  walBytes: 16_384,
  databaseGrowthBytes: 8_192,
  temporalHistoryBytes: 4_096,
  temporalHistoryEvents: 18,
};

const FOOTPRINT: ProcessFootprint = {
  apiPeakRssMb: 200,
  workerPeakRssMb: 300,
  poolMaxPerProcess: 20,
  busyConnectionsAtPeak: 4,
  measuredLifecyclesPerS: 20,
};

/** Every figure of a row, flattened, to compare two rows figure by figure. */
function figures(row: SizingRow): number[] {
  return [
    row.peakLifecyclesPerS,
    row.api.processes,
    row.api.cores,
    row.api.memoryMb,
    row.worker.processes,
    row.worker.cores,
    row.worker.memoryMb,
    row.dbConnections.poolLimit,
    row.dbConnections.busyAtPeak,
    row.postgres.cores,
    row.postgres.statementsPerS,
    row.postgres.writeIops,
    row.postgres.readIops,
    row.storagePerMonthGb.database,
    row.storagePerMonthGb.walForPitr,
    row.temporal.cores,
    row.temporal.historyGb,
    row.temporal.eventsPerS,
  ];
}

const nonNegative = (max: number) => fc.double({ min: 0, max, noNaN: true });
const positive = (max: number) => fc.double({ min: 0.01, max, noNaN: true });

const costs: fc.Arbitrary<PerLifecycleCost> = fc.record({
  apiCpuMs: nonNegative(500),
  workerCpuMs: nonNegative(500),
  postgresCpuMs: nonNegative(500),
  temporalCpuMs: nonNegative(500),
  statements: nonNegative(200),
  statementsCounted: fc.constantFrom('statements' as const, 'transactions' as const),
  rowsWritten: nonNegative(200),
  walBytes: nonNegative(1_000_000),
  databaseGrowthBytes: nonNegative(1_000_000),
  temporalHistoryBytes: nonNegative(1_000_000),
  temporalHistoryEvents: nonNegative(500),
});

const footprints: fc.Arbitrary<ProcessFootprint> = fc.record({
  apiPeakRssMb: positive(4_000),
  workerPeakRssMb: positive(4_000),
  poolMaxPerProcess: fc.integer({ min: 1, max: 100 }),
  busyConnectionsAtPeak: fc.integer({ min: 0, max: 100 }),
  measuredLifecyclesPerS: positive(1_000),
});

const perDay = fc.integer({ min: 0, max: 50_000_000 });

describe('the sizing table', () => {
  it('works out each figure from one measured cost and one stated assumption', () => {
    // 5 M a day, a tenth of it in the peak hour: 138.9 lifecycles a second.
    expect(sizingRow(5_000_000, COST, FOOTPRINT)).toEqual({
      paymentsPerDay: 5_000_000,
      peakLifecyclesPerS: 138.9,
      // 12 ms × 138.9/s = 1.67 cores of work, at 60 %: 2.78 cores, so 3 one-core processes.
      api: { processes: 3, cores: 3, memoryMb: 900 },
      // 40 ms: 5.56 cores of work, 9.26 at 60 %.
      worker: { processes: 10, cores: 10, memoryMb: 4_500 },
      // 13 processes × 20; 4 busy at 20/s is 0.2 per lifecycle a second.
      dbConnections: { poolLimit: 260, busyAtPeak: 28 },
      // 16 KiB of WAL is two 8 KiB pages, written twice (WAL, then the checkpointer).
      postgres: { cores: 1.7, statementsPerS: 3_056, writeIops: 556, readIops: 31 },
      storagePerMonthGb: { database: 1_144.5, walForPitr: 534.1 },
      temporal: { cores: 8.2, historyGb: 133.6, eventsPerS: 2_500 },
    });
  });

  it('never plans fewer processes of each kind than the minimum', () => {
    const row = sizingRow(0, COST, FOOTPRINT);
    expect(row.api.processes).toBe(DEFAULT_ASSUMPTIONS.minProcesses);
    expect(row.worker.processes).toBe(DEFAULT_ASSUMPTIONS.minProcesses);
    expect(sizingRow(0, COST, FOOTPRINT, { ...DEFAULT_ASSUMPTIONS, minProcesses: 3 }).api.processes).toBe(3);
  });

  it('never needs less of anything for more payments', () => {
    fc.assert(
      fc.property(costs, footprints, perDay, perDay, (cost, footprint, a, b) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        const small = figures(sizingRow(fewer, cost, footprint));
        const large = figures(sizingRow(more, cost, footprint));
        large.forEach((value, i) => expect(value).toBeGreaterThanOrEqual(small[i]!));
      }),
    );
  });

  it('never needs fewer processes when a lifecycle costs more CPU', () => {
    fc.assert(
      fc.property(costs, footprints, perDay, nonNegative(200), (cost, footprint, day, extra) => {
        const cheap = sizingRow(day, cost, footprint);
        const dear = sizingRow(
          day,
          { ...cost, apiCpuMs: cost.apiCpuMs + extra, workerCpuMs: cost.workerCpuMs + extra },
          footprint,
        );
        expect(dear.api.processes).toBeGreaterThanOrEqual(cheap.api.processes);
        expect(dear.worker.processes).toBeGreaterThanOrEqual(cheap.worker.processes);
        expect(dear.dbConnections.poolLimit).toBeGreaterThanOrEqual(cheap.dbConnections.poolLimit);
      }),
    );
  });

  it('needs no more processes with a higher CPU target, nor with a smaller peak-hour share', () => {
    fc.assert(
      fc.property(
        costs,
        footprints,
        perDay,
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (cost, footprint, day, x, y) => {
          const [low, high] = x <= y ? [x, y] : [y, x];
          const at = (cpuTarget: number, peakHourShare: number) =>
            sizingRow(day, cost, footprint, { ...DEFAULT_ASSUMPTIONS, cpuTarget, peakHourShare });
          expect(at(high, 0.1).worker.processes).toBeLessThanOrEqual(at(low, 0.1).worker.processes);
          expect(at(0.6, low).api.processes).toBeLessThanOrEqual(at(0.6, high).api.processes);
        },
      ),
    );
  });

  it('gives enough cores for the peak at the CPU target', () => {
    fc.assert(
      fc.property(costs, footprints, perDay, (cost, footprint, day) => {
        const row = sizingRow(day, cost, footprint);
        const peakPerS = (day * DEFAULT_ASSUMPTIONS.peakHourShare) / 3600;
        const used = (cpuMs: number, cores: number) => (cpuMs * peakPerS) / 1000 / cores;
        expect(used(cost.apiCpuMs, row.api.cores)).toBeLessThanOrEqual(DEFAULT_ASSUMPTIONS.cpuTarget + 1e-9);
        expect(used(cost.workerCpuMs, row.worker.cores)).toBeLessThanOrEqual(
          DEFAULT_ASSUMPTIONS.cpuTarget + 1e-9,
        );
      }),
    );
  });

  it('states what one process carries, in the unit comparable products publish', () => {
    expect(perProcessCapacity(COST, FOOTPRINT)).toEqual({
      api: { lifecyclesPerS: 50, memoryMb: 300 },
      worker: { lifecyclesPerS: 15, memoryMb: 450 },
    });
  });

  it('refuses assumptions and measurements that would make a meaningless table', () => {
    const bad = (change: Partial<typeof DEFAULT_ASSUMPTIONS>) => () =>
      sizingRow(1_000, COST, FOOTPRINT, { ...DEFAULT_ASSUMPTIONS, ...change });
    expect(bad({ peakHourShare: 0 })).toThrow(/peakHourShare must be a share above 0 and at most 1/);
    expect(bad({ cpuTarget: 1.5 })).toThrow(/cpuTarget must be a share/);
    expect(bad({ minProcesses: 0 })).toThrow(/minProcesses must be a whole number of at least 1/);
    expect(bad({ pageBytes: Number.NaN })).toThrow(/pageBytes must be a positive number/);
    expect(() => sizingRow(1_000, { ...COST, walBytes: -1 }, FOOTPRINT)).toThrow(
      /walBytes must be a number of at least 0/,
    );
    expect(() => sizingRow(1_000, COST, { ...FOOTPRINT, measuredLifecyclesPerS: 0 })).toThrow(
      /measuredLifecyclesPerS must be a positive number/,
    );
    expect(() => sizingRow(-1, COST, FOOTPRINT)).toThrow(/paymentsPerDay/);
  });

  it('prints one column per daily volume and says when statements were not counted', () => {
    const markdown = sizingMarkdown(COST, FOOTPRINT);
    expect(markdown).toContain('| payments per day | 10,000 | 100,000 | 1,000,000 | 5,000,000 |');
    expect(markdown).toContain('| API processes (cores) | 2 (2) | 2 (2) | 2 (2) | 3 (3) |');
    expect(markdown).toContain('| PostgreSQL statements/s |');
    expect(sizingMarkdown({ ...COST, statementsCounted: 'transactions' }, FOOTPRINT)).toContain(
      '| PostgreSQL transactions/s (statements not counted) |',
    );
    expect(sizingTable(COST, FOOTPRINT).map((row) => row.paymentsPerDay)).toEqual([
      10_000, 100_000, 1_000_000, 5_000_000,
    ]);
  });
});

describe('bench:sizing results and options', () => {
  it('names what is missing from a file that is not a sizing run', () => {
    expect(() => tableFromResults({ kind: 'bench' })).toThrow(/not a bench:sizing results file: kind/);
    expect(() =>
      tableFromResults({ kind: 'sizing', startedAt: 'x', perLifecycle: {}, footprint: {} }),
    ).toThrow(/perLifecycle.apiCpuMs/);
  });

  it('keeps the operators’ page in step with the run it names', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'operations', 'sizing.md'), 'utf8');
    const source = sizingBlockSource(page);
    expect(source).toMatch(/^bench-results\/sizing-.+\.json$/);
    const markdown = tableFromResults(JSON.parse(readFileSync(path.join(ROOT, source!), 'utf8')));
    expect(withSizingBlock(page, source!, markdown)).toBe(page);
  });

  it('replaces only the table block of a page', () => {
    const page = 'before\n<!-- sizing-table: a.json -->\nold\n<!-- /sizing-table -->\nafter\n';
    expect(withSizingBlock(page, 'b.json', 'new $& table')).toBe(
      'before\n<!-- sizing-table: b.json -->\nnew $& table\n<!-- /sizing-table -->\nafter\n',
    );
    expect(() => withSizingBlock('no block', 'b.json', 'x')).toThrow(/no <!-- sizing-table/);
  });

  it('reads its settings and refuses nonsense', () => {
    expect(readSizingOptions({})).toEqual({
      lifecycles: 3_000,
      ratePerS: 10,
      secondRatePerS: 15,
      warmupLifecycles: 100,
      refundShare: 0.1,
      idleS: 10,
    });
    expect(readSizingOptions({ BENCH_SIZING_RATE: '4', BENCH_SIZING_SECOND_RATE: '0' })).toMatchObject({
      ratePerS: 4,
      secondRatePerS: 0,
    });
    expect(() => readSizingOptions({ BENCH_SIZING_REFUND_SHARE: '2' })).toThrow(
      /BENCH_SIZING_REFUND_SHARE must be a number from 0 to 1/,
    );
    expect(() => readSizingOptions({ BENCH_SIZING_LIFECYCLES: '2.5' })).toThrow(/whole number/);
    expect(tableFlag(['--table', 'r.json', '--workers', '2'])).toEqual({
      table: 'r.json',
      write: null,
      rest: ['--workers', '2'],
    });
    expect(tableFlag(['--table=r.json', '--write', 'p.md'])).toEqual({
      table: 'r.json',
      write: 'p.md',
      rest: [],
    });
    expect(() => tableFlag(['--write', 'p.md'])).toThrow(/--write needs --table/);
  });

  it('refunds the stated share of lifecycles, spread over the run', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const refunded = Array.from({ length: n }, (_, i) => refundsLifecycle(i, share)).filter(
            Boolean,
          ).length;
          expect(refunded).toBe(Math.floor(n * share));
        },
      ),
    );
  });
});
