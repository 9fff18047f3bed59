import fc from 'fast-check';
import {
  CHECK_SPACING_BASE_SECONDS,
  judgedWhenCurrent,
  latestHandOver,
  MAX_CALLBACK_CHECKS,
  rememberedRepeatAction,
  repeatAction,
  spacingAfter,
  verdictAction,
  type StoredCallbackChecks,
} from '../../../domain/payments/callback-checks.js';

const row = (overrides: Partial<StoredCallbackChecks> = {}): StoredCallbackChecks => ({
  judged: false,
  verdict: null,
  checks: 1,
  returnedWhileChecking: false,
  secondsSinceHandOver: 1,
  secondsUntilNextCheck: 0,
  ...overrides,
});
const rules = { worthChecking: true, lostAfterSeconds: 60 };

describe('a repeat of a stored callback', () => {
  it('one the gateway did not confirm is checked again under the next number', () => {
    expect(repeatAction(row({ judged: true, verdict: 'UNCONFIRMED', checks: 1 }), rules)).toEqual({
      kind: 'CHECK_AGAIN',
      handOver: 1,
      spacingSeconds: 0,
    });
    expect(repeatAction(row({ judged: true, verdict: 'UNCONFIRMED', checks: 3 }), rules)).toEqual({
      kind: 'CHECK_AGAIN',
      handOver: 3,
      spacingSeconds: CHECK_SPACING_BASE_SECONDS,
    });
  });

  it(`the first ${MAX_CALLBACK_CHECKS} checks are asked at once; each later one waits twice as long`, () => {
    expect([0, 1, 2, 3].map(spacingAfter)).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 7].map(spacingAfter)).toEqual([30, 60, 120, 240]);
  });

  it('past the first checks a repeat inside the spacing is remembered, and checked once it ends', () => {
    const judged = row({ judged: true, verdict: 'UNCONFIRMED', checks: MAX_CALLBACK_CHECKS });
    expect(repeatAction({ ...judged, secondsUntilNextCheck: 12 }, rules)).toEqual({ kind: 'NOTE_RETURN' });
    // Remembered once: further repeats add nothing.
    expect(
      repeatAction({ ...judged, secondsUntilNextCheck: 12, returnedWhileChecking: true }, rules),
    ).toEqual({ kind: 'NOTHING' });
    // A later arrival after the spacing is checked at once.
    expect(repeatAction({ ...judged, secondsUntilNextCheck: 0 }, rules)).toEqual({
      kind: 'CHECK_AGAIN',
      handOver: MAX_CALLBACK_CHECKS,
      spacingSeconds: 2 * CHECK_SPACING_BASE_SECONDS,
    });
  });

  it('a remembered repeat is checked by the sweeper once the spacing ends, only while still UNCONFIRMED and wanted', () => {
    const remembered = row({
      judged: true,
      verdict: 'UNCONFIRMED',
      checks: MAX_CALLBACK_CHECKS + 1,
      returnedWhileChecking: true,
    });
    const wanted = { worthChecking: true };
    expect(rememberedRepeatAction({ ...remembered, secondsUntilNextCheck: 5 }, wanted)).toEqual({
      kind: 'NOTHING',
    });
    expect(rememberedRepeatAction(remembered, wanted)).toEqual({
      kind: 'CHECK_AGAIN',
      handOver: MAX_CALLBACK_CHECKS + 1,
      spacingSeconds: 4 * CHECK_SPACING_BASE_SECONDS,
    });
    expect(rememberedRepeatAction(remembered, { worthChecking: false })).toEqual({ kind: 'FORGET' });
    expect(rememberedRepeatAction({ ...remembered, verdict: 'SUCCEEDED' }, wanted)).toEqual({
      kind: 'NOTHING',
    });
    expect(rememberedRepeatAction({ ...remembered, returnedWhileChecking: false }, wanted)).toEqual({
      kind: 'NOTHING',
    });
    expect(rememberedRepeatAction({ ...remembered, judged: false, verdict: null }, wanted)).toEqual({
      kind: 'NOTHING',
    });
  });

  it.each(['SUCCEEDED', 'FAILED', 'CANCELLED', 'DUPLICATE', 'NO_CHANGE', 'REJECTED', 'CAPTURED_MISMATCH'])(
    'one judged %s is a duplicate: nothing',
    (verdict) => {
      expect(repeatAction(row({ judged: true, verdict }), rules)).toEqual({ kind: 'NOTHING' });
    },
  );

  it('one that starts nothing now (a closed payment) is not checked again', () => {
    expect(
      repeatAction(row({ judged: true, verdict: 'UNCONFIRMED' }), { ...rules, worthChecking: false }),
    ).toEqual({ kind: 'NOTHING' });
    expect(repeatAction(row(), { ...rules, worthChecking: false })).toEqual({ kind: 'NOTHING' });
  });

  it('one whose check is under way is noted once, not handed over', () => {
    expect(repeatAction(row(), rules)).toEqual({ kind: 'NOTE_RETURN' });
    expect(repeatAction(row({ returnedWhileChecking: true }), rules)).toEqual({ kind: 'NOTHING' });
    expect(repeatAction(row({ checks: MAX_CALLBACK_CHECKS + 3 }), rules)).toEqual({ kind: 'NOTE_RETURN' });
  });

  it('one whose hand-over may have been lost is handed over again under the same number', () => {
    expect(repeatAction(row({ checks: 2, secondsSinceHandOver: 61 }), rules)).toEqual({
      kind: 'HAND_OVER_AGAIN',
      handOver: 1,
      noteReturn: true,
    });
    expect(repeatAction(row({ checks: 0, secondsSinceHandOver: null }), rules)).toEqual({
      kind: 'HAND_OVER_AGAIN',
      handOver: 0,
      noteReturn: true,
    });
    expect(repeatAction(row({ checks: MAX_CALLBACK_CHECKS, secondsSinceHandOver: 61 }), rules)).toMatchObject(
      { kind: 'HAND_OVER_AGAIN', noteReturn: true },
    );
    expect(repeatAction(row({ secondsSinceHandOver: 61 }), { ...rules, worthChecking: false })).toMatchObject(
      { kind: 'HAND_OVER_AGAIN', noteReturn: false },
    );
  });
});

