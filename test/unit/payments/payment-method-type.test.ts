import fc from 'fast-check';
import { toTransaction as bkashTransaction } from '../../../gateways/bkash/mapping.js';
import { toTransaction as nagadTransaction } from '../../../gateways/nagad/mapping.js';
import { receiptReport, RECEIPT_METHODS } from '../../../domain/payments/manual-receipts.js';
import { PAYMENT_METHOD_TYPES } from '../../../domain/payments/payment-method-type.js';
import { paymentMethodTypeOf } from '../../../gateways/payment-method-types.js';

describe('paymentMethodTypeOf', () => {
  describe('SSLCOMMERZ card_type', () => {
    it.each([
      ['VISA-Dutch Bangla', 'CARD'],
      ['VISA-Brac bank', 'CARD'],
      ['MASTER-Dutch Bangla', 'CARD'],
      ['MASTERCARD-City Bank', 'CARD'],
      ['AMEX-City Bank', 'CARD'],
      ['DBBLNEXUS-Dbbl Nexus', 'CARD'],
      ['NEXUS-Dutch Bangla', 'CARD'],
      ['QCASH-Qcash', 'CARD'],
      ['UNIONPAY-Eastern Bank', 'CARD'],
      ['BKASH-BKash', 'BKASH'],
      ['NAGAD-Nagad', 'NAGAD'],
      ['ROCKET-Rocket', 'ROCKET'],
      // Dutch-Bangla Bank's mobile banking is Rocket under its older name.
      ['DBBLMOBILEB-Dbbl Mobile Banking', 'ROCKET'],
      ['UPAY-Upay', 'UPAY'],
      ['MYCASH-Mercantile Bank', 'MOBILE_BANKING'],
      ['MCASH-Islami Bank', 'MOBILE_BANKING'],
      ['TAPNPAY-Tap', 'MOBILE_BANKING'],
      ['OKWALLET-One Bank', 'MOBILE_BANKING'],
      ['SURECASH-SureCash', 'MOBILE_BANKING'],
      ['TCASH-Trust Bank', 'MOBILE_BANKING'],
      ['IPAY-iPay', 'MOBILE_BANKING'],
      ['IBBL-Islami Bank', 'INTERNET_BANKING'],
      ['CITYTOUCH-City Bank', 'INTERNET_BANKING'],
      ['CITY-City Bank', 'INTERNET_BANKING'],
      ['BANKASIA-Bank Asia', 'INTERNET_BANKING'],
      ['ABBANK-AB Bank', 'INTERNET_BANKING'],
      ['MTBL-Mutual Trust Bank', 'INTERNET_BANKING'],
    ])('%s is %s', (cardType, type) => {
      expect(paymentMethodTypeOf('sslcommerz', cardType)).toBe(type);
    });

    it('reads the prefix whatever its letter case and surrounding spaces, and a prefix alone', () => {
      expect(paymentMethodTypeOf('sslcommerz', 'bkash-bKash')).toBe('BKASH');
      expect(paymentMethodTypeOf('sslcommerz', ' Visa -Dutch Bangla')).toBe('CARD');
      expect(paymentMethodTypeOf('sslcommerz', 'NAGAD')).toBe('NAGAD');
    });

    it('is OTHER for a prefix it does not know, for none, and when the issuer alone names a wallet', () => {
      expect(paymentMethodTypeOf('sslcommerz', 'FUTUREPAY-Some Bank')).toBe('OTHER');
      expect(paymentMethodTypeOf('sslcommerz', 'Dutch Bangla-VISA')).toBe('OTHER');
      expect(paymentMethodTypeOf('sslcommerz', '-BKash')).toBe('OTHER');
      expect(paymentMethodTypeOf('sslcommerz', '')).toBe('OTHER');
      expect(paymentMethodTypeOf('sslcommerz', null)).toBe('OTHER');
    });
  });

  describe('bKash and Nagad direct', () => {
    it('is their own wallet, for the words their mappings report and whatever else', () => {
      const bkash = bkashTransaction({
        paymentID: 'TR0011',
        transactionStatus: 'Completed',
        merchantInvoiceNumber: 'pay_x',
        amount: '100.00',
        currency: 'BDT',
        trxID: 'TRX1',
      } as Parameters<typeof bkashTransaction>[0]);
      expect(bkash.paymentMethod).toBe('bKash');
      expect(paymentMethodTypeOf('bkash', bkash.paymentMethod!)).toBe('BKASH');
      expect(paymentMethodTypeOf('bkash', null)).toBe('BKASH');

      const nagad = nagadTransaction(
        { status: 'Success', orderId: 'pay0123456789abcdefghjk', amount: '10.00' } as Parameters<
          typeof nagadTransaction
        >[0],
        {},
      );
      expect(nagad.paymentMethod).toBe('Nagad');
      expect(paymentMethodTypeOf('nagad', nagad.paymentMethod!)).toBe('NAGAD');
      expect(paymentMethodTypeOf('nagad', 'anything')).toBe('NAGAD');
    });
  });

  describe('Stripe', () => {
    it.each([
      'card',
      'visa',
      'mastercard',
      'amex',
      'discover',
      'diners',
      'jcb',
      'unionpay',
      'cartes_bancaires',
      'eftpos_au',
      'interac',
      // The brand Stripe gives a card it cannot name: still a card.
      'unknown',
      'apple_pay',
      'google_pay',
      'samsung_pay',
      'masterpass',
      'visa_checkout',
      'amex_express_checkout',
      'link',
    ])('%s is a card', (method) => {
      expect(paymentMethodTypeOf('stripe', method)).toBe('CARD');
    });

    it.each(['us_bank_account', 'sepa_debit', 'bacs_debit', 'au_becs_debit', 'acss_debit'])(
      '%s is a bank debit, BANK_TRANSFER',
      (method) => {
        expect(paymentMethodTypeOf('stripe', method)).toBe('BANK_TRANSFER');
      },
    );

    it('is OTHER for any other method type, and for none', () => {
      expect(paymentMethodTypeOf('stripe', 'alipay')).toBe('OTHER');
      expect(paymentMethodTypeOf('stripe', 'klarna')).toBe('OTHER');
      expect(paymentMethodTypeOf('stripe', null)).toBe('OTHER');
    });
  });

  describe('manual receipts', () => {
    it('is the receipt method for every method a receipt can record', () => {
      const types = RECEIPT_METHODS.map((method) => {
        const report = receiptReport('pay_x', {
          id: 1,
          paymentId: 1,
          reference: 'pay_x',
          amountMinor: 100,
          currency: 'BDT',
          receivedOn: '2026-12-01',
          method,
          bankReference: 'TRX-1',
          status: 'CONFIRMED',
          recordedByOperatorId: 1,
          decidedByOperatorId: null,
        });
        return paymentMethodTypeOf('manual', report.paymentMethod!);
      });
      expect(types).toEqual(['BANK_TRANSFER', 'CASH', 'CHEQUE']);
    });

    it('is OTHER for a method no receipt records', () => {
      expect(paymentMethodTypeOf('manual', 'POSTAL_ORDER')).toBe('OTHER');
      expect(paymentMethodTypeOf('manual', null)).toBe('OTHER');
    });
  });

  it('is OTHER for a gateway it does not know, or none', () => {
    expect(paymentMethodTypeOf('paypal', 'VISA-Dutch Bangla')).toBe('OTHER');
    expect(paymentMethodTypeOf(null, 'BKASH-BKash')).toBe('OTHER');
  });

  it('answers one of the types, never throws, for any gateway and any text', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom('sslcommerz', 'bkash', 'nagad', 'stripe', 'manual', 'other')),
        fc.option(fc.string({ unit: 'binary' })),
        (gateway, method) => {
          expect(PAYMENT_METHOD_TYPES).toContain(paymentMethodTypeOf(gateway, method));
        },
      ),
    );
  });

  it('never takes an inherited property for a known value', () => {
    expect(paymentMethodTypeOf('stripe', 'constructor')).toBe('OTHER');
    expect(paymentMethodTypeOf('sslcommerz', '__proto__-x')).toBe('OTHER');
  });
});
