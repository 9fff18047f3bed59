import { randomInt } from 'node:crypto';
import { nagadDisbursementFeeMinor } from './tariff.js';
import type { Context } from 'koa';
import type { z } from 'zod';
import { fromDecimalString, toDecimalString } from '../../../../domain/shared/money.js';
import { SealError, seal, unseal } from '../../crypto.js';
import type { Sealed } from '../../protocol.js';
import { CURRENCY_CODE, dhakaDateTime, parseDhakaDateTime } from '../../protocol.js';
import { checkHeaders } from '../../simulator/checkout-api.js';
import { NagadRefusal } from '../../simulator/context.js';
import { readApiBody } from '../../simulator/wire.js';
import {
  ACCOUNT_STATUS,
  DECLINE_REASONS,
  DUPLICATE_ORDER_ID,
  TRANSFER_STATUS,
  WALLET_NUMBER,
  accountCheckPlaintextSchema,
  balancePlaintextSchema,
  disbursePlaintextSchema,
  disburseRequestSchema,
  requestSchema,
  statusPlaintextSchema,
} from '../protocol.js';
import type { DisbursementMerchant, DisbursementSimulatorContext } from './context.js';
import type { SimTransfer } from './state.js';
import { LIMITS_BY_KYC, walletOf } from './wallets.js';

/** The four sealed calls of the disbursement API: account check, disburse, status, balance. */

/** How far a request's date-time may stray from the simulator's clock, as for the checkout. */
const DATETIME_TOLERANCE_MS = 10 * 60 * 1000;

type Simulator = DisbursementSimulatorContext;

function merchantOf(simulator: Simulator, merchantId: string): DisbursementMerchant {
  const merchant = simulator.merchants.get(merchantId);
  if (!merchant) throw new NagadRefusal('INVALID_MERCHANT', 'Merchant is not registered for disbursement');
  return merchant;
}

