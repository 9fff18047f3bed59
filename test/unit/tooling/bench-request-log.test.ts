import { readOptions, runsPayouts } from '../../../scripts/bench/options.js';
import {
  compareRequestLog,
  requestLogTargets,
  roundOrder,
  type RequestLogRun,
  type RequestLogSummary,
} from '../../../scripts/bench/request-log.js';

function run(
  operation: 'read' | 'create',
  log: 'on' | 'off',
  ok: number,
  apiCpuMsPerRequest: number,
  rowsWritten: number,
): RequestLogRun {
  return {
    operation,
    log,
    round: 1,
    run: {
      durationS: 10,
      completed: ok,
      ok,
      failed: 0,
      failures: {},
      throughputPerS: ok / 10,
      latency: { count: ok, p50Ms: 10, p95Ms: 20, p99Ms: 30, maxMs: 40, meanMs: 12 },
    },
    apiCpuMsPerRequest,
    postgresCpuMsPerRequest: null,
    rowsWritten,
    machineBusyPercent: 50,
    otherPercentOfOneCore: 0,
  };
}

/** The request log's bench section: its options, how on and off compare, and what passes. */
describe('bench: --only request-log', () => {
  it('is a section of its own, with both processes driven at once unless asked for turns', () => {
    const options = readOptions({}, ['--only', 'request-log']);
    expect(options.only).toBe('request-log');
    expect(options.requestLogTogether).toBe(true);
    expect(options.requestLogRounds).toBe(3);
    expect(runsPayouts(options)).toBe(false);
    expect(readOptions({ BENCH_REQUEST_LOG_TURNS: '1' }, []).requestLogTogether).toBe(false);
    expect(() => readOptions({}, ['--only', 'request-logs'])).toThrow(/'request-log'/);
    // In turns the order alternates, so a drifting machine weighs on both sides alike.
    expect([1, 2, 3].map(roundOrder)).toEqual([
      ['on', 'off'],
      ['off', 'on'],
      ['on', 'off'],
    ]);
  });

  it('sums the rounds per side, weighs CPU by requests, and fails a log costing over a tenth more', () => {
    const runs = [
      run('read', 'on', 100, 1.2, 100),
      run('read', 'on', 300, 1.0, 301),
      run('read', 'off', 400, 0.9, 0),
      run('create', 'on', 100, 2.1, 100),
      run('create', 'off', 100, 2.0, 0),
    ];
    const [read, create] = compareRequestLog(runs, ['read', 'create']);
    expect(read!.on.apiCpuMsPerRequest).toBe(1.05);
    expect(read!.on.requestsPerS).toBe(20);
    expect(read!.on.rowsPerRequest).toBe(1.003);
    expect(read!.apiCpuRatio).toBe(1.167);
    expect(read!.apiCpuMsAdded).toBe(0.15);
    expect(read!.throughputRatio).toBe(0.5);
    expect(create!.apiCpuRatio).toBe(1.05);
    const summary: RequestLogSummary = {
      together: true,
      concurrency: 16,
      seconds: 10,
      rounds: 1,
      runs,
      comparisons: [read!, create!],
      droppedEntries: 0,
    };
    expect(requestLogTargets(summary).map((t) => [t.name, t.pass])).toEqual([
      ['request log rows per read, log on', true],
      ['request log rows per read, log off', true],
      ['API CPU per read, log on / off', false],
      ['request log rows per create, log on', true],
      ['request log rows per create, log off', true],
      ['API CPU per create, log on / off', true],
    ]);
  });
});
