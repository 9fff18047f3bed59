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
 * How a gateway's reported method (`paymentMethod`) reads as a type, as its module says
 * (`paymentMethods`): one type for every payment (a wallet that takes nothing but itself), or its
 * words looked up in a table, whole or up to the first hyphen.
 */
export type PaymentMethodReading =
  | { always: PaymentMethodType }
  | { table: Readonly<Record<string, PaymentMethodType>>; key: 'whole' | 'before-hyphen' };

/**
 * The type of the method a gateway reported (`paymentMethod`, null when it named none), read as
 * the gateway's `reading` says. Never fails: a value the table does not know, or a gateway without
 * a reading, is OTHER.
 */
export function readPaymentMethod(
  reading: PaymentMethodReading | undefined,
  paymentMethod: string | null,
): PaymentMethodType {
  if (!reading) return 'OTHER';
  if ('always' in reading) return reading.always;
  const words =
    reading.key === 'before-hyphen' ? (paymentMethod ?? '').split('-')[0]! : (paymentMethod ?? '');
  return lookUp(reading.table, normalised(words));
}
