import fc from 'fast-check';
import { healthPolicyOf } from '../../../activities/gateway-health/health-policy.js';
import {
  createCallTally,
  type CallTally,
  type MinuteCounts,
} from '../../../domain/gateway-health/call-tally.js';
import {
  DEFAULT_HEALTH_POLICY,
  INITIAL_HEALTH,
  nextHealth,
  windowVerdict,
  type HealthPolicy,
  type HealthState,
  type WindowCounts,
} from '../../../domain/gateway-health/health-rules.js';
import { configSchema } from '../../../platform/config/index.js';

/**
 * The integration suite runs gateway health fast (evaluation every 2 s, flush every 1 s). These
 * are the deployment's defaults, timed by the pure parts alone: each process counts its calls in
 * memory (the tally) and writes them every GATEWAY_CALLS_FLUSH_SECONDS; the schedule evaluates
 * every GATEWAY_HEALTH_INTERVAL_SECONDS on what was written, with the rule. A gateway whose calls
 * already say DEGRADED is demoted within a minute (docs/processes/gateway-health.md), whatever
 * the phases of the flushes and the evaluations.
 */
const config = configSchema.parse({});
const policy: HealthPolicy = { ...DEFAULT_HEALTH_POLICY, ...healthPolicyOf(config) };
const flushMs = config.GATEWAY_CALLS_FLUSH_SECONDS * 1000;
const intervalMs = config.GATEWAY_HEALTH_INTERVAL_SECONDS * 1000;
const DEMOTED_WITHIN_MS = 60_000;

interface Call {
  atMs: number;
  process: number;
  failed: boolean;
}

/** The window's counts from what the processes wrote (db/gateway-health/call-minutes.ts's query). */
function windowOf(written: MinuteCounts[], now: Date): WindowCounts {
  const from = now.getTime() - policy.windowMs;
  return written
    .filter((row) => row.minute.getTime() >= from)
    .reduce(
      (sum, row) => {
        const failures = row.unavailable + row.protocolErrors + row.errors;
        return { calls: sum.calls + row.ok + row.rejected + failures, failures: sum.failures + failures };
      },
      { calls: 0, failures: 0 },
    );
}

/**
 * Plays the calls, the processes' flushes and the schedule's evaluations in time order, from
 * `startMs` (any instant of a minute); returns when the health first got worse than OPERATIONAL,
 * in ms from the start, or null.
 */
function demotedAt(
  calls: Call[],
  phases: { startMs: number; flushMs: number[]; evaluationMs: number },
  untilMs: number,
): number | null {
  const start = Date.UTC(2027, 1, 1, 9, 0, 0) + phases.startMs;
  const tallies: CallTally[] = phases.flushMs.map(() => createCallTally());
  const written: MinuteCounts[] = [];
  type Event =
    | { atMs: number; order: number; kind: 'call'; call: Call }
    | { atMs: number; order: number; kind: 'flush'; process: number }
    | { atMs: number; order: number; kind: 'evaluate' };
  // At the same instant: a call, then a flush, then an evaluation would be the best case; the
  // worst is assumed instead: evaluations first, then flushes, then calls.
  const events: Event[] = calls.map((call) => ({ atMs: call.atMs, order: 2, kind: 'call', call }));
  phases.flushMs.forEach((phase, process) => {
    for (let at = phase; at <= untilMs; at += flushMs)
      events.push({ atMs: at, order: 1, kind: 'flush', process });
  });
  for (let at = phases.evaluationMs; at <= untilMs; at += intervalMs)
    events.push({ atMs: at, order: 0, kind: 'evaluate' });
  events.sort((a, b) => a.atMs - b.atMs || a.order - b.order);

  let health: HealthState = INITIAL_HEALTH(new Date(start));
  for (const event of events) {
    const now = new Date(start + event.atMs);
    if (event.kind === 'call') {
      tallies[event.call.process]!.record(
        'sslcommerz',
        'TEST',
        event.call.failed ? 'UNAVAILABLE' : 'OK',
        now,
      );
    } else if (event.kind === 'flush') {
      written.push(...tallies[event.process]!.drain());
    } else {
      health = nextHealth(
        health,
        { counts: windowOf(written, now), maintenanceWindowId: null, now },
        policy,
      ).next;
      if (health.status !== 'OPERATIONAL') return event.atMs;
    }
  }
  return null;
}

