/**
 * The kind of method a captured payment was paid with, the same for every gateway, so apps can
 * filter and report on it without knowing each gateway's words for it (SSLCOMMERZ's card type
 * "BKASH-BKash", bKash's "bKash", Stripe's card brand "visa", a receipt's "BANK_TRANSFER").
 * The raw words stay on the payment as `paymentMethod`.
 */

export const PAYMENT_METHOD_TYPES = [
  'CARD',
  'BKASH',
  'NAGAD',
  'ROCKET',
  'UPAY',
  'MOBILE_BANKING',
  'INTERNET_BANKING',
  'BANK_TRANSFER',
  'CASH',
  'CHEQUE',
  'OTHER',
] as const;
export type PaymentMethodType = (typeof PAYMENT_METHOD_TYPES)[number];

/** What each type means, for the API document and the docs. */
export const PAYMENT_METHOD_TYPE_MEANINGS: Readonly<Record<PaymentMethodType, string>> = {
  CARD: 'A debit, credit or prepaid card (Visa, Mastercard, Amex, DBBL Nexus, Q-Cash, UnionPay…), also when paid through a card wallet such as Apple Pay or Google Pay',
  BKASH: 'A bKash wallet: bKash direct, or bKash through SSLCOMMERZ',
  NAGAD: 'A Nagad wallet: Nagad direct, or Nagad through SSLCOMMERZ',
  ROCKET: "Rocket, Dutch-Bangla Bank's mobile banking (SSLCOMMERZ's ROCKET and DBBLMOBILEB)",
  UPAY: "upay, United Commercial Bank's mobile wallet",
  MOBILE_BANKING: 'Another mobile wallet (MyCash, mCash, Tap, OK Wallet, SureCash, tcash, iPay)',
  INTERNET_BANKING:
    "A bank's internet banking (Islami Bank, City Touch, Bank Asia, AB Bank, Mutual Trust Bank)",
  BANK_TRANSFER:
    'Straight from a bank account: a recorded bank transfer, or a bank debit through Stripe (us_bank_account, sepa_debit…)',
  CASH: 'Cash, as a recorded receipt says',
  CHEQUE: 'A cheque, as a recorded receipt says',
  OTHER: 'A method the gateway named that is none of the above, or none named at all',
};

/**
 * SSLCOMMERZ's card type is "<METHOD>-<issuer>" ("VISA-Dutch Bangla", "BKASH-BKash",
 * "DBBLMOBILEB-Dbbl Mobile Banking"): the part before the first hyphen names the method.
 */
const SSLCOMMERZ_PREFIXES: Readonly<Record<string, PaymentMethodType>> = {
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

/**
 * Stripe's paymentMethod is the card's wallet (apple_pay), else its brand (visa), else the
 * method's type (card, us_bank_account). Every wallet and brand is a card; `unknown` is the brand
 * Stripe gives a card it cannot name, and `link` pays with a card saved to Link.
 */
const STRIPE_METHODS: Readonly<Record<string, PaymentMethodType>> = {
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

/** A manual receipt's method (domain/manual-receipts.ts RECEIPT_METHODS). */
const RECEIPT_METHODS: Readonly<Record<string, PaymentMethodType>> = {
  BANK_TRANSFER: 'BANK_TRANSFER',
  CASH: 'CASH',
  CHEQUE: 'CHEQUE',
};

/**
 * Upper-cases a-z only and trims spaces only, so that the migration's SQL backfill
 * (translate/btrim) reads every stored value exactly as this does, whatever its other characters.
 */
function normalised(value: string): string {
  return value.replace(/^ +| +$/g, '').replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

function lookUp(table: Readonly<Record<string, PaymentMethodType>>, key: string): PaymentMethodType {
  return Object.hasOwn(table, key) ? table[key]! : 'OTHER';
}

/**
 * The type of the method a gateway reported (`paymentMethod`, null when it named none). Never
 * fails: a value no table knows, or a gateway this does not know, is OTHER.
 */
export function paymentMethodTypeOf(gateway: string | null, paymentMethod: string | null): PaymentMethodType {
  switch (gateway) {
    // These two take nothing but their own wallet, whatever they call it.
    case 'bkash':
      return 'BKASH';
    case 'nagad':
      return 'NAGAD';
    case 'sslcommerz':
      return lookUp(SSLCOMMERZ_PREFIXES, normalised((paymentMethod ?? '').split('-')[0]!));
    case 'stripe':
      return lookUp(STRIPE_METHODS, normalised(paymentMethod ?? ''));
    case 'manual':
      return lookUp(RECEIPT_METHODS, normalised(paymentMethod ?? ''));
    default:
      return 'OTHER';
  }
}

/** The tables above, for the test that holds the migration's backfill to this function. */
export const KNOWN_PAYMENT_METHODS: Readonly<Record<string, readonly string[]>> = {
  sslcommerz: Object.keys(SSLCOMMERZ_PREFIXES),
  stripe: Object.keys(STRIPE_METHODS),
  manual: Object.keys(RECEIPT_METHODS),
};