/** A merchant's sealed request, proven to come from it and stamped with the current Bangladesh time. */
async function openRequest<T extends { merchantId: string; datetime: string }>(
  simulator: Simulator,
  ctx: Context,
  merchantId: string,
  schema: z.ZodType<T>,
  bodySchema: z.ZodType<Sealed & { dateTime: string }> = requestSchema,
): Promise<{ merchant: DisbursementMerchant; plaintext: T; body: Sealed & { dateTime: string } }> {
  checkHeaders(ctx);
  const body = await readApiBody(ctx, bodySchema);
  const merchant = merchantOf(simulator, merchantId);
  let text: string;
  try {
    text = unseal(body, { decryptWith: simulator.pgPrivateKey, verifyWith: merchant.publicKey });
  } catch (error) {
    if (error instanceof SealError) throw new NagadRefusal('INVALID_SENSITIVE_DATA', error.message);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NagadRefusal('INVALID_SENSITIVE_DATA', 'sensitiveData does not decrypt to JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success)
    throw new NagadRefusal('INVALID_SENSITIVE_DATA', 'sensitiveData misses required fields');
  const plaintext = result.data;
  if (plaintext.merchantId !== merchantId) {
    throw new NagadRefusal('INVALID_SENSITIVE_DATA', 'sensitiveData names another merchant than the URL');
  }
  const datetime = parseDhakaDateTime(plaintext.datetime);
  if (
    plaintext.datetime !== body.dateTime ||
    datetime === null ||
    Math.abs(datetime.getTime() - simulator.now()) > DATETIME_TOLERANCE_MS
  ) {
    throw new NagadRefusal('INVALID_DATETIME', 'datetime is not the current Bangladesh time');
  }
  return { merchant, plaintext, body };
}

/** An answer sealed to the merchant; the badSignature fault signs other bytes than it encrypts. */
function sealAnswer(
  simulator: Simulator,
  merchant: DisbursementMerchant,
  answer: object,
  faultKey: string,
): Sealed {
  const plaintext = JSON.stringify(answer);
  const keys = { encryptTo: merchant.publicKey, signWith: simulator.pgPrivateKey };
  const sealed = seal(plaintext, keys);
  return simulator.faults.for(faultKey).badSignature
    ? { ...sealed, signature: seal(`${plaintext} `, keys).signature }
    : sealed;
}

function requireWalletNumber(accountNo: string): void {
  if (!WALLET_NUMBER.test(accountNo)) {
    throw new NagadRefusal('INVALID_ACCOUNT_NO', 'accountNo must be an 11-digit mobile number starting 01');
  }
}

/** The wallet as the faults armed for it (by its number or the order's id) make it look. */
function standing(simulator: Simulator, accountNo: string, orderId: string | null) {
  const wallet = walletOf(simulator.state, accountNo);
  const byWallet = simulator.faults.for(accountNo);
  const byOrder = orderId === null ? {} : simulator.faults.for(orderId);
  return {
    ...wallet,
    exists: wallet.exists && !byWallet.walletNotFound && !byOrder.walletNotFound,
    status: byWallet.walletBlocked || byOrder.walletBlocked ? ACCOUNT_STATUS.BLOCKED : wallet.status,
  };
}

export async function accountCheck(simulator: Simulator, ctx: Context, merchantId: string): Promise<Sealed> {
  const { merchant, plaintext } = await openRequest(simulator, ctx, merchantId, accountCheckPlaintextSchema);
  requireWalletNumber(plaintext.accountNo);
  const wallet = standing(simulator, plaintext.accountNo, null);
  if (!wallet.exists) {
    throw new NagadRefusal(
      DECLINE_REASONS.ACCOUNT_NOT_FOUND,
      'No Nagad account is registered to this number',
    );
  }
  return sealAnswer(
    simulator,
    merchant,
    {
      accountNo: plaintext.accountNo,
      accountName: wallet.name,
      accountStatus: wallet.status,
      kycStatus: wallet.kycStatus,
    },
    plaintext.accountNo,
  );
}

function transferAnswer(simulator: Simulator, transfer: SimTransfer): Record<string, string> {
  return {
    orderId: transfer.orderId,
    status: TRANSFER_STATUS.COMPLETED,
    issuerTxnId: transfer.issuerTxnId,
    amount: toDecimalString(transfer.amountMinor, 'BDT'),
    fee: toDecimalString(transfer.feeMinor ?? 0, 'BDT'),
    accountNo: transfer.accountNo,
    issuerTxnDateTime: dhakaDateTime(new Date(transfer.paidAtMs)),
    merchantBalance: toDecimalString(simulator.state.availableMinor, 'BDT'),
  };
}

function amountMinorOf(amount: string): number {
  try {
    const minor = fromDecimalString(amount, 'BDT');
    if (minor > 0) return minor;
  } catch {
    // Refused below, as any other unreadable amount.
  }
  throw new NagadRefusal('INVALID_AMOUNT', 'amount must be a positive taka amount with at most two decimals');
}

const ISSUER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Shaped like the checkout's issuer references, longer: "7XK29QD1MZ". */
function newIssuerTxnId(): string {
  return Array.from({ length: 10 }, () => ISSUER_ALPHABET[randomInt(ISSUER_ALPHABET.length)]).join('');
}

/** Why Nagad would decline this transfer now, or null when it would pay. */
function declineOf(
  simulator: Simulator,
  orderId: string,
  accountNo: string,
  amountMinor: number,
): NagadRefusal | null {
  const wallet = standing(simulator, accountNo, orderId);
  if (!wallet.exists) {
    return new NagadRefusal(
      DECLINE_REASONS.ACCOUNT_NOT_FOUND,
      'No Nagad account is registered to this number',
    );
  }
  if (wallet.status !== ACCOUNT_STATUS.ACTIVE) {
    return new NagadRefusal(DECLINE_REASONS.ACCOUNT_BLOCKED, 'The receiving account is blocked');
  }
  const limits = LIMITS_BY_KYC[wallet.kycStatus];
  if (amountMinor < limits.minTransferMinor) {
    return new NagadRefusal(
      DECLINE_REASONS.AMOUNT_TOO_SMALL,
      'amount is below the minimum of a disbursement',
    );
  }
  if (amountMinor > limits.maxTransferMinor) {
    return new NagadRefusal(
      DECLINE_REASONS.TXN_LIMIT_EXCEEDED,
      "amount exceeds the wallet's limit per transaction",
    );
  }
  if (simulator.state.receivedToday(accountNo, simulator.now()) + amountMinor > limits.dailyMinor) {
    return new NagadRefusal(DECLINE_REASONS.DAILY_LIMIT_EXCEEDED, "amount exceeds the wallet's daily limit");
  }
  if (
    simulator.faults.for(orderId).shortBalance ||
    amountMinor + nagadDisbursementFeeMinor(amountMinor) > simulator.state.availableMinor
  ) {
    return new NagadRefusal(
      DECLINE_REASONS.INSUFFICIENT_BALANCE,
      'The disbursement account balance is insufficient',
    );
  }
  return null;
}

/** What becomes of the answer once the money moved: given, lost, or given too late. */
export type Delivery = { kind: 'ANSWER' } | { kind: 'LOST' } | { kind: 'LATE'; delayMs: number };

export async function disburse(
  simulator: Simulator,
  ctx: Context,
  merchantId: string,
  orderId: string,
): Promise<{ answer: Sealed; delivery: Delivery }> {
  const { merchant, plaintext, body } = await openRequest(
    simulator,
    ctx,
    merchantId,
    disbursePlaintextSchema,
    disburseRequestSchema,
  );
  if (plaintext.orderId !== orderId) {
    throw new NagadRefusal('INVALID_SENSITIVE_DATA', 'sensitiveData names another order than the URL');
  }
  if (plaintext.currencyCode !== CURRENCY_CODE) {
    throw new NagadRefusal('INVALID_CURRENCY', `currencyCode must be ${CURRENCY_CODE}`);
  }
  requireWalletNumber(plaintext.accountNo);
  const amountMinor = amountMinorOf(plaintext.amount);

  const paid = simulator.state.transfers.get(orderId);
  if (paid) {
    // Nagad never pays an orderId twice: it refuses the repeat, or (duplicateAck) acknowledges the
    // transfer it already made as if it were new.
    if (!simulator.faults.for(orderId).duplicateAck) {
      throw new NagadRefusal(DUPLICATE_ORDER_ID, 'orderId has already been used');
    }
    paid.acknowledgements += 1;
    return {
      answer: sealAnswer(simulator, merchant, transferAnswer(simulator, paid), orderId),
      delivery: { kind: 'ANSWER' },
    };
  }

  const decline = declineOf(simulator, orderId, plaintext.accountNo, amountMinor);
  if (decline) throw decline;
  const transfer: SimTransfer = {
    merchantId,
    orderId,
    accountNo: plaintext.accountNo,
    amountMinor,
    feeMinor: nagadDisbursementFeeMinor(amountMinor),
    issuerTxnId: newIssuerTxnId(),
    paidAtMs: simulator.now(),
    description: (body as { description?: string }).description ?? null,
    acknowledgements: 1,
  };
  simulator.state.pay(transfer);
  const answer = sealAnswer(simulator, merchant, transferAnswer(simulator, transfer), orderId);
  const delayMs = simulator.faults.for(orderId).answerDelayMs;
  if (simulator.faults.spend('lostAnswer', orderId)) return { answer, delivery: { kind: 'LOST' } };
  if (delayMs !== undefined && simulator.faults.spend('answerDelayMs', orderId)) {
    return { answer, delivery: { kind: 'LATE', delayMs } };
  }
  return { answer, delivery: { kind: 'ANSWER' } };
}

export async function transferStatus(
  simulator: Simulator,
  ctx: Context,
  merchantId: string,
  orderId: string,
): Promise<Sealed> {
  const { merchant, plaintext } = await openRequest(simulator, ctx, merchantId, statusPlaintextSchema);
  if (plaintext.orderId !== orderId) {
    throw new NagadRefusal('INVALID_SENSITIVE_DATA', 'sensitiveData names another order than the URL');
  }
  const transfer = simulator.state.transfers.get(orderId);
  // Signed like any other answer: "nothing under this orderId" decides that a payout may be sent.
  const answer =
    transfer && transfer.merchantId === merchantId
      ? transferAnswer(simulator, transfer)
      : { orderId, status: TRANSFER_STATUS.NOT_FOUND };
  return sealAnswer(simulator, merchant, answer, orderId);
}

export async function balance(simulator: Simulator, ctx: Context, merchantId: string): Promise<Sealed> {
  const { merchant } = await openRequest(simulator, ctx, merchantId, balancePlaintextSchema);
  return sealAnswer(
    simulator,
    merchant,
    {
      merchantId,
      availableBalance: toDecimalString(simulator.state.availableMinor, 'BDT'),
      currencyCode: CURRENCY_CODE,
      balanceDateTime: dhakaDateTime(new Date(simulator.now())),
    },
    merchantId,
  );
}
