import { sleep } from './processes.js';

export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
}

/** Nearest-rank percentiles over every sample (runs are short enough to keep them all). */
export function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0)
    return { count: 0, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null, meanMs: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return {
    count: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: round(sorted[sorted.length - 1]!),
    meanMs: round(sorted.reduce((sum, v) => sum + v, 0) / sorted.length),
  };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** What one operation reports: ok or not, and why not (grouped in the summary). */
export type OpResult = { ok: true } | { ok: false; reason: string };

export interface RunResult {
  durationS: number;
  completed: number;
  ok: number;
  failed: number;
  failures: Record<string, number>;
  throughputPerS: number;
  latency: LatencySummary;
}

function tally(failures: Record<string, number>, reason: string): void {
  failures[reason] = (failures[reason] ?? 0) + 1;
}

async function attempt(op: () => Promise<OpResult>): Promise<OpResult> {
  try {
    return await op();
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.slice(0, 120) : String(error) };
  }
}

/**
 * Closed loop: `concurrency` callers each issue the next operation as soon as the last returns,
 * for `durationS`. Throughput counts successful operations that finished inside the window;
 * latency covers successful ones only, so a fast error cannot flatter it.
 */
export async function closedLoop(
  concurrency: number,
  durationS: number,
  op: () => Promise<OpResult>,
  signal: AbortSignal,
): Promise<RunResult> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  const end = start + durationS * 1000;
  const caller = async () => {
    while (performance.now() < end && !signal.aborted) {
      const t0 = performance.now();
      const result = await attempt(op);
      const t1 = performance.now();
      if (t1 > end) break;
      if (result.ok) {
        ok += 1;
        latencies.push(t1 - t0);
      } else {
        failed += 1;
        tally(failures, result.reason);
        // A refused connection fails in microseconds; without a pause the loop would spin and
        // take the CPU from the very processes it measures.
        await sleep(10);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsedS = durationS;
  return {
    durationS: elapsedS,
    completed: ok + failed,
    ok,
    failed,
    failures,
    throughputPerS: round(ok / elapsedS),
    latency: summarize(latencies),
  };
}

export interface OpenLoopResult extends RunResult {
  targetRatePerS: number;
  /** Arrivals not sent because too many were already outstanding (the system fell behind). */
  dropped: number;
  maxOutstanding: number;
}

/**
 * Open loop: arrivals on a fixed schedule whatever the responses do. Latency is measured from
 * each arrival's scheduled time, so a stalled load generator or server cannot hide queueing
 * (no coordinated omission).
 */
export async function openLoop(
  ratePerS: number,
  durationS: number,
  op: () => Promise<OpResult>,
  signal: AbortSignal,
  maxOutstanding = 2_000,
): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let dropped = 0;
  let outstanding = 0;
  let peakOutstanding = 0;
  const inFlight = new Set<Promise<void>>();
  const intervalMs = 1000 / ratePerS;
  const total = Math.floor(ratePerS * durationS);
  const start = performance.now();
  for (let i = 0; i < total && !signal.aborted; i += 1) {
    const scheduled = start + i * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    if (outstanding >= maxOutstanding) {
      dropped += 1;
      continue;
    }
    outstanding += 1;
    peakOutstanding = Math.max(peakOutstanding, outstanding);
    const request = attempt(op).then((result) => {
      outstanding -= 1;
      if (result.ok) {
        ok += 1;
        latencies.push(performance.now() - scheduled);
      } else {
        failed += 1;
        tally(failures, result.reason);
      }
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - start) / 1000;
  return {
    durationS: round(elapsedS, 2),
    targetRatePerS: round(ratePerS),
    completed: ok + failed,
    ok,
    failed,
    dropped,
    maxOutstanding: peakOutstanding,
    failures,
    throughputPerS: round(ok / elapsedS),
    latency: summarize(latencies),
  };
}

/** Marks around a steady-state window: the sampler's, so CPU is read over the same seconds. */
export interface WindowMarks {
  before: () => void;
  after: () => void;
}

/** What a steady-state window saw: every operation that finished, and the failures by reason. */
export interface SteadyWindowRun<T> {
  windowStart: number;
  windowEnd: number;
  /** Each successful operation, in the warm-up or the window: callers keep those finishing inside. */
  finished: Array<{ value: T; startedAt: number; finishedAt: number }>;
  failed: number;
  failures: Record<string, number>;
}

/**
 * A steady-state window: `concurrency` callers keep operations in flight for `warmupS` and then
 * `durationS` more, without a pause between the two. Only operations that finish inside the
 * second span should count, so neither the JIT's first compilations nor the pipeline's filling
 * (about `concurrency` operations' worth, whose cost grows with an operation's latency) is
 * measured. `marks` fire at the window's two ends.
 */
export async function steadyWindow<T>(
  concurrency: number,
  warmupS: number,
  durationS: number,
  op: () => Promise<T>,
  signal: AbortSignal,
  marks: WindowMarks,
): Promise<SteadyWindowRun<T>> {
  const start = performance.now();
  const windowStart = start + warmupS * 1000;
  const windowEnd = windowStart + durationS * 1000;
  const finished: SteadyWindowRun<T>['finished'] = [];
  const failures: Record<string, number> = {};
  let failed = 0;
  let opening = true;
  let closing = true;
  const open = () => {
    opening = false;
    marks.before();
  };
  const close = () => {
    closing = false;
    marks.after();
  };
  const opened = setTimeout(open, Math.max(0, windowStart - performance.now()));
  const closed = setTimeout(close, Math.max(0, windowEnd - performance.now()));
  const caller = async () => {
    while (performance.now() < windowEnd && !signal.aborted) {
      const startedAt = performance.now();
      try {
        const value = await op();
        finished.push({ value, startedAt, finishedAt: performance.now() });
      } catch (error) {
        if (signal.aborted) break;
        failed += 1;
        tally(failures, error instanceof Error ? error.message.slice(0, 120) : String(error));
        // A path that fails at once must not spin and take the CPU it measures (see closedLoop).
        await sleep(10);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, caller));
  } finally {
    clearTimeout(opened);
    clearTimeout(closed);
    // The callers stop on the clock, which can run ahead of a timer due at the same instant:
    // a window that opened always closes, so the sampler's marks come in pairs.
    if (!opening && closing) close();
  }
  return { windowStart, windowEnd, finished, failed, failures };
}
