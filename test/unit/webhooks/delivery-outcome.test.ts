import fc from 'fast-check';
import { judgeDeliveryAttempt } from '../../../domain/webhooks/delivery-outcome.js';

describe('a webhook delivery attempt', () => {
  it('ends the delivery on any 2xx and on 410 Gone, and retries everything else', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 100, max: 599 }), { nil: null }), (statusCode) => {
        const verdict = judgeDeliveryAttempt(statusCode);
        const taken = statusCode !== null && statusCode >= 200 && statusCode < 300;
        expect(verdict.final).toBe(taken || statusCode === 410);
        // A final verdict always settles the event's status; a retry never does.
        expect(verdict.settles === null).toBe(!verdict.final);
        expect(verdict.outcome).toBe(taken ? 'DELIVERED' : statusCode === 410 ? 'GONE' : 'RETRY');
      }),
    );
  });

  it('treats no answer at all (timeout, refused connection) as a retry', () => {
    expect(judgeDeliveryAttempt(null)).toEqual({ final: false, outcome: 'RETRY', settles: null });
  });
});
