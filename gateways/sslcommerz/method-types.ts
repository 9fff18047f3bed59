import type { PaymentMethodReading, PaymentMethodType } from '../../domain/payments/payment-method-type.js';

/**
 * SSLCOMMERZ's card type is "<METHOD>-<issuer>" ("VISA-Dutch Bangla", "BKASH-BKash",
 * "DBBLMOBILEB-Dbbl Mobile Banking"): the part before the first hyphen names the method.
 */
const PREFIXES: Readonly<Record<string, PaymentMethodType>> = {
  VISA: 'CARD',
  MASTER: 'CARD',
  MASTERCARD: 'CARD',
  AMEX: 'CARD',
  UNIONPAY: 'CARD',
  DINERS: 'CARD',
  DISCOVER: 'CARD',
  JCB: 'CARD',
  NEXUS: 'CARD',
  DBBLNEXUS: 'CARD',
  QCASH: 'CARD',
  BKASH: 'BKASH',
  NAGAD: 'NAGAD',
  ROCKET: 'ROCKET',
  // Dutch-Bangla Bank's mobile banking, which the bank has since named Rocket.
  DBBLMOBILEB: 'ROCKET',
  UPAY: 'UPAY',
  MYCASH: 'MOBILE_BANKING',
  MCASH: 'MOBILE_BANKING',
  TAPNPAY: 'MOBILE_BANKING',
  OKWALLET: 'MOBILE_BANKING',
  SURECASH: 'MOBILE_BANKING',
  TCASH: 'MOBILE_BANKING',
  IPAY: 'MOBILE_BANKING',
  IBBL: 'INTERNET_BANKING',
  CITYTOUCH: 'INTERNET_BANKING',
  CITY: 'INTERNET_BANKING',
  BANKASIA: 'INTERNET_BANKING',
  ABBANK: 'INTERNET_BANKING',
  MTBL: 'INTERNET_BANKING',
};

/** Its card type up to the first hyphen, looked up in the table above. */
export const SSLCOMMERZ_PAYMENT_METHODS: PaymentMethodReading = { table: PREFIXES, key: 'before-hyphen' };
