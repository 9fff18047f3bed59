import fc from 'fast-check';
import { judgeReport } from '../../../domain/payments/confirmation.js';
import {
  RECEIPT_STATUSES,
  judgeReceiptClaim,
  judgeReceiptDecision,
  receiptNeedsStepUp,
  receiptReport,
  statusOnRecording,
  type RecordedReceipt,
} from '../../../domain/payments/manual-receipts.js';

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const amount = fc.integer({ min: 1, max: 10 ** 12 });
const status = fc.constantFrom(...RECEIPT_STATUSES);

const receipt = (overrides: Partial<RecordedReceipt> = {}): RecordedReceipt => ({
  id: 7,
  paymentId: 1,
  reference: 'pay_a',
  amountMinor: 1000,
  currency: 'BDT',
  receivedOn: '2026-11-20',
  method: 'BANK_TRANSFER',
  bankReference: 'TRX-1',
  status: 'CONFIRMED',
  recordedByOperatorId: 1,
  decidedByOperatorId: null,
  ...overrides,
});

describe('manual receipts', () => {
  it('a receipt is taken only for a PENDING payment, in full, dated by today, while none stands', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('CREATED', 'PENDING', 'SUCCEEDED', 'EXPIRED', 'CANCELLED'),
        amount,
        amount,
        fc.constantFrom('BDT', 'USD'),
        day,
        day,
        fc.array(status, { maxLength: 3 }),
        (paymentStatus, asked, received, currency, receivedOn, today, existing) => {
          const refusal = judgeReceiptClaim(
            { status: paymentStatus, amountMinor: asked, currency: 'BDT' },
            { amountMinor: received, currency, receivedOn },
            today,
            existing,
          );
          const acceptable =
            paymentStatus === 'PENDING' &&
            existing.every((s) => s === 'REJECTED') &&
            received === asked &&
            currency === 'BDT' &&
            receivedOn <= today;
          expect(refusal === null).toBe(acceptable);
          if (paymentStatus !== 'PENDING') expect(refusal).toBe('PAYMENT_NOT_AWAITING_RECEIPT');
        },
      ),
    );
  });

  it('maker-checker: only a waiting receipt is decided, never by the operator who recorded it', () => {
    fc.assert(
      fc.property(
        status,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (s, maker, checker) => {
          const refusal = judgeReceiptDecision({ status: s, recordedByOperatorId: maker }, checker);
          if (s !== 'AWAITING_APPROVAL') expect(refusal).toBe('RECEIPT_NOT_AWAITING_APPROVAL');
          else expect(refusal).toBe(maker === checker ? 'SELF_APPROVAL_FORBIDDEN' : null);
        },
      ),
    );
    expect(statusOnRecording(1)).toBe('CONFIRMED');
    expect(statusOnRecording(2)).toBe('AWAITING_APPROVAL');
  });

  it('step-up is needed exactly above the limit', () => {
    fc.assert(
      fc.property(amount, amount, (a, limit) => expect(receiptNeedsStepUp(a, limit)).toBe(a > limit)),
    );
  });

  it('only a confirmed receipt for this payment reports money; it then settles the payment it matches', () => {
    fc.assert(
      fc.property(status, fc.constantFrom('pay_a', 'pay_b'), amount, (s, reference, amountMinor) => {
        const report = receiptReport('pay_a', receipt({ status: s, reference, amountMinor }));
        const decision = judgeReport({ reference: 'pay_a', amountMinor, currency: 'BDT' }, report);
        const paid = s === 'CONFIRMED' && reference === 'pay_a';
        expect(decision.kind).toBe(paid ? 'SUCCEEDED' : 'UNCONFIRMED');
        if (paid)
          expect(report).toMatchObject({ gatewayTransactionId: 'TRX-1', paymentMethod: 'BANK_TRANSFER' });
      }),
    );
    expect(
      judgeReport({ reference: 'pay_a', amountMinor: 1, currency: 'BDT' }, receiptReport('pay_a', null)).kind,
    ).toBe('UNCONFIRMED');
  });
});