describe("a check's verdict", () => {
  it('stands when nothing arrived meanwhile, or the gateway confirmed something', () => {
    expect(verdictAction(row(), { verdict: 'UNCONFIRMED', handOver: 0 })).toEqual({
      kind: 'JUDGE',
      keepReturn: false,
    });
    expect(
      verdictAction(row({ returnedWhileChecking: true }), { verdict: 'SUCCEEDED', handOver: 0 }),
    ).toEqual({ kind: 'JUDGE', keepReturn: false });
  });

  it('UNCONFIRMED while the callback arrived again: checked again at once, or remembered inside the spacing', () => {
    expect(
      verdictAction(row({ returnedWhileChecking: true }), { verdict: 'UNCONFIRMED', handOver: 0 }),
    ).toEqual({ kind: 'CHECK_AGAIN', handOver: 1, spacingSeconds: 0 });
    const spaced = row({ returnedWhileChecking: true, checks: MAX_CALLBACK_CHECKS });
    const last = { verdict: 'UNCONFIRMED', handOver: MAX_CALLBACK_CHECKS - 1 };
    expect(verdictAction({ ...spaced, secondsUntilNextCheck: 20 }, last)).toEqual({
      kind: 'JUDGE',
      keepReturn: true,
    });
    expect(verdictAction(spaced, last)).toEqual({
      kind: 'CHECK_AGAIN',
      handOver: MAX_CALLBACK_CHECKS,
      spacingSeconds: 2 * CHECK_SPACING_BASE_SECONDS,
    });
  });

  it('a retried step after the next check was asked for writes nothing and names that check', () => {
    expect(verdictAction(row({ checks: 2 }), { verdict: 'UNCONFIRMED', handOver: 0 })).toEqual({
      kind: 'STALE',
      pending: 1,
    });
    expect(
      verdictAction(row({ judged: true, verdict: 'SUCCEEDED' }), { verdict: 'DUPLICATE', handOver: 0 }),
    ).toEqual({ kind: 'STALE', pending: null });
  });

  it('numbers checks from 0, also for rows never handed over', () => {
    expect([0, 1, 2].map(latestHandOver)).toEqual([0, 0, 1]);
  });
});

