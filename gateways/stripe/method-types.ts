import type { PaymentMethodReading, PaymentMethodType } from '../../domain/payments/payment-method-type.js';

/**
 * Stripe's paymentMethod is the card's wallet (apple_pay), else its brand (visa), else the
 * method's type (card, us_bank_account). Every wallet and brand is a card; `unknown` is the brand
 * Stripe gives a card it cannot name, and `link` pays with a card saved to Link.
 */
const METHODS: Readonly<Record<string, PaymentMethodType>> = {
  CARD: 'CARD',
  VISA: 'CARD',
  MASTERCARD: 'CARD',
  AMEX: 'CARD',
  DISCOVER: 'CARD',
  DINERS: 'CARD',
  JCB: 'CARD',
  UNIONPAY: 'CARD',
  CARTES_BANCAIRES: 'CARD',
  EFTPOS_AU: 'CARD',
  INTERAC: 'CARD',
  UNKNOWN: 'CARD',
  APPLE_PAY: 'CARD',
  GOOGLE_PAY: 'CARD',
  SAMSUNG_PAY: 'CARD',
  MASTERPASS: 'CARD',
  VISA_CHECKOUT: 'CARD',
  AMEX_EXPRESS_CHECKOUT: 'CARD',
  LINK: 'CARD',
  US_BANK_ACCOUNT: 'BANK_TRANSFER',
  SEPA_DEBIT: 'BANK_TRANSFER',
  BACS_DEBIT: 'BANK_TRANSFER',
  AU_BECS_DEBIT: 'BANK_TRANSFER',
  ACSS_DEBIT: 'BANK_TRANSFER',
};

/** Its payment method, whole, looked up in the table above. */
export const STRIPE_PAYMENT_METHODS: PaymentMethodReading = { table: METHODS, key: 'whole' };
