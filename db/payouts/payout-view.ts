import {
  maskedAccountNumber as masked,
  type PayoutBeneficiary as Beneficiary,
} from '../../domain/payouts/beneficiary.js';
import type { Payout } from './payouts.js';

/** The beneficiary as the app sees it again: numbers masked, names as given. */
export function beneficiaryView(beneficiary: Beneficiary): Record<string, unknown> {
  switch (beneficiary.type) {
    case 'BKASH_WALLET':
    case 'NAGAD_WALLET':
      return {
        type: beneficiary.type,
        walletNumber: masked(beneficiary.walletNumber),
        name: beneficiary.name,
      };
    case 'BANK_ACCOUNT':
      return {
        type: beneficiary.type,
        accountNumber: masked(beneficiary.accountNumber),
        accountName: beneficiary.accountName,
        routingNumber: beneficiary.routingNumber,
        bankName: beneficiary.bankName,
      };
  }
}

/** A payout as the API answers it and its webhooks carry it. */
export function payoutView(payout: Payout) {
  const check = payout.beneficiaryCheck as { status?: string; accountHolderName?: string | null } | null;
  return {
    id: payout.id,
    reference: payout.reference,
    status: payout.status,
    rail: payout.rail,
    amountMinor: payout.amountMinor,
    currency: payout.currency,
    beneficiary: beneficiaryView(payout.beneficiary),
    beneficiaryCheck: check
      ? { status: check.status ?? null, accountHolderName: check.accountHolderName ?? null }
      : null,
    narrative: payout.narrative,
    metadata: payout.metadata,
    approvalsRequired: payout.approvalsRequired,
    cancellableUntil: payout.sendAfter?.toISOString() ?? null,
    railTransferId: payout.railTransferId,
    feeMinor: payout.feeMinor,
    failureCode: payout.failureCode,
    failureReason: payout.failureReason,
    createdAt: payout.createdAt.toISOString(),
    updatedAt: payout.updatedAt.toISOString(),
    settledAt: payout.settledAt?.toISOString() ?? null,
  };
}

export type PayoutView = ReturnType<typeof payoutView>;
