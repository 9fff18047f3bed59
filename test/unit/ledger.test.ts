import fc from 'fast-check';
import { captureEntry, isBalanced, unappliedCaptureEntry } from '../../domain/ledger.js';

describe('ledger posting rules', () => {
  const capture = fc.record({
    paymentReference: fc.string({ minLength: 1 }),
    appId: fc.integer({ min: 1 }).map(String),
    mode: fc.constantFrom('TEST', 'LIVE'),
    gateway: fc.constant('sslcommerz'),
    currency: fc.constantFrom('BDT' as const, 'USD' as const),
    amountMinor: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  });

  it('every entry balances, whatever the amount', () => {
    fc.assert(
      fc.property(capture, (input) => {
        expect(isBalanced(captureEntry(input).postings)).toBe(true);
        expect(isBalanced(unappliedCaptureEntry(input).postings)).toBe(true);
      }),
    );
  });

  it('a capture debits the gateway clearing account and credits the app payable account', () => {
    const entry = captureEntry({
      paymentReference: 'pay_x',
      appId: '7',
      mode: 'TEST',
      gateway: 'sslcommerz',
      currency: 'BDT',
      amountMinor: 500,
    });
    expect(entry.postings).toEqual([
      { accountCode: 'gateway_clearing:sslcommerz:TEST:BDT', amountMinor: 500 },
      { accountCode: 'app_payable:7:TEST:BDT', amountMinor: -500 },
    ]);
  });

  it('rejects an unbalanced or one-sided entry', () => {
    expect(isBalanced([{ accountCode: 'a', amountMinor: 1 }])).toBe(false);
    expect(
      isBalanced([
        { accountCode: 'a', amountMinor: 1 },
        { accountCode: 'b', amountMinor: -2 },
      ]),
    ).toBe(false);
  });
});
