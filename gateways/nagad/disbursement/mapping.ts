import { fromDecimalString } from '../../../domain/shared/money.js';
import type { BeneficiaryCheckResult, RailTransferResult } from '../../payouts/rail.js';
import type { AccountCheckAnswer, TransferAnswer } from './protocol.js';
import { ACCOUNT_STATUS, DECLINE_REASONS, TRANSFER_STATUS } from './protocol.js';
import { sameName } from '../../payouts/holder-names.js';
export { sameName };

/** Pure translation between Nagad's disbursement wire values and the rail-neutral ones. */

/**
 * Nagad's sample orderIds are letters and digits only, so our payout reference (`po_…`) travels
 * without its underscore. References are made by us with a fixed prefix, so dropping it joins
 * no two references.
 */
export function orderIdFor(reference: string): string {
  const orderId = reference.replace(/_/g, '');
  if (!/^[A-Za-z0-9_]+$/.test(reference) || !/^[A-Za-z0-9]{1,50}$/.test(orderId)) {
    throw new RangeError(`not a payout reference Nagad can carry: ${JSON.stringify(reference)}`);
  }
  return orderId;
}

/** Our stable reasonCode for each of Nagad's decline reasons. */
const REASON_CODES: Record<string, string> = {
  [DECLINE_REASONS.INSUFFICIENT_BALANCE]: 'INSUFFICIENT_BALANCE',
  [DECLINE_REASONS.ACCOUNT_NOT_FOUND]: 'WALLET_NOT_FOUND',
  [DECLINE_REASONS.ACCOUNT_BLOCKED]: 'WALLET_BLOCKED',
  [DECLINE_REASONS.TXN_LIMIT_EXCEEDED]: 'LIMIT_EXCEEDED',
  [DECLINE_REASONS.DAILY_LIMIT_EXCEEDED]: 'LIMIT_EXCEEDED',
  [DECLINE_REASONS.AMOUNT_TOO_SMALL]: 'AMOUNT_TOO_SMALL',
};

/** Whether Nagad's `reason` declines this transfer (a FAILED result) rather than refusing the request. */
export function isDecline(reason: string): boolean {
  return reason in REASON_CODES;
}

/** A declined disbursement as a FAILED result; a short balance queues the payout rather than failing it. */
export function declinedTransfer(reason: string, message: string): RailTransferResult {
  const reasonCode = REASON_CODES[reason] ?? 'DECLINED';
  return {
    status: 'FAILED',
    railTransferId: null,
    feeMinor: null,
    reasonCode,
    reason: message,
    ...(reasonCode === 'INSUFFICIENT_BALANCE' ? { shortBalance: true } : {}),
    raw: { reason, message },
  };
}

function minorOrNull(amount: string | null | undefined): number | null {
  if (amount === null || amount === undefined || amount.trim() === '') return null;
  try {
    return fromDecimalString(amount, 'BDT');
  } catch {
    return null;
  }
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}

/** A transfer as a disbursement's answer or the status call tells it. */
export function toTransferResult(answer: TransferAnswer, raw: Record<string, unknown>): RailTransferResult {
  const base = {
    railTransferId: nonEmpty(answer.issuerTxnId),
    feeMinor: minorOrNull(answer.fee),
    reasonCode: null,
    reason: null,
    raw,
  };
  switch (answer.status) {
    case TRANSFER_STATUS.COMPLETED:
      return { ...base, status: 'SUCCEEDED' };
    case TRANSFER_STATUS.PROCESSING:
      return { ...base, status: 'PROCESSING' };
    case TRANSFER_STATUS.NOT_FOUND:
      return { ...base, railTransferId: null, status: 'NOT_FOUND' };
    case TRANSFER_STATUS.FAILED:
      return {
        ...base,
        status: 'FAILED',
        reasonCode: 'DECLINED',
        reason: 'Nagad reports the transfer failed',
      };
    default:
      // An unknown word is not a decision: the payout waits and asks again.
      return { ...base, status: 'PROCESSING', reason: `Nagad status ${answer.status}` };
  }
}

/** The amount and wallet a transfer answer names, to be compared with what we sent. */
export function transferFacts(answer: TransferAnswer): {
  amountMinor: number | null;
  accountNo: string | null;
} {
  return { amountMinor: minorOrNull(answer.amount), accountNo: nonEmpty(answer.accountNo) };
}

/** An account check answer; `expectedName` is the name the app gave, if any. */
export function toBeneficiaryCheck(
  answer: AccountCheckAnswer,
  expectedName: string | null,
  raw: Record<string, unknown>,
): BeneficiaryCheckResult {
  const accountHolderName = nonEmpty(answer.accountName);
  const kycStatus = nonEmpty(answer.kycStatus);
  const base = { accountHolderName, kycStatus, raw };
  if (answer.accountStatus === ACCOUNT_STATUS.BLOCKED) return { ...base, status: 'BLOCKED' };
  if (answer.accountStatus !== ACCOUNT_STATUS.ACTIVE) return { ...base, status: 'BLOCKED' };
  if (expectedName && accountHolderName && !sameName(expectedName, accountHolderName)) {
    return { ...base, status: 'NAME_MISMATCH' };
  }
  return { ...base, status: 'VERIFIED' };
}

/** The account check's refusal for a number that holds no wallet. */
export function walletNotFound(raw: Record<string, unknown>): BeneficiaryCheckResult {
  return { status: 'NOT_FOUND', accountHolderName: null, kycStatus: null, raw };
}
