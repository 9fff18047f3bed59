import fc from 'fast-check';
import {
  classifyDeliveryFailure,
  DELIVERY_FAILURE_REASONS,
  judgeDeliveryAttempt,
  neutralFailureMessage,
} from '../../../domain/webhooks/delivery-outcome.js';

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

describe('a webhook delivery failure', () => {
  it('says a name that does not resolve and an address deliveries may not reach in the same words', () => {
    const unresolved = [
      Object.assign(new Error('getaddrinfo ENOTFOUND billing.internal'), { code: 'ENOTFOUND' }),
      Object.assign(new Error('getaddrinfo EAI_AGAIN billing.internal'), { code: 'EAI_AGAIN' }),
      new Error('Error: getaddrinfo EAI_NONAME billing.internal'),
    ];
    // request-filtering-agent's refusal of the address a name resolved to.
    const blocked = [
      new Error(
        'DNS lookup 10.0.0.7(family:4, host:billing.internal) is not allowed. Because, It is private IP address.',
      ),
      new Error('DNS lookup 169.254.169.254(family:4, host:169.254.169.254) is not allowed.'),
    ];
    const kinds = new Set([...unresolved, ...blocked].map((cause) => classifyDeliveryFailure(cause)));
    expect([...kinds]).toEqual(['NO_REACHABLE_ADDRESS']);
    expect(neutralFailureMessage('NO_REACHABLE_ADDRESS')).not.toMatch(/resolve|network|private|DNS/i);
    expect(DELIVERY_FAILURE_REASONS).not.toContain('DNS_NOT_FOUND');
    expect(DELIVERY_FAILURE_REASONS).not.toContain('BLOCKED_ADDRESS');
  });
});
