import {
  OPENING_GIVES_UP_AFTER_MS,
  failoverOpen,
  orderChoices,
  type FailoverFacts,
} from '../../../domain/payments/checkout-failover.js';

const NOW = new Date('2026-12-16T10:00:00Z');

/** A payment whose customer chose SSLCOMMERZ here, and whose opening with it failed. */
const failedChoice: FailoverFacts = {
  status: 'CREATED',
  gateway: 'sslcommerz',
  sessionReachedCustomer: false,
  chosenAtCheckout: true,
  latestOpening: { gateway: 'sslcommerz', outcome: 'FAILED', startedAt: new Date(NOW.getTime() - 5_000) },
  now: NOW,
};

describe('when a customer may replace their gateway choice', () => {
  it('after the chosen gateway failed to open a session, nothing having reached the customer', () => {
    expect(failoverOpen(failedChoice)).toEqual({ open: true });
  });

  it.each<[string, Partial<FailoverFacts>, string]>([
    [
      'a gateway page may have reached the customer',
      { sessionReachedCustomer: true },
      'SESSION_REACHED_CUSTOMER',
    ],
    ['the payment is PENDING', { status: 'PENDING' }, 'NOT_OPEN'],
    ['the payment is closed', { status: 'EXPIRED' }, 'NOT_OPEN'],
    ['the app bound the gateway at create', { chosenAtCheckout: false }, 'BOUND_BY_APP'],
    ['no opening was tried yet', { latestOpening: null }, 'NO_FAILED_OPENING'],
    [
      'the opening is under way',
      { latestOpening: { gateway: 'sslcommerz', outcome: 'OPENING', startedAt: NOW } },
      'NO_FAILED_OPENING',
    ],
    [
      'the opening succeeded',
      { latestOpening: { gateway: 'sslcommerz', outcome: 'OPENED', startedAt: NOW } },
      'NO_FAILED_OPENING',
    ],
    [
      'the failed opening was with another gateway than the bound one',
      { latestOpening: { gateway: 'bkash', outcome: 'FAILED', startedAt: NOW } },
      'NO_FAILED_OPENING',
    ],
    ['nothing is bound yet (the ordinary picker applies)', { gateway: null }, 'NOT_BOUND'],
  ])('not when %s', (_what, change, why) => {
    expect(failoverOpen({ ...failedChoice, ...change })).toEqual({ open: false, why });
  });

  it('an opening still recorded as under way past the tries budget counts as failed', () => {
    const startedAt = (agoMs: number) => new Date(NOW.getTime() - agoMs);
    const opening = (agoMs: number): FailoverFacts => ({
      ...failedChoice,
      latestOpening: { gateway: 'sslcommerz', outcome: 'OPENING', startedAt: startedAt(agoMs) },
    });
    expect(OPENING_GIVES_UP_AFTER_MS).toBe(60_000);
    expect(failoverOpen(opening(OPENING_GIVES_UP_AFTER_MS)).open).toBe(false);
    expect(failoverOpen(opening(OPENING_GIVES_UP_AFTER_MS + 1)).open).toBe(true);
  });
});

describe('the order choices are offered in', () => {
  const choice = (name: string, degraded = false, failedJustNow = false) => ({
    name,
    degraded,
    failedJustNow,
  });

  it('gateways that answer first, then degraded ones, then the one that just failed; else as listed', () => {
    const ordered = orderChoices([
      choice('sslcommerz', false, true),
      choice('bkash', true),
      choice('nagad'),
      choice('stripe', true),
      choice('manual'),
    ]);
    expect(ordered.map((c) => c.name)).toEqual(['nagad', 'manual', 'bkash', 'stripe', 'sslcommerz']);
  });

  it('leaves healthy choices in the app order', () => {
    expect(orderChoices([choice('sslcommerz'), choice('bkash'), choice('nagad')]).map((c) => c.name)).toEqual(
      ['sslcommerz', 'bkash', 'nagad'],
    );
  });
});
