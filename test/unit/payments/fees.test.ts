import fc from 'fast-check';
import {
  captureFee,
  describeRate,
  feeFor,
  MAX_BASIS_POINTS,
  scheduleFor,
  type FeeSchedule,
} from '../../../domain/payments/fees.js';

const rate = fc.record({
  percentBasisPoints: fc.integer({ min: 0, max: MAX_BASIS_POINTS }),
  fixedMinor: fc.integer({ min: 0, max: 100_000 }),
});
const amount = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

describe('gateway fee schedules', () => {
  it('takes the percentage rounded half-up to the minor unit, plus the fixed part', () => {
    const bkash = { percentBasisPoints: 185, fixedMinor: 0 };
    expect(feeFor(bkash, 100_000)).toBe(1850); // 1,000.00 BDT → 18.50
    expect(feeFor(bkash, 1_000)).toBe(19); // 18.5 → 19 (half up)
    expect(feeFor(bkash, 999)).toBe(18); // 18.4815 → 18
    expect(feeFor({ percentBasisPoints: 150, fixedMinor: 0 }, 100)).toBe(2); // 1.5 → 2
    expect(feeFor({ percentBasisPoints: 150, fixedMinor: 0 }, 33)).toBe(0); // 0.495 → 0
    expect(feeFor({ percentBasisPoints: 290, fixedMinor: 30 }, 1_000)).toBe(59); // 29 + 30
    expect(feeFor({ percentBasisPoints: 290, fixedMinor: 30 }, 20)).toBe(20); // never above the amount
    expect(feeFor({ percentBasisPoints: 290, fixedMinor: 30 }, 0)).toBe(0);
    expect(feeFor({ percentBasisPoints: 1, fixedMinor: 0 }, Number.MAX_SAFE_INTEGER)).toBe(900_719_925_474);
  });

  it('refuses a negative amount or a rate outside 0..100 %', () => {
    expect(() => feeFor({ percentBasisPoints: 100, fixedMinor: 0 }, -1)).toThrow(RangeError);
    expect(() => feeFor({ percentBasisPoints: 10_001, fixedMinor: 0 }, 1)).toThrow(RangeError);
    expect(() => feeFor({ percentBasisPoints: 100, fixedMinor: -1 }, 1)).toThrow(RangeError);
    expect(() => feeFor({ percentBasisPoints: 1.5, fixedMinor: 0 }, 1)).toThrow(RangeError);
  });

  it('is never negative and never above the amount', () => {
    fc.assert(
      fc.property(rate, amount, (schedule, amountMinor) => {
        const fee = feeFor(schedule, amountMinor);
        expect(Number.isSafeInteger(fee)).toBe(true);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(fee).toBeLessThanOrEqual(amountMinor);
      }),
    );
  });

  it('grows with the amount', () => {
    fc.assert(
      fc.property(rate, amount, amount, (schedule, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(feeFor(schedule, low)).toBeLessThanOrEqual(feeFor(schedule, high));
      }),
    );
  });

  it("is exactly the rounded percentage while that fits, whatever the amount's size", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_BASIS_POINTS }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (bp, a) => {
          const exact = (a * bp) / MAX_BASIS_POINTS; // small enough to be exact in a double here
          const rounded = Math.floor(exact + 0.5);
          expect(feeFor({ percentBasisPoints: bp, fixedMinor: 0 }, a)).toBe(Math.min(a, rounded));
        },
      ),
    );
  });

  it("applies the payment method's own schedule, else the gateway's for any method", () => {
    const base = { gateway: 'sslcommerz', mode: 'LIVE' as const, currency: 'BDT' as const, fixedMinor: 0 };
    const schedules: FeeSchedule[] = [
      { ...base, method: null, percentBasisPoints: 250 },
      { ...base, method: 'bKash', percentBasisPoints: 185 },
      { ...base, mode: 'TEST', method: null, percentBasisPoints: 100 },
    ];
    const capture = { gateway: 'sslcommerz', mode: 'LIVE' as const, currency: 'BDT', method: 'BKASH' };
    expect(scheduleFor(schedules, capture)?.percentBasisPoints).toBe(185);
    expect(scheduleFor(schedules, { ...capture, method: 'VISA' })?.percentBasisPoints).toBe(250);
    expect(scheduleFor(schedules, { ...capture, method: null })?.percentBasisPoints).toBe(250);
    expect(scheduleFor(schedules, { ...capture, mode: 'TEST' })?.percentBasisPoints).toBe(100);
    expect(scheduleFor(schedules, { ...capture, currency: 'USD' })).toBeNull();
    expect(scheduleFor(schedules, { ...capture, gateway: 'nagad' })).toBeNull();
  });

  it('reads a rate the way people write it', () => {
    expect(describeRate(185, null)).toBe('1.85 %');
    expect(describeRate(150, null)).toBe('1.5 %');
    expect(describeRate(200, null)).toBe('2 %');
    expect(describeRate(290, '0.30')).toBe('2.9 % + 0.30');
    expect(describeRate(5, null)).toBe('0.05 %');
  });
});

describe('the fee booked with a capture', () => {
  const schedule = { percentBasisPoints: 185, fixedMinor: 0 };
  it("is the gateway's reported fee, else the schedule's, and none for money paid outside a gateway", () => {
    expect(captureFee({ chargesFees: true, amountMinor: 1000, reportedFeeMinor: 25, schedule })).toBe(25);
    expect(captureFee({ chargesFees: true, amountMinor: 1000, reportedFeeMinor: null, schedule })).toBe(19);
    expect(
      captureFee({ chargesFees: true, amountMinor: 1000, reportedFeeMinor: null, schedule: null }),
    ).toBeNull();
    expect(
      captureFee({ chargesFees: false, amountMinor: 1000, reportedFeeMinor: null, schedule }),
    ).toBeNull();
    expect(captureFee({ chargesFees: false, amountMinor: 1000, reportedFeeMinor: 5, schedule })).toBeNull();
  });
});
