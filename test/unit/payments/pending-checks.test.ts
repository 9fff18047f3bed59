import { PENDING_CHECKS_AFTER_MS, nextPendingCheckAt } from '../../../domain/payments/pending-checks.js';

describe('the questions to the gateway while a checkout waits', () => {
  const click = Date.parse('2026-11-25T10:00:00Z');

  it('come 5, 15, 45, 120 and 360 minutes after the first click, then no more', () => {
    const times = PENDING_CHECKS_AFTER_MS.map((_, made) => nextPendingCheckAt(click, made));
    expect(times.map((t) => (t! - click) / 60_000)).toEqual([5, 15, 45, 120, 360]);
    expect(nextPendingCheckAt(click, PENDING_CHECKS_AFTER_MS.length)).toBeNull();
  });

  it('come later each time', () => {
    for (let made = 1; made < PENDING_CHECKS_AFTER_MS.length; made++) {
      expect(nextPendingCheckAt(click, made)!).toBeGreaterThan(nextPendingCheckAt(click, made - 1)!);
    }
  });
});
