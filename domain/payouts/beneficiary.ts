/**
 * Who receives a payout, as the payouts table keeps it: the same shape as the rails' `Beneficiary`
 * (gateways/payouts/rail.ts), declared here so the database layer needs no rail code.
 */
export type PayoutBeneficiary =
  | { type: 'BKASH_WALLET'; walletNumber: string; name: string | null }
  | { type: 'NAGAD_WALLET'; walletNumber: string; name: string | null }
  | {
      type: 'BANK_ACCOUNT';
      accountNumber: string;
      accountName: string;
      routingNumber: string;
      bankName: string | null;
      /** How the bank sends it; absent: the rail's default (BEFTN). */
      method?: 'BEFTN' | 'NPSB';
    };

export type PayoutBeneficiaryType = PayoutBeneficiary['type'];

/**
 * Every kind of beneficiary, as a list: each must be paid by a payout rail (gateways/payouts/registry.ts
 * checks the rails' descriptions cover them all).
 */
export const PAYOUT_BENEFICIARY_TYPES = [
  'BKASH_WALLET',
  'NAGAD_WALLET',
  'BANK_ACCOUNT',
] as const satisfies readonly PayoutBeneficiaryType[];

// Fails to compile, naming the type, while one is missing from the list above.
type Unlisted = Exclude<PayoutBeneficiaryType, (typeof PAYOUT_BENEFICIARY_TYPES)[number]>;
const _everyTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;

/**
 * A wallet or account number as every answer and record shows it again: all but its last four
 * digits hidden, so its holder can still tell which of their accounts it is.
 */
export function maskedAccountNumber(number: string): string {
  return number.length <= 4 ? number : `${'•'.repeat(number.length - 4)}${number.slice(-4)}`;
}
