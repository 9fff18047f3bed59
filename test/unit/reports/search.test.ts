import { maskedPhone, phoneKey, phoneTerm } from '../../../domain/shared/phone-numbers.js';
import {
  recordPath,
  searchableKinds,
  searchTerms,
  settlementLinePath,
} from '../../../domain/reports/search.js';

/** What a term typed in the search box is looked up as, and how phones are compared and shown. */
describe('phone numbers', () => {
  it('compares a Bangladeshi mobile number however it is written', () => {
    for (const spelling of [
      '01712345678',
      '+8801712345678',
      '8801712345678',
      '+880 1712-345678',
      '017-1234-5678',
    ])
      expect(phoneKey(spelling)).toBe('01712345678');
    expect(phoneKey('+1 415 555 0100')).toBe('14155550100');
  });

  it('reads a term as a phone only when it is written as one', () => {
    expect(phoneTerm(' +8801712345678 ')).toBe('01712345678');
    expect(phoneTerm('8801712345678')).toBe('01712345678');
    expect(phoneTerm('ORD-1234')).toBeNull();
    expect(phoneTerm('12345')).toBeNull();
    expect(phoneTerm('pay_0123456789abcdefghjk')).toBeNull();
  });

  it('masks all but the first two and last two digits', () => {
    expect(maskedPhone('01712345689')).toBe('01*******89');
    expect(maskedPhone('+8801712345689')).toBe('01*******89');
    expect(maskedPhone('+1 415 555 0100')).toBe('14*******00');
    expect(maskedPhone('1234')).toBe('****');
  });
});

describe('search terms', () => {
  it('knows our references in any case, and nothing else as one', () => {
    expect(searchTerms(' PAY_0123456789ABCDEFGHJK ')).toEqual({
      text: 'PAY_0123456789ABCDEFGHJK',
      phone: null,
      reference: { kind: 'payments', reference: 'pay_0123456789abcdefghjk' },
    });
    expect(searchTerms('rf_0123456789abcdefghjk')?.reference?.kind).toBe('refunds');
    expect(searchTerms('po_0123456789abcdefghjk')?.reference?.kind).toBe('payouts');
    expect(searchTerms('inv_0123456789abcdefghjk')?.reference?.kind).toBe('invoices');
    expect(searchTerms('pay_short')?.reference).toBeNull();
    expect(searchTerms('INV-2027-0001')).toEqual({ text: 'INV-2027-0001', phone: null, reference: null });
    expect(searchTerms('   ')).toBeNull();
  });

  it('looks a phone up as a phone and as the text typed', () => {
    expect(searchTerms('+880 1712-345678')).toEqual({
      text: '+880 1712-345678',
      phone: '01712345678',
      reference: null,
    });
  });

  it('searches settlement lines only for roles that read reconciliation', () => {
    expect(searchableKinds('VIEWER')).toEqual(['payments', 'refunds', 'payouts', 'invoices']);
    expect(searchableKinds('SUPPORT')).not.toContain('settlement-lines');
    expect(searchableKinds('FINANCE')).toContain('settlement-lines');
    expect(searchableKinds('ADMIN')).toContain('settlement-lines');
  });

  it('opens each record on its own page', () => {
    expect(recordPath('payments', 'pay_0123456789abcdefghjk')).toBe(
      '/admin/payments/pay_0123456789abcdefghjk',
    );
    expect(recordPath('invoices', 'inv_0123456789abcdefghjk')).toBe(
      '/admin/invoices/inv_0123456789abcdefghjk',
    );
    expect(settlementLinePath({ runId: 12, importId: 3 })).toBe('/admin/reconciliation/runs/12');
    expect(settlementLinePath({ runId: null, importId: 3 })).toBe('/admin/settlements/imports/3');
  });
});
