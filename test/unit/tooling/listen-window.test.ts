import { admit, openWindow, readFrom, seenIds } from '../../../scripts/cli/event-window.js';
import { forwardedLine, readyLine } from '../../../scripts/cli/listen-lines.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 30, 12, 0, seconds));
const event = (id: string, seconds: number) => ({ id, createdAt: at(seconds) });

describe("listen's window over the outbox", () => {
  it('reads from the start until an event is seen, then reaches back behind the newest', () => {
    const window = openWindow(at(0), 10_000);
    expect(readFrom(window)).toEqual(at(0));
    expect(admit(window, [event('a', 5), event('b', 30)])).toHaveLength(2);
    expect(readFrom(window)).toEqual(at(20));
    // Never before the start, however far back the window reaches.
    expect(readFrom(openWindow(at(25), 60_000))).toEqual(at(25));
  });

  it('admits each event once, including one that commits after younger ones were read', () => {
    const window = openWindow(at(0), 10_000);
    expect(admit(window, [event('a', 10), event('b', 12)]).map((e) => e.id)).toEqual(['a', 'b']);
    // `late` was stamped at 11 s but its transaction committed only now.
    expect(admit(window, [event('a', 10), event('late', 11), event('b', 12)]).map((e) => e.id)).toEqual([
      'late',
    ]);
    expect(seenIds(window).sort()).toEqual(['a', 'b', 'late']);
  });

  it('forgets ids the window no longer reaches', () => {
    const window = openWindow(at(0), 10_000);
    admit(window, [event('old', 1)]);
    admit(window, [event('new', 40)]);
    expect(seenIds(window)).toEqual(['new']);
  });
});

describe("listen's lines", () => {
  it('prints the secret on start and one line per forwarded event', () => {
    expect(readyLine({ secret: 'whsec_abc', appId: 7, url: 'http://localhost:3000/webhooks' })).toMatch(
      /^Ready\. Your webhook signing secret is whsec_abc /,
    );
    expect(
      forwardedLine({ id: 'evt_1', type: 'payment.succeeded' }, { statusCode: 200, error: null }, at(7)),
    ).toBe('2026-12-30 12:00:07  payment.succeeded  evt_1  → 200');
    expect(
      forwardedLine(
        { id: 'evt_2', type: 'refund.failed' },
        { statusCode: null, error: 'ECONNREFUSED: refused' },
        at(8),
      ),
    ).toBe('2026-12-30 12:00:08  refund.failed  evt_2  → failed: ECONNREFUSED: refused');
  });
});
