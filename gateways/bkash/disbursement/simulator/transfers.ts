import { fromDecimalString, toDecimalString } from '../../../../domain/shared/money.js';
import { bkashTime, newTrxId } from '../../simulator/wire.js';
import type { Answer } from '../../simulator/wire.js';
import {
  CURRENCY,
  DISBURSEMENT_CODES,
  DISBURSEMENT_MESSAGES,
  MSISDN_PATTERN,
  SUCCESS_CODE,
  SUCCESS_MESSAGE,
  WALLET_STATUS,
} from '../protocol.js';
import type { DisbursementCode } from '../protocol.js';
import {
  DEFAULT_DAILY_LIMIT_MINOR,
  DEFAULT_PER_TRANSACTION_LIMIT_MINOR,
  type DisbursementFaultBook,
} from './faults.js';
import type { DisbursementState, SimTransfer } from './state.js';
import { bkashB2cFeeMinor } from './tariff.js';

/** The disbursement calls: pay a wallet once per merchantInvoiceNumber, find a transfer, the balance, a wallet. */

export interface DisbursementSimulator {
  state: DisbursementState;
  faults: DisbursementFaultBook;
  now: () => number;
}

const successful = (fields: Answer): Answer => ({
  ...fields,
  statusCode: SUCCESS_CODE,
  statusMessage: SUCCESS_MESSAGE,
});
const refusal = (code: DisbursementCode): Answer => ({
  statusCode: code,
  statusMessage: DISBURSEMENT_MESSAGES[code],
});

/** Invoice numbers bKash takes: up to 255 characters of letters, digits and `_-.`. */
const INVOICE_PATTERN = /^[A-Za-z0-9_.-]{1,255}$/;
const AMOUNT_PATTERN = /^\d{1,9}(\.\d{1,2})?$/;

function transferAnswer(transfer: SimTransfer): Answer {
  return successful({
    completedTime: bkashTime(transfer.completedAtMs),
    trxID: transfer.trxID,
    transactionStatus: transfer.status,
    amount: transfer.amount,
    currency: CURRENCY,
    receiverMSISDN: transfer.receiverMSISDN,
    merchantInvoiceNumber: transfer.merchantInvoiceNumber,
    b2cFee: toDecimalString(transfer.feeMinor, CURRENCY),
  });
}

export interface TransferReply {
  answer: Answer;
  /** Paid (or not), then the answer lost on its way back. */
  answerLost?: '504' | 'close';
  /** HTTP 503 without paying. */
  unavailable?: boolean;
  delayMs?: number;
}

