import fc from 'fast-check';
import { INVOICE_STATUSES, PAYABLE_INVOICE_STATUSES } from '../../../domain/invoices/invoices.js';
import { decidePay, type PaymentInFlight } from '../../../domain/invoices/pay-page.js';

const NOW = new Date('2030-01-15T06:00:00Z');

const installments = fc
  .array(
    fc
      .record({
        amountMinor: fc.integer({ min: 1, max: 1_000_000 }),
        paidFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ amountMinor, paidFraction }) => ({
        amountMinor,
        paidMinor: Math.floor(amountMinor * paidFraction),
      })),
    { minLength: 1, maxLength: 12 },
  )
  .map((list) => list.map((installment, index) => ({ ...installment, sequence: index + 1 })));

const inFlight: fc.Arbitrary<PaymentInFlight[]> = fc.array(
  fc.record({
    reference: fc.stringMatching(/^pay_[0-9a-z]{20}$/),
    status: fc.constantFrom('CREATED' as const, 'PENDING' as const),
    amountMinor: fc.integer({ min: 1, max: 1_000_000 }),
    expiresAt: fc.constantFrom(new Date(NOW.getTime() - 60_000), new Date(NOW.getTime() + 60_000)),
  }),
  { maxLength: 3 },
);

describe('what Pay does on an invoice page', () => {
  it('pays only what is due now, never beside a payment in flight, and continues an open one for that amount', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INVOICE_STATUSES), installments, inFlight, (status, plan, flying) => {
        const decision = decidePay({ status, installments: plan }, flying, NOW);
        const due = plan.find((i) => i.paidMinor < i.amountMinor);
        if (!PAYABLE_INVOICE_STATUSES.includes(status) || !due) {
          expect(decision).toEqual({ kind: 'REFUSE', reason: 'NOT_PAYABLE' });
          return;
        }
        const dueMinor = due.amountMinor - due.paidMinor;
        const open = flying.filter(
          (p) => p.amountMinor === dueMinor && (p.status === 'PENDING' || p.expiresAt > NOW),
        );
        if (decision.kind === 'CONTINUE') {
          expect(open.map((p) => p.reference)).toContain(decision.reference);
        } else if (decision.kind === 'CREATE') {
          expect(flying).toHaveLength(0);
          expect(decision).toEqual({ kind: 'CREATE', amountMinor: dueMinor, installment: due.sequence });
        } else {
          expect(open).toHaveLength(0);
          expect(flying.length).toBeGreaterThan(0);
          expect(decision.reason).toBe('PAYMENT_IN_PROGRESS');
        }
      }),
    );
  });

  it('a checkout left unopened past its deadline is not continued', () => {
    const stale: PaymentInFlight = {
      reference: 'pay_00000000000000000000',
      status: 'CREATED',
      amountMinor: 500,
      expiresAt: new Date(NOW.getTime() - 1),
    };
    const plan = [{ sequence: 1, amountMinor: 500, paidMinor: 0 }];
    expect(decidePay({ status: 'OPEN', installments: plan }, [stale], NOW)).toEqual({
      kind: 'REFUSE',
      reason: 'PAYMENT_IN_PROGRESS',
    });
    expect(decidePay({ status: 'OPEN', installments: plan }, [{ ...stale, status: 'PENDING' }], NOW)).toEqual(
      {
        kind: 'CONTINUE',
        reference: stale.reference,
      },
    );
  });
});
