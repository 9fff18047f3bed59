/**
 * Why a bank refused or returned a transfer, in the bank's codes, and ours. The acknowledgement
 * refuses a line with the ISO 20022 status reason codes banks' host-to-host channels use; a return
 * file carries BEFTN's return reason codes (R-codes, after the ACH rules BEFTN took them from).
 * Ours are stable: the payout core and apps see only them.
 */

export interface OurReason {
  reasonCode: string;
  /** Refused for the company account's short balance: the payout queues for funds, it does not fail. */
  shortBalance?: boolean;
}

/** Refusal codes in the acknowledgement file. */
export const REJECTION_REASONS: Readonly<Record<string, OurReason>> = {
  AM04: { reasonCode: 'INSUFFICIENT_BALANCE', shortBalance: true },
  AM02: { reasonCode: 'AMOUNT_ABOVE_LIMIT' },
  AM05: { reasonCode: 'DUPLICATE_REFERENCE' },
  AC01: { reasonCode: 'INVALID_ACCOUNT' },
  AC04: { reasonCode: 'ACCOUNT_CLOSED' },
  AC06: { reasonCode: 'ACCOUNT_BLOCKED' },
  RC01: { reasonCode: 'INVALID_ROUTING_NUMBER' },
  BE01: { reasonCode: 'NAME_MISMATCH' },
  MS03: { reasonCode: 'BANK_REJECTED' },
};

/** BEFTN return reason codes in the return file. */
export const RETURN_REASONS: Readonly<Record<string, OurReason & { text: string }>> = {
  R02: { reasonCode: 'ACCOUNT_CLOSED', text: 'Account closed' },
  R03: { reasonCode: 'ACCOUNT_NOT_FOUND', text: 'No account or unable to locate account' },
  R04: { reasonCode: 'INVALID_ACCOUNT', text: 'Invalid account number' },
  R06: { reasonCode: 'RETURNED_BY_OUR_BANK', text: 'Returned per originating bank request' },
  R14: { reasonCode: 'ACCOUNT_HOLDER_DECEASED', text: 'Account holder deceased' },
  R16: { reasonCode: 'ACCOUNT_BLOCKED', text: 'Account frozen' },
  R17: { reasonCode: 'NAME_MISMATCH', text: 'Account name does not match' },
  R20: { reasonCode: 'ACCOUNT_NOT_ELIGIBLE', text: 'Non-transaction account' },
  R23: { reasonCode: 'REFUSED_BY_BENEFICIARY', text: 'Credit entry refused by receiver' },
  R24: { reasonCode: 'DUPLICATE_ENTRY', text: 'Duplicate entry' },
};

/** Our reason for a bank's code we have no entry for: stable, and never a short balance. */
const UNKNOWN_REJECTION: OurReason = { reasonCode: 'BANK_REJECTED' };
const UNKNOWN_RETURN: OurReason = { reasonCode: 'RETURNED_OTHER' };

export function rejectionReason(bankCode: string): OurReason {
  return REJECTION_REASONS[bankCode] ?? UNKNOWN_REJECTION;
}

export function returnReason(bankCode: string): OurReason {
  return RETURN_REASONS[bankCode] ?? UNKNOWN_RETURN;
}
