/**
 * The ways a customer can pay on the simulated checkout, as SSLCOMMERZ reports each in its IPN
 * and validation answers: `card_type` ("<METHOD>-<issuer>") with the card fields that go with it.
 * bKash is what a customer pays with unless a test chooses another.
 */

interface PayMethodFields {
  card_no: string;
  card_issuer: string;
  card_brand: 'VISA' | 'MASTER' | 'AMEX' | 'IB' | 'MOBILEBANKING';
  card_sub_brand: string;
}

const mobileBanking = (issuer: string): PayMethodFields => ({
  card_no: '',
  card_issuer: issuer,
  card_brand: 'MOBILEBANKING',
  card_sub_brand: 'Classic',
});

export const PAY_METHODS = {
  'BKASH-BKash': mobileBanking('BKash Mobile Banking'),
  'NAGAD-Nagad': mobileBanking('Nagad'),
  'DBBLMOBILEB-Dbbl Mobile Banking': mobileBanking('DBBL Mobile Banking'),
  'UPAY-Upay': mobileBanking('UCB Fintech'),
  'VISA-Dutch Bangla': {
    card_no: '432149XXXXXX0667',
    card_issuer: 'DUTCH-BANGLA BANK LIMITED',
    card_brand: 'VISA',
    card_sub_brand: 'Classic',
  },
  'MASTER-Brac bank': {
    card_no: '510510XXXXXX5100',
    card_issuer: 'BRAC BANK LIMITED',
    card_brand: 'MASTER',
    card_sub_brand: 'World',
  },
  'IBBL-Islami Bank': {
    card_no: '',
    card_issuer: 'Islami Bank Bangladesh Limited',
    card_brand: 'IB',
    card_sub_brand: 'Classic',
  },
} as const satisfies Record<string, PayMethodFields>;

export type PayMethod = keyof typeof PAY_METHODS;
export const PAY_METHOD_NAMES = Object.keys(PAY_METHODS) as [PayMethod, ...PayMethod[]];
export const DEFAULT_PAY_METHOD: PayMethod = 'BKASH-BKash';

/** The IPN fields that say how the customer paid. */
export function payMethodFields(method: PayMethod): Record<string, string> {
  return { card_type: method, ...PAY_METHODS[method] };
}
