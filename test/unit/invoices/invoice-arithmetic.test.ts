import fc from 'fast-check';
import {
  BASIS_POINTS,
  InvoiceArithmeticError,
  priceInvoice,
  priceLine,
  roundHalfUp,
  type LineInput,
} from '../../../domain/invoices/invoice-arithmetic.js';
import {
  addIntervals,
  applyPayment,
  isCalendarDate,
  planInstallments,
  splitEvenly,
} from '../../../domain/invoices/installments.js';
import { nextInvoiceStep, type InvoiceSchedule } from '../../../domain/invoices/invoice-schedule.js';
import { judgeInvoicePayment, statusAfterPayment } from '../../../domain/invoices/invoices.js';

const line: fc.Arbitrary<LineInput> = fc.record({
  description: fc.constant('item'),
  quantity: fc.integer({ min: 1, max: 1000 }),
  unitAmountMinor: fc.integer({ min: 0, max: 10_000_000 }),
  taxRateBasisPoints: fc.option(fc.integer({ min: 0, max: BASIS_POINTS }), { nil: undefined }),
  discount: fc.option(
    fc.oneof(
      fc.record({
        type: fc.constant('PERCENT' as const),
        basisPoints: fc.integer({ min: 0, max: BASIS_POINTS }),
      }),
      fc.record({ type: fc.constant('AMOUNT' as const), amountMinor: fc.integer({ min: 0, max: 1000 }) }),
    ),
    { nil: undefined },
  ),
});

/** The rounding rule by hand, in exact rational arithmetic: nearest, a half going up. */
const nearest = (numerator: bigint, denominator: bigint) => {
  const floor = numerator / denominator;
  return 2n * (numerator - floor * denominator) >= denominator ? floor + 1n : floor;
};

describe('invoice arithmetic', () => {
  it('rounds to the nearest minor unit, an exact half up', () => {
    expect(roundHalfUp(5n, 10n)).toBe(1n);
    expect(roundHalfUp(4n, 10n)).toBe(0n);
    expect(roundHalfUp(149_9985n, 10_000n)).toBe(150n);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        expect(roundHalfUp(n, d)).toBe(nearest(n, d));
      }),
    );
  });

  it('each line is gross − rounded discount + rounded tax, and the invoice is the sum of its lines', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), (lines) => {
        let priced: ReturnType<typeof priceInvoice>;
        try {
          priced = priceInvoice(lines);
        } catch (error) {
          // Only the stated refusals: a discount above its line, or nothing to pay.
          expect(error).toBeInstanceOf(InvoiceArithmeticError);
          return;
        }
        for (const [i, p] of priced.lines.entries()) {
          const input = lines[i]!;
          expect(p.grossMinor).toBe(input.quantity * input.unitAmountMinor);
          expect(p.discountMinor).toBeGreaterThanOrEqual(0);
          expect(p.discountMinor).toBeLessThanOrEqual(p.grossMinor);
          const taxed = BigInt(p.grossMinor - p.discountMinor) * BigInt(input.taxRateBasisPoints ?? 0);
          expect(p.taxMinor).toBe(Number(nearest(taxed, BigInt(BASIS_POINTS))));
          expect(p.totalMinor).toBe(p.grossMinor - p.discountMinor + p.taxMinor);
        }
        const sum = (pick: (l: (typeof priced.lines)[number]) => number) =>
          priced.lines.reduce((total, l) => total + pick(l), 0);
        expect(priced.totals.subtotalMinor).toBe(sum((l) => l.grossMinor));
        expect(priced.totals.totalMinor).toBe(sum((l) => l.totalMinor));
        expect(priced.totals.totalMinor).toBe(
          priced.totals.subtotalMinor - priced.totals.discountMinor + priced.totals.taxMinor,
        );
        expect(Number.isSafeInteger(priced.totals.totalMinor)).toBe(true);
      }),
    );
  });

  it('refuses a total the service cannot hold exactly, rather than lose a minor unit', () => {
    const huge = { description: 'x', quantity: 1_000_000, unitAmountMinor: 10 ** 12 };
    expect(() => priceLine(huge)).toThrow(InvoiceArithmeticError);
  });
});