/**
 * The rules played against a clock: returns arrive at any times within a window, each check takes
 * the workflow a few seconds and ends UNCONFIRMED (the gateway confirms nothing: a flood of forged
 * returns), and the sweeper looks every minute.
 */
describe('a flood of repeats over time', () => {
  const SWEEP_EVERY = 60;
  const rules = { worthChecking: true, lostAfterSeconds: 60 };

  interface Played {
    /** When each check was asked. */
    starts: number[];
    /** For each arrival: when it came, the checks asked before it, and the first check asked at or after it. */
    arrivals: Array<{ at: number; checksBefore: number; checkedAt: number | null }>;
  }

  function play(arrivalTimes: number[], durations: number[], sweepOffset: number): Played {
    const times = [...arrivalTimes].sort((a, b) => a - b);
    const starts: number[] = [];
    let state = {
      judged: false,
      verdict: null as string | null,
      checks: 0,
      returned: false,
      handedOverAt: 0,
      nextCheckAt: 0,
    };
    type Running = { handOver: number; endsAt: number } | null;
    let running = null as Running;
    const view = (now: number): StoredCallbackChecks => ({
      judged: state.judged,
      verdict: state.verdict,
      checks: state.checks,
      returnedWhileChecking: state.returned,
      secondsSinceHandOver: now - state.handedOverAt,
      secondsUntilNextCheck: state.nextCheckAt - now,
    });
    const open = (now: number, next: { handOver: number; spacingSeconds: number }) => {
      state = {
        judged: false,
        verdict: null,
        checks: next.handOver + 1,
        returned: false,
        handedOverAt: now,
        nextCheckAt: now + next.spacingSeconds,
      };
      starts.push(now);
      running = { handOver: next.handOver, endsAt: now + durations[starts.length % durations.length]! };
    };

    const arrivals: Played['arrivals'] = [];
    let nextArrival = 0;
    let nextSweep = sweepOffset;
    for (;;) {
      const quiet = nextArrival >= times.length && running === null && !state.returned;
      if (quiet) break;
      // The next event: an arrival, the running check's verdict, or a sweep (arrivals first on ties).
      const arrivalAt = times[nextArrival] ?? Infinity;
      const verdictAt = (running as Running)?.endsAt ?? Infinity;
      const now = Math.min(arrivalAt, verdictAt, nextSweep);
      if (arrivalAt === now) {
        nextArrival += 1;
        arrivals.push({ at: now, checksBefore: state.checks, checkedAt: null });
        if (state.checks === 0) {
          // Stored: its first check is asked at once.
          open(now, { handOver: 0, spacingSeconds: spacingAfter(1) });
          continue;
        }
        const action = repeatAction(view(now), rules);
        if (action.kind === 'CHECK_AGAIN') open(now, action);
        if (action.kind === 'NOTE_RETURN') state.returned = true;
        if (action.kind === 'HAND_OVER_AGAIN') throw new Error('no check here outlives a hand-over');
      } else if (verdictAt === now) {
        const { handOver } = running as NonNullable<Running>;
        running = null;
        const action = verdictAction(view(now), { verdict: 'UNCONFIRMED', handOver });
        if (action.kind === 'CHECK_AGAIN') open(now, action);
        if (action.kind === 'JUDGE') {
          state = { ...state, judged: true, verdict: 'UNCONFIRMED', returned: action.keepReturn };
        }
      } else {
        nextSweep += SWEEP_EVERY;
        const action = rememberedRepeatAction(view(now), { worthChecking: true });
        if (action.kind === 'CHECK_AGAIN') open(now, action);
      }
    }
    for (const arrival of arrivals) arrival.checkedAt = starts.find((start) => start >= arrival.at) ?? null;
    return { starts, arrivals };
  }

  /** Arrivals as the gaps between them (a flood, a trickle, bursts), over a window of 30 s to days. */
  const flood = fc
    .record({
      gaps: fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 900 })), {
        minLength: 1,
        maxLength: 400,
        size: 'max',
      }),
      durations: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 10 }),
      sweepOffset: fc.integer({ min: 0, max: SWEEP_EVERY - 1 }),
    })
    .map(({ gaps, durations, sweepOffset }) => {
      const arrivals = gaps.map((_, i) => gaps.slice(0, i + 1).reduce((sum, gap) => sum + gap, 0));
      const window = Math.max(CHECK_SPACING_BASE_SECONDS, arrivals.at(-1)! - arrivals[0]!);
      return { window, arrivals, durations, sweepOffset };
    });

  it('asks at most MAX + ceil(log2(W / 30 s)) + 1 checks within any window W', () => {
    fc.assert(
      fc.property(flood, ({ window, arrivals, durations, sweepOffset }) => {
        const { starts } = play(arrivals, durations, sweepOffset);
        const first = Math.min(...arrivals);
        const within = starts.filter((start) => start <= first + window).length;
        const bound = MAX_CALLBACK_CHECKS + Math.ceil(Math.log2(window / CHECK_SPACING_BASE_SECONDS)) + 1;
        expect(within).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 300 },
    );
  });

  it('checks every repeat, at the latest one spacing, one sweep and one check after it arrived', () => {
    fc.assert(
      fc.property(flood, ({ arrivals, durations, sweepOffset }) => {
        const played = play(arrivals, durations, sweepOffset);
        const longest = Math.max(...durations);
        // One expectation per run, not per arrival: a flood has hundreds.
        const late = played.arrivals.filter(
          (arrival) =>
            arrival.checkedAt === null ||
            arrival.checkedAt > arrival.at + spacingAfter(arrival.checksBefore) + SWEEP_EVERY + longest,
        );
        expect(late).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a flood over 30 minutes and over a day: about 6 and 12 checks past the first ones', () => {
    const everySecond = (seconds: number) => Array.from({ length: seconds }, (_, i) => i);
    const pastFirst = (seconds: number) =>
      play(everySecond(seconds), [2], 0).starts.filter((start) => start < seconds).length -
      MAX_CALLBACK_CHECKS;
    expect(pastFirst(30 * 60)).toBeLessThanOrEqual(6);
    expect(pastFirst(30 * 60)).toBeGreaterThanOrEqual(5);
    expect(pastFirst(24 * 3600)).toBeLessThanOrEqual(12);
    expect(pastFirst(24 * 3600)).toBeGreaterThanOrEqual(11);
  });
});

describe('a verdict written in one statement', () => {
  // db/payments/callback-checks.ts judgeCurrentCheck writes such a verdict when the row is unjudged and
  // greatest(checks - 1, 0) <= handOver; verdictAction must judge exactly then, keeping no repeat.
  it('is judged by verdictAction exactly when the row is unjudged and the check is its latest', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('SUCCEEDED', 'FAILED', 'CANCELLED', 'NO_CHANGE', 'CAPTURED_MISMATCH'),
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 600 }),
        (verdict, judged, checks, returnedWhileChecking, handOver, secondsUntilNextCheck) => {
          expect(judgedWhenCurrent(verdict)).toBe(true);
          const action = verdictAction(
            row({ judged, checks, returnedWhileChecking, secondsUntilNextCheck }),
            { verdict, handOver },
          );
          const written = !judged && Math.max(checks - 1, 0) <= handOver;
          expect(action.kind === 'JUDGE').toBe(written);
          if (action.kind === 'JUDGE') expect(action.keepReturn).toBe(false);
        },
      ),
    );
  });

  it('is never an UNCONFIRMED one: repeats and spacing decide those', () => {
    expect(judgedWhenCurrent('UNCONFIRMED')).toBe(false);
  });
});
