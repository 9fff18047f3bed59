import fc from 'fast-check';
import type { GatewayTransaction } from '../../../domain/payments/gateway-transaction.js';
import { planOutcome, type Outcome, type OutcomePlan } from '../../../domain/payments/outcome.js';
import {
  OUTCOME_EVENT,
  PAYMENT_STATUSES,
  canTransition,
  type PaymentStatus,
} from '../../../domain/payments/payment-status.js';

const transaction: GatewayTransaction = {
  outcome: 'SUCCEEDED',
  gatewayStatus: 'VALID',
  reference: 'pay_x',
  amountMinor: 1000,
  currency: 'BDT',
  validationId: 'val_1',
  gatewayTransactionId: 'bank_1',
  riskLevel: 0,
  feeMinor: null,
  raw: {},
};

const status = fc.constantFrom(...PAYMENT_STATUSES);
const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.constant<Outcome>({ kind: 'SUCCEEDED', transaction }),
  fc.constant<Outcome>({ kind: 'CAPTURED_MISMATCH', reason: 'AMOUNT_MISMATCH', transaction }),
  fc.constantFrom<Outcome>(
    { kind: 'FAILED', reason: 'declined' },
    { kind: 'CANCELLED', reason: 'cancelled' },
    { kind: 'EXPIRED', reason: 'window ended' },
    { kind: 'UNCONFIRMED', reason: 'still pending' },
  ),
);

/** The status a payment is in after a plan is carried out. */
const after = (current: PaymentStatus, plan: OutcomePlan) => plan.moveTo ?? current;

describe('deciding what an outcome changes', () => {
  it('moves a payment only along the lifecycle', () => {
    fc.assert(
      fc.property(status, outcome, (current, decided) => {
        const plan = planOutcome(current, decided);
        if (plan.moveTo) expect(canTransition(current, plan.moveTo)).toBe(true);
      }),
    );
  });

  it('posts a capture exactly when the payment becomes SUCCEEDED', () => {
    fc.assert(
      fc.property(status, outcome, (current, decided) => {
        const plan = planOutcome(current, decided);
        expect(plan.ledger === 'CAPTURE').toBe(plan.moveTo === 'SUCCEEDED');
      }),
    );
  });

  it('never loses captured money: it is the payment, was already counted, or is parked and flagged', () => {
    fc.assert(
      fc.property(status, outcome, (current, decided) => {
        if (decided.kind !== 'SUCCEEDED' && decided.kind !== 'CAPTURED_MISMATCH') return;
        const plan = planOutcome(current, decided);
        const counted = plan.ledger === 'CAPTURE' || plan.verdict === 'DUPLICATE';
        const parked = plan.ledger === 'UNAPPLIED' && plan.attention !== null;
        expect(counted || parked).toBe(true);
      }),
    );
  });

  it('is idempotent: applied again, it changes nothing and owes the same event', () => {
    fc.assert(
      fc.property(status, outcome, (current, decided) => {
        const first = planOutcome(current, decided);
        const again = planOutcome(after(current, first), decided);
        expect(again.moveTo).toBeNull();
        expect(again.ledger === 'CAPTURE').toBe(false);
        if (first.moveTo) expect(again.event).toBe(first.event);
      }),
    );
  });

  it('records an event for every move, the one apps subscribe to for that outcome', () => {
    fc.assert(
      fc.property(status, outcome, (current, decided) => {
        const plan = planOutcome(current, decided);
        if (plan.moveTo) expect(plan.event).toBe(OUTCOME_EVENT[plan.moveTo]);
      }),
    );
  });

  it('leaves a payment alone when nothing is confirmed', () => {
    fc.assert(
      fc.property(status, (current) => {
        const plan = planOutcome(current, { kind: 'UNCONFIRMED', reason: 'pending' });
        expect(plan).toMatchObject({ moveTo: null, ledger: null, event: null, attention: null });
      }),
    );
  });

  it('names the cases operators look for', () => {
    expect(planOutcome('PENDING', { kind: 'SUCCEEDED', transaction }).verdict).toBe('SUCCEEDED');
    expect(planOutcome('SUCCEEDED', { kind: 'SUCCEEDED', transaction })).toMatchObject({
      verdict: 'DUPLICATE',
      event: 'payment.succeeded',
      ledger: null,
    });
    expect(planOutcome('EXPIRED', { kind: 'SUCCEEDED', transaction })).toMatchObject({
      verdict: 'CAPTURED_AFTER_CLOSE',
      ledger: 'UNAPPLIED',
      event: null,
    });
    expect(
      planOutcome('PENDING', { kind: 'CAPTURED_MISMATCH', reason: 'AMOUNT_MISMATCH', transaction }),
    ).toMatchObject({ moveTo: 'FAILED', ledger: 'UNAPPLIED', attention: 'AMOUNT_MISMATCH' });
    expect(planOutcome('SUCCEEDED', { kind: 'EXPIRED', reason: 'late' })).toMatchObject({
      moveTo: null,
      verdict: 'NO_CHANGE',
      event: null,
    });
  });
});
