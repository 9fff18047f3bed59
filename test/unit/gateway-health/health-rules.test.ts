import fc from 'fast-check';
import {
  DEFAULT_HEALTH_POLICY,
  HEALTH_STATUSES,
  INITIAL_HEALTH,
  nextHealth,
  windowVerdict,
  type HealthState,
  type WindowCounts,
} from '../../../domain/gateway-health/health-rules.js';

const policy = DEFAULT_HEALTH_POLICY;
const T0 = new Date('2027-02-01T00:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const SEVERITY = { OPERATIONAL: 0, DEGRADED: 1, DOWN: 2 } as const;

const counts = fc
  .record({ calls: fc.integer({ min: 0, max: 500 }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ calls, share }): WindowCounts => ({ calls, failures: Math.round(calls * share) }));

const state = fc.record({
  status: fc.constantFrom(...HEALTH_STATUSES),
  since: fc.constant(T0),
  troubleAt: fc.option(fc.integer({ min: 0, max: 600 }).map(at), { nil: null }),
  maintenanceWindowId: fc.constant(null),
}) as fc.Arbitrary<HealthState>;

/** Runs a sequence of observations, one every 30 seconds, from OPERATIONAL. */
function run(observations: WindowCounts[], start: HealthState = INITIAL_HEALTH(T0)) {
  let current = start;
  const statuses: string[] = [];
  observations.forEach((observed, i) => {
    current = nextHealth(
      current,
      { counts: observed, maintenanceWindowId: null, now: at(30 * (i + 1)) },
      policy,
    ).next;
    statuses.push(current.status);
  });
  return { statuses, last: current };
}

describe('gateway health rule', () => {
  it('needs the minimum sample: fewer calls say nothing, whatever failed', () => {
    expect(windowVerdict({ calls: policy.minCalls - 1, failures: policy.minCalls - 1 }, policy)).toBeNull();
    expect(windowVerdict({ calls: policy.minCalls, failures: policy.minCalls }, policy)).toBe('DOWN');
    expect(windowVerdict({ calls: 10, failures: 2 }, policy)).toBe('DEGRADED');
    expect(windowVerdict({ calls: 10, failures: 1 }, policy)).toBe('OPERATIONAL');
  });

  it('gets worse at once: a window at or above a rate moves any non-maintenance state at least that far', () => {
    fc.assert(
      fc.property(state, counts, (previous, observed) => {
        fc.pre(previous.status !== 'MAINTENANCE');
        const decision = nextHealth(
          previous,
          { counts: observed, maintenanceWindowId: null, now: at(700) },
          policy,
        );
        const verdict = windowVerdict(observed, policy);
        if (verdict === null || decision.next.status === 'MAINTENANCE') return;
        expect(SEVERITY[decision.next.status]).toBeGreaterThanOrEqual(SEVERITY[verdict]);
      }),
    );
  });

  it('never gets better within the recovery hold after trouble (no flapping)', () => {
    fc.assert(
      fc.property(fc.array(counts, { minLength: 1, maxLength: 40 }), (observations) => {
        let current = INITIAL_HEALTH(T0);
        observations.forEach((observed, i) => {
          const now = at(30 * (i + 1));
          const decision = nextHealth(current, { counts: observed, maintenanceWindowId: null, now }, policy);
          const better =
            SEVERITY[decision.next.status as keyof typeof SEVERITY] <
            SEVERITY[current.status as keyof typeof SEVERITY];
          if (better) {
            expect(
              current.troubleAt === null || now.getTime() - current.troubleAt.getTime() >= policy.recoveryMs,
            ).toBe(true);
          }
          current = decision.next;
        });
      }),
    );
  });

  it('changes at most once per recovery hold when the rate hovers around the degrading rate', () => {
    // Alternating just above and just below 20 %: without hysteresis this flips every evaluation.
    const hovering = Array.from({ length: 40 }, (_, i) => ({ calls: 100, failures: i % 2 === 0 ? 21 : 19 }));
    const { statuses } = run(hovering);
    const changes = statuses.filter((s, i) => i > 0 && s !== statuses[i - 1]).length;
    expect(statuses[0]).toBe('DEGRADED');
    expect(changes).toBe(0);
  });

  it('recovers from any state once healthy (or quiet) windows outlast the hold', () => {
    fc.assert(
      fc.property(
        state,
        fc.array(fc.constantFrom<WindowCounts>({ calls: 50, failures: 0 }, { calls: 0, failures: 0 }), {
          // Past the latest trouble a state may hold (600 s) and the hold after it, at 30 s apart.
          minLength: 27,
          maxLength: 35,
        }),
        (start, observations) => {
          fc.pre(start.status !== 'MAINTENANCE');
          expect(run(observations, start).last.status).toBe('OPERATIONAL');
        },
      ),
    );
  });

  it('degrades, holds, and recovers after the hold', () => {
    const failing = { calls: 20, failures: 8 };
    const healthy = { calls: 20, failures: 0 };
    const { statuses } = run([failing, healthy, healthy, healthy, healthy, healthy, healthy, healthy]);
    // 3 minutes of hold at one evaluation every 30 seconds: better at the 6th healthy window.
    expect(statuses).toEqual([
      'DEGRADED',
      'DEGRADED',
      'DEGRADED',
      'DEGRADED',
      'DEGRADED',
      'DEGRADED',
      'OPERATIONAL',
      'OPERATIONAL',
    ]);
  });

  it('a maintenance window wins over any window, and its end lets the window decide at once', () => {
    fc.assert(
      fc.property(state, counts, (previous, observed) => {
        const inWindow = nextHealth(
          previous,
          { counts: observed, maintenanceWindowId: 3, now: at(700) },
          policy,
        );
        expect(inWindow.next).toMatchObject({ status: 'MAINTENANCE', maintenanceWindowId: 3 });
        const after = nextHealth(
          inWindow.next,
          { counts: observed, maintenanceWindowId: null, now: at(730) },
          policy,
        );
        expect(after.next.status).toBe(windowVerdict(observed, policy) ?? 'OPERATIONAL');
        expect(after.changed).toBe(after.next.status !== 'MAINTENANCE');
      }),
    );
  });

  it('keeps `since` unless the status changes', () => {
    fc.assert(
      fc.property(state, counts, (previous, observed) => {
        fc.pre(previous.status !== 'MAINTENANCE');
        const decision = nextHealth(
          previous,
          { counts: observed, maintenanceWindowId: null, now: at(900) },
          policy,
        );
        expect(decision.changed).toBe(decision.next.status !== previous.status);
        expect(decision.next.since).toEqual(decision.changed ? at(900) : previous.since);
      }),
    );
  });
});
