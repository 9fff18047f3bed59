import { fromDecimalString } from '../../domain/shared/money.js';
import type { BeneficiaryCheckResult, RailTransferResult } from '../payouts/rail.js';
import {
  ACCOUNT_STATUS,
  CURRENCY,
  REFUSAL_CODES,
  TRANSFER_STATUS,
  type AccountCheckAnswer,
  type TransferAnswer,
} from './protocol.js';
import { sameName } from '../payouts/holder-names.js';

/**
 * The rail's answers in our terms, pure functions only: its status words into a transfer's
 * status, its decimal amounts into integer minor units, its refusal codes into our stable reason
 * codes. A word its documentation does not list is never a success: the payout asks again.
 */

/** Our reasonCode for each refusal that declines the transfer; `shortBalance` queues the payout instead. */
const DECLINES: Record<string, { reasonCode: string; shortBalance?: true }> = {
  [REFUSAL_CODES.INSUFFICIENT_FUNDS]: { reasonCode: 'INSUFFICIENT_BALANCE', shortBalance: true },
  [REFUSAL_CODES.ACCOUNT_NOT_FOUND]: { reasonCode: 'ACCOUNT_NOT_FOUND' },
  [REFUSAL_CODES.ACCOUNT_BLOCKED]: { reasonCode: 'ACCOUNT_BLOCKED' },
  [REFUSAL_CODES.LIMIT_EXCEEDED]: { reasonCode: 'LIMIT_EXCEEDED' },
};

/** Whether a refusal declines the transfer (a FAILED result) rather than the request (a RailError). */
export function isDecline(code: string): boolean {
  return code in DECLINES;
}

/** A declined transfer: nothing was paid, nothing is held under its reference. */
export function declinedTransfer(code: string, message: string | null): RailTransferResult {
  const decline = DECLINES[code] ?? { reasonCode: 'DECLINED' };
  return {
    status: 'FAILED',
    railTransferId: null,
    feeMinor: null,
    reasonCode: decline.reasonCode,
    reason: message,
    ...(decline.shortBalance ? { shortBalance: true } : {}),
    raw: { code, message },
  };
}

export function notFound(reference: string): RailTransferResult {
  return {
    status: 'NOT_FOUND',
    railTransferId: null,
    feeMinor: null,
    reasonCode: null,
    reason: null,
    raw: { reference },
  };
}

/** The transfer as the rail reports it. */
export function toTransferResult(answer: TransferAnswer): RailTransferResult {
  const base = {
    railTransferId: answer.transferId,
    feeMinor: answer.fee ? fromDecimalString(answer.fee, CURRENCY) : null,
    reasonCode: null,
    reason: null,
    raw: { ...answer },
  };
  switch (answer.status) {
    case TRANSFER_STATUS.COMPLETED:
      return { ...base, status: 'SUCCEEDED' };
    case TRANSFER_STATUS.FAILED:
      return {
        ...base,
        status: 'FAILED',
        reasonCode: 'RAIL_FAILED',
        reason: 'the rail reports the transfer failed',
      };
    default:
      // PENDING, or a word we do not know: not a decision, so the payout waits and asks again.
      return {
        ...base,
        status: 'PROCESSING',
        reason: answer.status === TRANSFER_STATUS.PENDING ? null : answer.status,
      };
  }
}

/** The amount and account a transfer answer names, to be compared with what we sent. */
export function transferFacts(answer: TransferAnswer): {
  amountMinor: number;
  accountNo: string;
  currency: string;
} {
  return {
    amountMinor: fromDecimalString(answer.amount, CURRENCY),
    accountNo: answer.accountNo,
    currency: answer.currency,
  };
}

/** An account check's answer; `expectedName` is the name the app gave, if any. */
export function toBeneficiaryCheck(
  answer: AccountCheckAnswer,
  expectedName: string | null,
): BeneficiaryCheckResult {
  const accountHolderName = answer.holderName?.trim() || null;
  const base = { accountHolderName, kycStatus: null, raw: { ...answer } };
  if (answer.status !== ACCOUNT_STATUS.ACTIVE) return { ...base, status: 'BLOCKED' };
  if (expectedName && accountHolderName && !sameName(expectedName, accountHolderName)) {
    return { ...base, status: 'NAME_MISMATCH' };
  }
  return { ...base, status: 'VERIFIED' };
}
