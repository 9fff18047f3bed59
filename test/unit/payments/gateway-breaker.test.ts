import {
  BREAKER_RULE,
  CLOSED_BREAKER,
  afterFailure,
  afterSuccess,
  isDegraded,
  type BreakerState,
} from '../../../domain/payments/gateway-breaker.js';

const T0 = Date.parse('2026-12-16T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

/** The breaker after failures at these offsets (ms from T0), from closed. */
function failuresAt(...offsets: number[]): BreakerState {
  return offsets.reduce((state, offset) => afterFailure(state, at(offset)), CLOSED_BREAKER);
}

describe('the session-opening circuit breaker', () => {
  it('degrades after 5 failures in a row within 2 minutes, for 5 minutes from the fifth', () => {
    expect(BREAKER_RULE).toEqual({ failuresToDegrade: 5, withinMs: 120_000, degradedForMs: 300_000 });
    const four = failuresAt(0, 10_000, 20_000, 30_000);
    expect(four.consecutiveFailures).toBe(4);
    expect(isDegraded(four, at(30_000))).toBe(false);

    const five = afterFailure(four, at(40_000));
    expect(isDegraded(five, at(40_000))).toBe(true);
    expect(five.degradedSince).toEqual(at(40_000));
    expect(five.degradedUntil).toEqual(at(40_000 + 300_000));
    expect(isDegraded(five, at(40_000 + 299_999))).toBe(true);
    expect(isDegraded(five, at(40_000 + 300_000))).toBe(false);
  });

  it('failures spread wider than 2 minutes start the count again and never degrade', () => {
    const spread = failuresAt(0, 30_000, 60_000, 90_000, 121_000, 150_000, 180_000, 210_000);
    expect(isDegraded(spread, at(210_000))).toBe(false);
    // 121 s is past the window opened at 0: the count restarted there and reached 4 by 210 s.
    expect(spread.consecutiveFailures).toBe(4);
    expect(spread.firstFailureAt).toEqual(at(121_000));
  });

  it('a success closes it at once, degraded or not', () => {
    const degraded = failuresAt(0, 1, 2, 3, 4);
    expect(isDegraded(degraded, at(5))).toBe(true);
    expect(isDegraded(afterSuccess(), at(5))).toBe(false);
    expect(afterSuccess()).toEqual(CLOSED_BREAKER);
    // One success between failures breaks the run: four more are not enough.
    const run = [0, 1, 2, 3].reduce((s, o) => afterFailure(s, at(o)), afterSuccess());
    expect(isDegraded(run, at(4))).toBe(false);
  });

  it('a failure while degraded keeps it degraded from that failure, since unchanged', () => {
    const degraded = failuresAt(0, 1, 2, 3, 4);
    const again = afterFailure(degraded, at(200_000));
    expect(again.degradedSince).toEqual(at(4));
    expect(again.degradedUntil).toEqual(at(200_000 + 300_000));
  });

  it('once the spell ends it takes a fresh run of 5 failures to degrade again', () => {
    const degraded = failuresAt(0, 1, 2, 3, 4);
    const later = 4 + 300_000 + 1;
    let state = degraded;
    for (let i = 0; i < 4; i++) state = afterFailure(state, at(later + i));
    expect(isDegraded(state, at(later + 4))).toBe(false);
    state = afterFailure(state, at(later + 4));
    expect(isDegraded(state, at(later + 4))).toBe(true);
  });
});