export function transfer(simulator: DisbursementSimulator, body: Record<string, string>): TransferReply {
  const { state, faults } = simulator;
  const refuse = (code: DisbursementCode, invoice: string): TransferReply => {
    state.refusals.push({ merchantInvoiceNumber: invoice, statusCode: code, atMs: simulator.now() });
    return { answer: refusal(code) };
  };
  const invoice = body.merchantInvoiceNumber ?? '';
  if (!body.amount || !body.currency || !invoice || !body.receiverMSISDN) {
    return refuse(DISBURSEMENT_CODES.MANDATORY_FIELD_MISSING, invoice);
  }
  if (body.currency !== CURRENCY) return refuse(DISBURSEMENT_CODES.INVALID_CURRENCY, invoice);
  if (!INVOICE_PATTERN.test(invoice)) return refuse(DISBURSEMENT_CODES.INVALID_INVOICE, invoice);
  if (!AMOUNT_PATTERN.test(body.amount)) return refuse(DISBURSEMENT_CODES.INVALID_AMOUNT, invoice);
  const amountMinor = fromDecimalString(body.amount, CURRENCY);
  if (amountMinor <= 0) return refuse(DISBURSEMENT_CODES.INVALID_AMOUNT, invoice);
  if (!MSISDN_PATTERN.test(body.receiverMSISDN)) return refuse(DISBURSEMENT_CODES.INVALID_RECEIVER, invoice);

  const active = faults.for(invoice);
  const paid = state.transfers.get(invoice);
  if (paid) {
    // bKash keys a disbursement by the merchant's invoice number: a repeat never pays again.
    paid.requests += 1;
    if (active.duplicateAcknowledged) return { answer: transferAnswer(paid) };
    return refuse(DISBURSEMENT_CODES.DUPLICATE, invoice);
  }
  if (faults.spend('transferUnavailableOnce', invoice)) {
    return { answer: refusal(DISBURSEMENT_CODES.MAINTENANCE), unavailable: true };
  }

  const wallet = state.wallet(body.receiverMSISDN);
  if (wallet.state === 'NOT_FOUND') return refuse(DISBURSEMENT_CODES.RECEIVER_UNKNOWN, invoice);
  if (wallet.state === 'BLOCKED') return refuse(DISBURSEMENT_CODES.RECEIVER_BLOCKED, invoice);
  if (amountMinor > (active.perTransactionLimitMinor ?? DEFAULT_PER_TRANSACTION_LIMIT_MINOR)) {
    return refuse(DISBURSEMENT_CODES.PER_TRANSACTION_LIMIT, invoice);
  }
  const today = state.paidTodayTo(body.receiverMSISDN, simulator.now());
  if (today + amountMinor > (active.dailyLimitMinor ?? DEFAULT_DAILY_LIMIT_MINOR)) {
    return refuse(DISBURSEMENT_CODES.DAILY_LIMIT, invoice);
  }
  // The account's tariff (tariff.ts): the fee leaves the balance with the amount, and the answer says it.
  const feeMinor = bkashB2cFeeMinor(amountMinor);
  if (state.balanceMinor < amountMinor + feeMinor)
    return refuse(DISBURSEMENT_CODES.INSUFFICIENT_BALANCE, invoice);

  state.balanceMinor -= amountMinor + feeMinor;
  const made: SimTransfer = {
    trxID: newTrxId(),
    merchantInvoiceNumber: invoice,
    receiverMSISDN: body.receiverMSISDN,
    amount: body.amount,
    amountMinor,
    feeMinor,
    status: 'Completed',
    completedAtMs: simulator.now(),
    requests: 1,
  };
  state.transfers.set(invoice, made);
  const answerLost = active.transferAnswerLost;
  if (answerLost) faults.spend('transferAnswerLost', invoice);
  return { answer: transferAnswer(made), answerLost, delayMs: active.transferAnswerDelayMs };
}

export function queryTransfer(simulator: DisbursementSimulator, body: Record<string, string>): Answer {
  if (!body.merchantInvoiceNumber && !body.trxID) return refusal(DISBURSEMENT_CODES.MANDATORY_FIELD_MISSING);
  const found = body.merchantInvoiceNumber
    ? simulator.state.transfers.get(body.merchantInvoiceNumber)
    : simulator.state.byTrxId(body.trxID!);
  return found ? transferAnswer(found) : refusal(DISBURSEMENT_CODES.TRANSACTION_NOT_FOUND);
}

export function organizationBalance(simulator: DisbursementSimulator): Answer {
  const balance = toDecimalString(simulator.state.balanceMinor, CURRENCY);
  return successful({
    organizationBalance: [
      {
        accountTypeName: 'Disbursement Account',
        accountStatus: 'Active',
        currentBalance: balance,
        availableBalance: balance,
        currency: CURRENCY,
        updateTime: bkashTime(simulator.now()),
      },
    ],
  });
}

export function verifyWallet(simulator: DisbursementSimulator, body: Record<string, string>): Answer {
  const msisdn = body.receiverMSISDN ?? '';
  if (!MSISDN_PATTERN.test(msisdn)) return refusal(DISBURSEMENT_CODES.INVALID_RECEIVER);
  const wallet = simulator.state.wallet(msisdn);
  if (wallet.state === 'NOT_FOUND') {
    return successful({
      receiverMSISDN: msisdn,
      accountHolderName: null,
      kycStatus: null,
      walletStatus: WALLET_STATUS.NOT_FOUND,
    });
  }
  return successful({
    receiverMSISDN: msisdn,
    accountHolderName: wallet.name,
    kycStatus: wallet.kycStatus,
    walletStatus: wallet.state === 'BLOCKED' ? WALLET_STATUS.BLOCKED : WALLET_STATUS.ACTIVE,
  });
}