/** What all the calls together say, by the rule's window verdict. */
function verdictOf(calls: Call[]) {
  const failures = calls.filter((call) => call.failed).length;
  return windowVerdict({ calls: calls.length, failures }, policy);
}

describe('gateway health on the default settings', () => {
  it('evaluates every 30 s on outcomes written every 10 s, over 5 minutes and at least 10 calls', () => {
    expect({ intervalMs, flushMs, windowMs: policy.windowMs, minCalls: policy.minCalls }).toEqual({
      intervalMs: 30_000,
      flushMs: 10_000,
      windowMs: 300_000,
      minCalls: 10,
    });
    // The rule's bound: a call waits at most one flush to be written, then at most one interval.
    expect(flushMs + intervalMs).toBeLessThanOrEqual(DEMOTED_WITHIN_MS);
  });

  it('demotes at the worst phase: 3 of 10 calls fail, the last just after a flush and an evaluation', () => {
    // Calls one a second from 0; the tenth (the one that makes it 3 of 10) at 9 s. The flush ran
    // at 9 s just before it, the evaluation at 9 s before that: the next flush is at 19 s, the
    // next evaluation at 39 s.
    const calls: Call[] = Array.from({ length: 10 }, (_, i) => ({
      atMs: i * 1000,
      process: 0,
      failed: i >= 7,
    }));
    expect(verdictOf(calls)).toBe('DEGRADED');
    const at = demotedAt(calls, { startMs: 0, flushMs: [9_000], evaluationMs: 9_000 }, 180_000);
    expect(at).toBe(39_000);
    expect(at! - 9_000).toBeLessThanOrEqual(DEMOTED_WITHIN_MS);
  });

  it('demotes within 60 s of the calls that make it DEGRADED, whatever the phases, the processes and the minute', () => {
    const call = fc.record({
      atMs: fc.integer({ min: 0, max: 50_000 }),
      process: fc.integer({ min: 0, max: 1 }),
      failed: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(call, { minLength: policy.minCalls, maxLength: 60 }),
        fc.integer({ min: 0, max: 59_999 }),
        fc.tuple(fc.integer({ min: 0, max: flushMs - 1 }), fc.integer({ min: 0, max: flushMs - 1 })),
        fc.integer({ min: 0, max: intervalMs - 1 }),
        (calls, startMs, flushPhases, evaluationMs) => {
          const verdict = verdictOf(calls);
          fc.pre(verdict === 'DEGRADED' || verdict === 'DOWN');
          const last = Math.max(...calls.map((c) => c.atMs));
          const at = demotedAt(calls, { startMs, flushMs: flushPhases, evaluationMs }, last + 120_000);
          expect(at).not.toBeNull();
          expect(at! - last).toBeLessThanOrEqual(flushMs + intervalMs);
          expect(at! - last).toBeLessThanOrEqual(DEMOTED_WITHIN_MS);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('demotes a gateway failing one call in three within 60 s of its tenth call, at every phase', () => {
    // A call a second, alternating between the API and the worker, every third one failing.
    const calls: Call[] = Array.from({ length: 180 }, (_, i) => ({
      atMs: i * 1000,
      process: i % 2,
      failed: i % 3 === 2,
    }));
    const tenth = calls[policy.minCalls - 1]!.atMs;
    let worst = 0;
    for (const startMs of [0, 25_000, 55_000])
      for (let api = 0; api < flushMs; api += 1000)
        for (let worker = 0; worker < flushMs; worker += 2500)
          for (let evaluation = 0; evaluation < intervalMs; evaluation += 1000) {
            const at = demotedAt(
              calls,
              { startMs, flushMs: [api, worker], evaluationMs: evaluation },
              180_000,
            );
            expect(at).not.toBeNull();
            worst = Math.max(worst, at! - tenth);
          }
    expect(worst).toBeLessThanOrEqual(DEMOTED_WITHIN_MS);
  });
});
