import { RULE_BOOK, type ApprovalCount } from '../approvals/rule-book.js';
import type { PayoutBeneficiary as Beneficiary } from '../payouts/beneficiary.js';
import type { Mode } from '../shared/mode.js';

/**
 * Refunds go back to the payer. Where the payment's gateway told us the wallet or account that
 * paid, a refund asked without a destination goes there; any other destination (one that is not
 * the payer's, or any at all when nobody knows who paid, as for cash and manual payments) is the
 * rule book's `refund.destination`: it waits for an approver whatever its amount, and the refund
 * records it so approvers see "destination is not the payer". Pure.
 */

/** A Bangladeshi mobile wallet number in full (a masked one, as Nagad sends, names nobody). */
const WALLET_NUMBER = /^01[3-9]\d{8}$/;

/** The number a wallet is known by, written without country code, spaces or dashes. */
export function normalWalletNumber(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^\+?880/, '0');
  return WALLET_NUMBER.test(digits) ? digits : null;
}

/** The paying wallet as a payout beneficiary, from the number its gateway reported; null when unknown or masked. */
export function payerWallet(
  type: 'BKASH_WALLET' | 'NAGAD_WALLET',
  reported: string | null | undefined,
): Beneficiary | null {
  const walletNumber = reported ? normalWalletNumber(reported) : null;
  return walletNumber ? { type, walletNumber, name: null } : null;
}

/** Whether two beneficiaries are the same wallet or account (names aside: anyone can type a name). */
export function sameBeneficiary(a: Beneficiary, b: Beneficiary): boolean {
  if (a.type === 'BANK_ACCOUNT' || b.type === 'BANK_ACCOUNT') {
    return (
      a.type === 'BANK_ACCOUNT' &&
      b.type === 'BANK_ACCOUNT' &&
      a.accountNumber.replace(/[\s-]/g, '') === b.accountNumber.replace(/[\s-]/g, '') &&
      a.routingNumber.trim() === b.routingNumber.trim()
    );
  }
  if (a.type !== b.type) return false;
  const left = normalWalletNumber(a.walletNumber);
  return left !== null && left === normalWalletNumber(b.walletNumber);
}

/**
 * Where a refund goes: the destination asked for, else the payer's wallet or account when known
 * (a refund finance pays by hand names none). `notPayer` when it goes anywhere but the payer.
 */
export function refundDestinationOf(input: {
  payer: Beneficiary | null;
  asked: Beneficiary | null;
  /** Finance pays it by hand and confirms: no payout destination is taken. */
  manualConfirmation: boolean;
}): { destination: Beneficiary | null; notPayer: boolean } {
  if (input.asked === null) {
    return { destination: input.manualConfirmation ? null : input.payer, notPayer: false };
  }
  return {
    destination: input.asked,
    notPayer: input.payer === null || !sameBeneficiary(input.payer, input.asked),
  };
}

/** The approvers a refund to a destination that is not the payer needs at least, as the rule book says. */
export function notPayerApprovers(mode: Mode): number {
  const count: ApprovalCount = RULE_BOOK['refund.destination'].approvals[mode];
  if (count.kind === 'fixed') return count.approvers;
  if (count.kind === 'none') return 0;
  // Bands are not this action's kind; the strictest a band may ask, so it never asks less.
  return Math.max(1, ...count.bands.map((band) => band.approvers));
}

/**
 * The approvers a refund waits for: what the app's bands ask, and never fewer than the rule book's
 * `refund.destination` when it goes anywhere but the payer.
 */
export function approversWithDestination(banded: number, notPayer: boolean, mode: Mode): number {
  return notPayer ? Math.max(banded, notPayerApprovers(mode)) : banded;
}

/**
 * Whether a refund's rows allow it to be paid to its destination: one that is not the payer's
 * must hold the approvals it waited for (at least the rule book's), applied and on record.
 */
export function notPayerApprovalMissing(refund: {
  destinationNotPayer: boolean;
  approvalsRequired: number;
  approvalsGiven: number;
  mode: Mode;
}): boolean {
  if (!refund.destinationNotPayer) return false;
  const needed = Math.max(refund.approvalsRequired, notPayerApprovers(refund.mode));
  return refund.approvalsGiven < needed;
}
