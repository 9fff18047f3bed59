import fc from 'fast-check';
import { PAYMENT_STATUSES } from '../../../domain/payments/payment-status.js';
import {
  REFUND_STATUSES,
  admitRefund,
  paymentStatusAfterRefunds,
  refundPollDelayMs,
  refundableMinor,
  type ExistingRefund,
} from '../../../domain/refunds/refunds.js';

const refundArb = fc.record({
  status: fc.constantFrom(...REFUND_STATUSES),
  amountMinor: fc.integer({ min: 1, max: 5_000 }),
});

describe('refund admission', () => {
  it('never lets the refunds that hold money exceed the capture, whatever the order of requests', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.option(fc.integer({ min: -10, max: 20_000 }), { nil: undefined }), { maxLength: 60 }),
        fc.array(
          fc.constantFrom('SUCCEEDED', 'FAILED', 'PROCESSING') as fc.Arbitrary<ExistingRefund['status']>,
          {
            maxLength: 60,
          },
        ),
        (captured, requests, fates) => {
          const taken: ExistingRefund[] = [];
          requests.forEach((requested, i) => {
            const payment = { status: 'SUCCEEDED' as const, amountMinor: captured };
            const admission = admitRefund(payment, taken, requested);
            if (admission.admitted) {
              expect(admission.amountMinor).toBeGreaterThan(0);
              taken.push({ status: fates[i] ?? 'PROCESSING', amountMinor: admission.amountMinor });
            }
            const holding = taken
              .filter((r) => r.status !== 'FAILED')
              .reduce((sum, r) => sum + r.amountMinor, 0);
            expect(holding).toBeLessThanOrEqual(captured);
            expect(refundableMinor(payment, taken)).toBe(captured - holding);
          });
        },
      ),
    );
  });

  it('admits only SUCCEEDED and PARTIALLY_REFUNDED payments', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAYMENT_STATUSES),
        fc.array(refundArb, { maxLength: 5 }),
        (status, refunds) => {
          const admission = admitRefund({ status, amountMinor: 1_000_000 }, refunds, 1);
          if (status !== 'SUCCEEDED' && status !== 'PARTIALLY_REFUNDED') {
            expect(admission).toMatchObject({ admitted: false, code: 'PAYMENT_NOT_REFUNDABLE' });
          } else {
            expect(admission.admitted).toBe(true);
          }
        },
      ),
    );
  });

  it('takes everything still refundable when no amount is given, and refuses when nothing is left', () => {
    const payment = { status: 'PARTIALLY_REFUNDED' as const, amountMinor: 10_000 };
    const refunds: ExistingRefund[] = [
      { status: 'SUCCEEDED', amountMinor: 4_000 },
      { status: 'FAILED', amountMinor: 3_000 },
      { status: 'PENDING_APPROVAL', amountMinor: 1_000 },
    ];
    expect(admitRefund(payment, refunds)).toEqual({ admitted: true, amountMinor: 5_000 });
    expect(admitRefund(payment, [...refunds, { status: 'PROCESSING', amountMinor: 5_000 }])).toMatchObject({
      admitted: false,
      code: 'REFUND_EXCEEDS_REFUNDABLE',
      refundableMinor: 0,
    });
  });

  it('moves the payment to PARTIALLY_REFUNDED, then REFUNDED once refunds cover it', () => {
    expect(paymentStatusAfterRefunds(10_000, 1)).toBe('PARTIALLY_REFUNDED');
    expect(paymentStatusAfterRefunds(10_000, 9_999)).toBe('PARTIALLY_REFUNDED');
    expect(paymentStatusAfterRefunds(10_000, 10_000)).toBe('REFUNDED');
  });

  it('asks the gateway again sooner at first and never less than hourly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (asked) => {
        const delay = refundPollDelayMs(asked);
        expect(delay).toBeGreaterThanOrEqual(5_000);
        expect(delay).toBeLessThanOrEqual(3_600_000);
        expect(refundPollDelayMs(asked + 1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});
