import fc from 'fast-check';
import { formatMoney, fromDecimalString, toDecimalString } from '../../../domain/shared/money.js';

describe('money', () => {
  it('converts minor units to a gateway decimal and back without floating point', () => {
    expect(toDecimalString(10000, 'BDT')).toBe('100.00');
    expect(toDecimalString(5, 'BDT')).toBe('0.05');
    expect(toDecimalString(-1234, 'USD')).toBe('-12.34');
    expect(toDecimalString(1500, 'JPY')).toBe('1500');
    expect(fromDecimalString('400.00', 'BDT')).toBe(40000);
    expect(fromDecimalString('400', 'BDT')).toBe(40000);
    expect(fromDecimalString('400.5', 'BDT')).toBe(40050);
    expect(fromDecimalString('0.10', 'BDT')).toBe(10);
  });

  it('round-trips every safe amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        expect(fromDecimalString(toDecimalString(minor, 'BDT'), 'BDT')).toBe(minor);
      }),
    );
  });

  it('rejects more precision than the currency has, and non-decimals', () => {
    expect(() => fromDecimalString('1.005', 'BDT')).toThrow(RangeError);
    expect(() => fromDecimalString('1.5', 'JPY')).toThrow(RangeError);
    expect(() => fromDecimalString('1e3', 'BDT')).toThrow(RangeError);
    expect(() => fromDecimalString('', 'BDT')).toThrow(RangeError);
    expect(() => toDecimalString(0.5, 'BDT')).toThrow(RangeError);
  });

  it('formats for people', () => {
    expect(formatMoney(10000, 'BDT')).toBe('100.00 BDT');
    expect(formatMoney(123456789, 'BDT')).toBe('1,234,567.89 BDT');
  });
});