describe('installment plans', () => {
  it('an even split always sums to the total, its parts differ by at most one, larger ones first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), fc.integer({ min: 1, max: 120 }), (total, count) => {
        fc.pre(count <= total);
        const parts = splitEvenly(total, count);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        expect([...parts].sort((a, b) => b - a)).toEqual(parts);
      }),
    );
  });

  it('monthly dates keep their day where the month has it, else the month’s last day', () => {
    expect(addIntervals('2030-01-31', 'MONTH', 1)).toBe('2030-02-28');
    expect(addIntervals('2032-01-31', 'MONTH', 1)).toBe('2032-02-29');
    expect(addIntervals('2030-01-31', 'MONTH', 2)).toBe('2030-03-31');
    expect(addIntervals('2030-12-15', 'MONTH', 1)).toBe('2031-01-15');
    expect(addIntervals('2030-12-28', 'WEEK', 1)).toBe('2031-01-04');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2900-01-01'), noInvalidDate: true }),
        fc.constantFrom('DAY' as const, 'WEEK' as const, 'MONTH' as const),
        fc.integer({ min: 1, max: 60 }),
        (start, interval, n) => {
          const from = start.toISOString().slice(0, 10);
          const to = addIntervals(from, interval, n);
          expect(isCalendarDate(to)).toBe(true);
          expect(to > from).toBe(true);
        },
      ),
    );
  });

  it('a plan by count has that many installments, ascending dates, summing to the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 120, max: 10 ** 9 }),
        fc.integer({ min: 2, max: 120 }),
        fc.constantFrom('DAY' as const, 'WEEK' as const, 'MONTH' as const),
        fc.integer({ min: 1, max: 12 }),
        (total, count, interval, every) => {
          const plan = planInstallments(total, '2030-01-31', { count, interval, every });
          expect(plan).toHaveLength(count);
          expect(plan.reduce((sum, i) => sum + i.amountMinor, 0)).toBe(total);
          for (let i = 1; i < plan.length; i++) expect(plan[i]!.dueDate > plan[i - 1]!.dueDate).toBe(true);
        },
      ),
    );
  });

  it('a payment pays installments oldest first, never more than each lacks, and is refused beyond the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 20_000 }), { maxLength: 20 }),
        (amounts, payments) => {
          let installments = amounts.map((amountMinor) => ({ amountMinor, paidMinor: 0 }));
          const total = amounts.reduce((a, b) => a + b, 0);
          let paid = 0;
          for (const payment of payments) {
            // Admission is the rule that keeps payments within what is owed.
            const refusal = judgeInvoicePayment(
              { status: statusAfterPayment(total, paid), totalMinor: total, paidMinor: paid },
              0,
              payment,
            );
            if (refusal) {
              expect(paid + payment > total || paid === total).toBe(true);
              continue;
            }
            const after = applyPayment(installments, payment);
            after.forEach((p, i) => {
              expect(p).toBeGreaterThanOrEqual(installments[i]!.paidMinor);
              expect(p).toBeLessThanOrEqual(installments[i]!.amountMinor);
            });
            installments = installments.map((i, at) => ({ ...i, paidMinor: after[at]! }));
            paid += payment;
            expect(installments.reduce((sum, i) => sum + i.paidMinor, 0)).toBe(paid);
            // Oldest first: those before the first one still owed are paid, those after untouched.
            const owed = installments.findIndex((i) => i.paidMinor < i.amountMinor);
            if (owed >= 0) expect(installments.slice(owed + 1).every((i) => i.paidMinor === 0)).toBe(true);
          }
          expect(statusAfterPayment(total, paid)).toBe(
            paid === total ? 'PAID' : paid > 0 ? 'PARTIALLY_PAID' : 'OPEN',
          );
        },
      ),
    );
  });
});

describe('the invoice workflow schedule', () => {
  const DAY = 86_400_000;
  const schedule = (count: number): InvoiceSchedule => ({
    status: 'OPEN',
    reminderDays: 3,
    installments: planInstallments(6000 * count, '2030-01-31', { count, interval: 'MONTH' }).map((i) => ({
      ...i,
      paidMinor: 0,
      reminded: false,
      overdueNoticeSent: false,
    })),
  });

  it('sends each installment its reminder then its overdue notice, once each, in time order, until paid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (count, paysLate) => {
          const state = schedule(count);
          let now = Date.parse('2029-12-01T00:00:00Z');
          const sent: string[] = [];
          for (let guard = 0; guard < 1000; guard++) {
            const step = nextInvoiceStep(state, now);
            if (step.kind === 'END') break;
            if (step.kind === 'REMIND' || step.kind === 'OVERDUE') {
              const installment = state.installments.find((i) => i.sequence === step.sequence)!;
              if (step.kind === 'REMIND') installment.reminded = true;
              else installment.overdueNoticeSent = true;
              sent.push(`${step.kind}:${step.sequence}`);
              // The customer pays an installment when reminded, or once it is overdue.
              if ((step.kind === 'REMIND' && !paysLate[step.sequence - 1]) || step.kind === 'OVERDUE') {
                installment.paidMinor = installment.amountMinor;
                if (state.installments.every((i) => i.paidMinor === i.amountMinor)) state.status = 'PAID';
              }
              continue;
            }
            expect(step.untilMs).not.toBeNull();
            expect(step.untilMs!).toBeGreaterThan(now);
            now = step.untilMs!;
          }
          expect(state.status).toBe('PAID');
          for (let n = 1; n <= count; n++) {
            const mine = sent.filter((s) => s.endsWith(`:${n}`));
            expect(mine).toEqual(paysLate[n - 1] ? [`REMIND:${n}`, `OVERDUE:${n}`] : [`REMIND:${n}`]);
          }
          expect(now).toBeLessThan(Date.parse('2031-01-01T00:00:00Z') + 30 * DAY);
        },
      ),
    );
  });

  it('a void or paid invoice has nothing left to schedule', () => {
    expect(nextInvoiceStep({ ...schedule(2), status: 'VOID' }, 0)).toEqual({ kind: 'END', status: 'VOID' });
    expect(nextInvoiceStep({ ...schedule(2), status: 'PAID' }, 0)).toEqual({ kind: 'END', status: 'PAID' });
  });
});
