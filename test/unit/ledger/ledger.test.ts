import fc from 'fast-check';
import {
  accountCode,
  appPosition,
  captureEntries,
  isBalanced,
  normalBalance,
  refundEntry,
  sourceTypeOf,
  unappliedAppliedEntry,
  unappliedCaptureEntries,
  type JournalEntryDraft,
} from '../../../domain/ledger/ledger.js';
import { planOutcome } from '../../../domain/payments/outcome.js';
import type { PaymentStatus } from '../../../domain/payments/payment-status.js';
import {
  admitRefund,
  admitUnappliedRefund,
  paymentStatusAfterRefunds,
  type ExistingRefund,
} from '../../../domain/refunds/refunds.js';
import type { GatewayTransaction } from '../../../domain/payments/gateway-transaction.js';

describe('ledger posting rules', () => {
  const capture = fc.record({
    paymentReference: fc.string({ minLength: 1 }),
    appId: fc.integer({ min: 1 }).map(String),
    mode: fc.constantFrom('TEST' as const, 'LIVE' as const),
    gateway: fc.constant('sslcommerz'),
    currency: fc.constantFrom('BDT' as const, 'USD' as const),
    amountMinor: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    feeMinor: fc.option(fc.integer({ min: -10, max: Number.MAX_SAFE_INTEGER })),
  });

  it('every entry balances and stays in its mode and currency, whatever the amount or fee', () => {
    fc.assert(
      fc.property(capture, (input) => {
        const entries = [...captureEntries(input), ...unappliedCaptureEntries(input)];
        for (const entry of entries) {
          expect(isBalanced(entry.postings)).toBe(true);
          for (const posting of entry.postings) {
            expect(posting.account.mode).toBe(input.mode);
            expect(posting.account.currency).toBe(input.currency);
          }
        }
        // A fee is posted only when the gateway reported one that fits inside the capture.
        const fee = entries.find((e) => e.kind === 'FEE');
        const fits = input.feeMinor !== null && input.feeMinor > 0 && input.feeMinor <= input.amountMinor;
        expect(fee !== undefined).toBe(fits);
      }),
    );
  });

  it('a capture credits the app, and the gateway fee comes out of the clearing account', () => {
    const [captured, fee] = captureEntries({
      paymentReference: 'pay_x',
      appId: '7',
      mode: 'TEST',
      gateway: 'sslcommerz',
      currency: 'BDT',
      amountMinor: 500,
      feeMinor: 13,
    });
    const lines = (entry: JournalEntryDraft | undefined) =>
      entry?.postings.map((p) => [accountCode(p.account), p.amountMinor]);
    expect(captured?.kind).toBe('CAPTURE');
    expect(lines(captured)).toEqual([
      ['gateway_clearing:sslcommerz:TEST:BDT', 500],
      ['app_payable:7:TEST:BDT', -500],
    ]);
    expect(fee?.kind).toBe('FEE');
    expect(lines(fee)).toEqual([
      ['gateway_fees:sslcommerz:TEST:BDT', 13],
      ['gateway_clearing:sslcommerz:TEST:BDT', -13],
    ]);
    expect(sourceTypeOf('CAPTURE')).toBe('payment');
    expect(sourceTypeOf('UNAPPLIED_REFUND')).toBe('refund');
  });

  it('rejects an unbalanced, one-sided or zero-line entry', () => {
    expect(isBalanced([{ amountMinor: 1 }])).toBe(false);
    expect(isBalanced([{ amountMinor: 1 }, { amountMinor: -2 }])).toBe(false);
    expect(isBalanced([{ amountMinor: 0 }, { amountMinor: 0 }])).toBe(false);
  });
});

/**
 * The whole money path, decided by the same pure functions the activities call, over random
 * sequences of payments, gateway outcomes (failures, late captures, wrong amounts), refunds that
 * succeed or fail, and operators resolving parked funds. After every step: the ledger balances,
 * neither an app's payable nor the unapplied funds go below zero, and refunds never exceed what
 * was captured. (The clearing account may: a gateway that kept its fee still refunds in full.)
 */
