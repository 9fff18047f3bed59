import fc from 'fast-check';
import { createCallTally, minuteOf } from '../../../domain/gateway-health/call-tally.js';
import type { GatewayCallOutcome } from '../../../domain/gateway-health/call-tally.js';

const OUTCOMES: GatewayCallOutcome[] = ['OK', 'REJECTED', 'UNAVAILABLE', 'PROTOCOL_ERROR', 'ERROR'];

describe('gateway call tally', () => {
  it('counts every call once, per gateway, mode and minute, and drains empty', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gateway: fc.constantFrom('sslcommerz', 'bkash'),
            mode: fc.constantFrom('TEST' as const, 'LIVE' as const),
            outcome: fc.constantFrom(...OUTCOMES),
            second: fc.integer({ min: 0, max: 600 }),
          }),
          { maxLength: 200 },
        ),
        (calls) => {
          const tally = createCallTally();
          for (const c of calls) tally.record(c.gateway, c.mode, c.outcome, new Date(c.second * 1000));
          const drained = tally.drain();
          const total = drained.reduce(
            (sum, m) => sum + m.ok + m.rejected + m.unavailable + m.protocolErrors + m.errors,
            0,
          );
          expect(total).toBe(calls.length);
          const keys = new Set(drained.map((m) => `${m.gateway}|${m.mode}|${m.minute.getTime()}`));
          expect(keys.size).toBe(drained.length);
          drained.forEach((m) => expect(m.minute).toEqual(minuteOf(m.minute)));
          expect(tally.drain()).toEqual([]);
        },
      ),
    );
  });

  it('gives back the counts of a failed write, added to those counted since', () => {
    const tally = createCallTally();
    const at = new Date('2027-02-01T00:00:10Z');
    tally.record('bkash', 'LIVE', 'UNAVAILABLE', at);
    const failedWrite = tally.drain();
    tally.record('bkash', 'LIVE', 'OK', at);
    tally.restore(failedWrite);
    expect(tally.drain()).toEqual([
      expect.objectContaining({ gateway: 'bkash', mode: 'LIVE', ok: 1, unavailable: 1 }),
    ]);
  });
});