describe('ledger properties over random payment histories', () => {
  type Step =
    | { op: 'confirm'; payment: number; amountDelta: number; fee: number | null }
    | { op: 'close'; payment: number; how: 'FAILED' | 'CANCELLED' | 'EXPIRED' }
    | { op: 'refund'; payment: number; amount: number | null; succeeds: boolean }
    | { op: 'refundParked'; payment: number; succeeds: boolean }
    | { op: 'applyParked'; payment: number };

  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      op: fc.constant('confirm' as const),
      payment: fc.nat(4),
      amountDelta: fc.constantFrom(0, 0, 0, 50, -50),
      fee: fc.option(fc.nat(400)),
    }),
    fc.record({
      op: fc.constant('close' as const),
      payment: fc.nat(4),
      how: fc.constantFrom('FAILED' as const, 'CANCELLED' as const, 'EXPIRED' as const),
    }),
    fc.record({
      op: fc.constant('refund' as const),
      payment: fc.nat(4),
      amount: fc.option(fc.integer({ min: 1, max: 12_000 })),
      succeeds: fc.boolean(),
    }),
    fc.record({ op: fc.constant('refundParked' as const), payment: fc.nat(4), succeeds: fc.boolean() }),
    fc.record({ op: fc.constant('applyParked' as const), payment: fc.nat(4) }),
  );

  interface SimPayment {
    reference: string;
    amountMinor: number;
    status: PaymentStatus;
    refundedMinor: number;
    unappliedMinor: number;
    resolved: boolean;
    refunds: ExistingRefund[];
    parkedRefunds: ExistingRefund[];
  }

  function run(amounts: number[], steps: Step[]) {
    const journal: JournalEntryDraft[] = [];
    const balances = new Map<string, number>();
    const post = (entries: JournalEntryDraft[]) => {
      for (const entry of entries) {
        expect(isBalanced(entry.postings)).toBe(true);
        journal.push(entry);
        for (const p of entry.postings) {
          const code = accountCode(p.account);
          balances.set(code, (balances.get(code) ?? 0) + p.amountMinor);
        }
      }
    };
    const base = { appId: '1', mode: 'TEST' as const, gateway: 'sslcommerz', currency: 'BDT' as const };
    const payments: SimPayment[] = amounts.map((amountMinor, n) => ({
      reference: `pay_${n}`,
      amountMinor,
      status: 'PENDING',
      refundedMinor: 0,
      unappliedMinor: 0,
      resolved: false,
      refunds: [],
      parkedRefunds: [],
    }));
    let refundCount = 0;

    for (const s of steps) {
      const payment = payments[s.payment % payments.length]!;
      if (s.op === 'confirm') {
        const capturedMinor = Math.max(1, payment.amountMinor + s.amountDelta);
        const transaction: GatewayTransaction = {
          outcome: 'SUCCEEDED',
          gatewayStatus: 'VALID',
          reference: payment.reference,
          amountMinor: capturedMinor,
          currency: 'BDT',
          validationId: 'v',
          gatewayTransactionId: 'b',
          riskLevel: 0,
          feeMinor: s.fee,
          raw: {},
        };
        const decision =
          capturedMinor === payment.amountMinor
            ? ({ kind: 'SUCCEEDED', transaction } as const)
            : ({ kind: 'CAPTURED_MISMATCH', reason: 'AMOUNT_MISMATCH', transaction } as const);
        const plan = planOutcome(payment.status, decision);
        if (plan.moveTo) payment.status = plan.moveTo;
        const input = { ...base, paymentReference: payment.reference, feeMinor: s.fee };
        if (plan.ledger === 'CAPTURE') post(captureEntries({ ...input, amountMinor: payment.amountMinor }));
        // The database posts one UNAPPLIED_CAPTURE per payment: a repeat finds it and parks nothing.
        if (plan.ledger === 'UNAPPLIED' && payment.unappliedMinor === 0) {
          post(unappliedCaptureEntries({ ...input, amountMinor: capturedMinor }));
          payment.unappliedMinor = capturedMinor;
        }
      } else if (s.op === 'close') {
        const plan = planOutcome(payment.status, { kind: s.how, reason: 'closed' });
        if (plan.moveTo) payment.status = plan.moveTo;
      } else if (s.op === 'refund') {
        const admission = admitRefund(payment, payment.refunds, s.amount ?? undefined);
        if (!admission.admitted) continue;
        const refund: ExistingRefund = { status: 'PROCESSING', amountMinor: admission.amountMinor };
        payment.refunds.push(refund);
        refund.status = s.succeeds ? 'SUCCEEDED' : 'FAILED';
        if (s.succeeds) {
          post([
            refundEntry({
              ...base,
              refundReference: `rf_${refundCount++}`,
              amountMinor: refund.amountMinor,
              funds: 'CAPTURED',
            }),
          ]);
          payment.refundedMinor += refund.amountMinor;
          payment.status = paymentStatusAfterRefunds(payment.amountMinor, payment.refundedMinor);
        }
      } else if (s.op === 'refundParked') {
        const parked = { unappliedMinor: payment.unappliedMinor, resolved: payment.resolved };
        const admission = admitUnappliedRefund(parked, payment.parkedRefunds);
        if (!admission.admitted) continue;
        payment.parkedRefunds.push({
          status: s.succeeds ? 'SUCCEEDED' : 'FAILED',
          amountMinor: admission.amountMinor,
        });
        if (s.succeeds) {
          post([
            refundEntry({
              ...base,
              refundReference: `rf_${refundCount++}`,
              amountMinor: admission.amountMinor,
              funds: 'UNAPPLIED',
            }),
          ]);
        }
      } else {
        // Applying is refused while any of the parked money is out on a refund or already back.
        const held = payment.parkedRefunds.some((r) => r.status === 'SUCCEEDED' || r.status === 'PROCESSING');
        if (payment.unappliedMinor === 0 || payment.resolved || held) continue;
        post([
          unappliedAppliedEntry({
            ...base,
            paymentReference: payment.reference,
            amountMinor: payment.unappliedMinor,
          }),
        ]);
        payment.resolved = true;
      }

      // After every step.
      expect([...balances.values()].reduce((a, b) => a + b, 0)).toBe(0);
      const position = appPosition(
        balances.get('app_payable:1:TEST:BDT') ?? 0,
        balances.get('app_refunds:1:TEST:BDT') ?? 0,
      );
      expect(position.payableMinor).toBeGreaterThanOrEqual(0);
      expect(
        normalBalance('UNAPPLIED_FUNDS', balances.get('unapplied_funds:TEST:BDT') ?? 0),
      ).toBeGreaterThanOrEqual(0);
      for (const p of payments) {
        const refunded = p.refunds
          .filter((r) => r.status === 'SUCCEEDED')
          .reduce((a, r) => a + r.amountMinor, 0);
        expect(refunded).toBe(p.refundedMinor);
        expect(refunded).toBeLessThanOrEqual(p.amountMinor);
        const parkedBack = p.parkedRefunds
          .filter((r) => r.status === 'SUCCEEDED')
          .reduce((a, r) => a + r.amountMinor, 0);
        expect(parkedBack).toBeLessThanOrEqual(p.unappliedMinor);
      }
    }

    // The books close: what the gateway holds is what was captured less its fees and refunds.
    const sumKind = (kind: string, account: string) =>
      journal
        .filter((e) => e.kind === kind)
        .flatMap((e) => e.postings)
        .filter((p) => accountCode(p.account) === account)
        .reduce((a, p) => a + p.amountMinor, 0);
    const clearing = 'gateway_clearing:sslcommerz:TEST:BDT';
    expect(balances.get(clearing) ?? 0).toBe(
      sumKind('CAPTURE', clearing) +
        sumKind('UNAPPLIED_CAPTURE', clearing) +
        sumKind('FEE', clearing) +
        sumKind('REFUND', clearing) +
        sumKind('UNAPPLIED_REFUND', clearing),
    );
  }

  it('always balances, and refunds never exceed captures', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 100, max: 10_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(step, { maxLength: 60 }),
        run,
      ),
      { numRuns: 300 },
    );
  });
});
