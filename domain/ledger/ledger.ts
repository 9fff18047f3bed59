import type { Currency } from '../shared/money.js';
import type { Mode } from '../shared/mode.js';

/**
 * The chart of accounts and the posting rules of the double-entry ledger. A posting's amount is
 * signed: debit positive, credit negative, so every journal entry sums to zero (the database
 * enforces it too). Accounts exist per mode and currency: TEST money never meets LIVE money.
 */
export const ACCOUNT_TYPES = {
  /** Money a gateway holds for us until it settles to the bank (an asset). */
  GATEWAY_CLEARING: { normal: 'DEBIT', owner: 'gateway' },
  /** What a gateway kept of captures as its fee (an expense). */
  GATEWAY_FEES: { normal: 'DEBIT', owner: 'gateway' },
  /** What we owe an app for its captured payments (a liability). */
  APP_PAYABLE: { normal: 'CREDIT', owner: 'app' },
  /** What was paid back to an app's customers, netted against its payable. */
  APP_REFUNDS: { normal: 'DEBIT', owner: 'app' },
  /** Money captured that no payment could keep: held until it is refunded or applied. */
  UNAPPLIED_FUNDS: { normal: 'CREDIT', owner: null },
  /** The bank account a gateway settles to, one per gateway and mode (an asset). */
  BANK: { normal: 'DEBIT', owner: 'gateway' },
  /**
   * Differences finance accepted or posted while reconciling settlements: a debit balance is
   * money lost to them, a credit balance money gained.
   */
  RECON_ADJUSTMENTS: { normal: 'DEBIT', owner: null },
  /** What an app paid out to beneficiaries (payouts), netted against what it is owed. */
  APP_PAYOUTS: { normal: 'DEBIT', owner: 'app' },
  /** What is owed to beneficiaries of an app's payouts on their way to them (a liability). */
  PAYOUT_PAYABLE: { normal: 'CREDIT', owner: 'app' },
  /** A payout rail's disbursement balance the money leaves from, per rail and mode (an asset). */
  RAIL_DISBURSEMENT: { normal: 'DEBIT', owner: 'gateway' },
  /** What a payout rail charged for its transfers (an expense). */
  RAIL_FEES: { normal: 'DEBIT', owner: 'gateway' },
} as const;

export type AccountType = keyof typeof ACCOUNT_TYPES;
export const ACCOUNT_TYPE_NAMES = Object.keys(ACCOUNT_TYPES) as AccountType[];

export interface AccountKey {
  type: AccountType;
  mode: Mode;
  currency: Currency;
  /** The gateway a clearing, fee or bank account belongs to. */
  gateway?: string;
  /** The app a payable or refunds account belongs to. */
  appId?: string;
}

/** One stable name per account, so an account opens once however many postings race to it. */
export function accountCode(key: AccountKey): string {
  const owner = ACCOUNT_TYPES[key.type].owner;
  const ownerPart = owner === 'gateway' ? `${key.gateway}:` : owner === 'app' ? `${key.appId}:` : '';
  return `${key.type.toLowerCase()}:${ownerPart}${key.mode}:${key.currency}`;
}

/**
 * What each entry records, and the record it comes from: the one place that says which source a
 * kind of entry belongs to.
 */
export const ENTRY_KINDS = {
  /** A payment's capture: the gateway holds the money, and we owe it to the app. */
  CAPTURE: { source: 'payment' },
  /** The fee the gateway kept of a capture (when it reports one). */
  FEE: { source: 'payment' },
  /** Money captured for a payment that could not keep it (closed, wrong amount, risky). */
  UNAPPLIED_CAPTURE: { source: 'payment' },
  /** An operator applied a payment's unapplied funds to its app. */
  UNAPPLIED_APPLIED: { source: 'payment' },
  /** A refund of a payment's capture, paid back out of what the gateway held. */
  REFUND: { source: 'refund' },
  /** Unapplied funds paid back to the customer. */
  UNAPPLIED_REFUND: { source: 'refund' },
  /** A settlement line paid out (or took back) its net: clearing to the gateway's bank account. */
  SETTLEMENT: { source: 'settlement_line' },
  /** The fee a settlement line reports, less the fee booked at capture (either sign). */
  FEE_ADJUSTMENT: { source: 'settlement_line' },
  /** A customer disputed a payment: the gateway took the amount back out of the app's payable. */
  DISPUTE: { source: 'dispute' },
  /** A dispute the app won: the disputed amount is owed to it again. */
  DISPUTE_REVERSAL: { source: 'dispute' },
  /** What the gateway charged for handling a dispute (Stripe's dispute fee), kept whatever the outcome. */
  DISPUTE_FEE: { source: 'dispute' },
  /** A difference finance resolved while reconciling: clearing against recon adjustments. */
  ADJUSTMENT: { source: 'recon_exception' },
  /** A payout committed to its beneficiary as the rail is asked: the app's payouts owe it. */
  PAYOUT: { source: 'payout' },
  /** The rail paid the beneficiary out of its disbursement balance. */
  PAYOUT_SENT: { source: 'payout' },
  /** What the rail charged for a payout. */
  PAYOUT_FEE: { source: 'payout' },
  /** A committed payout the rail did not pay (failed, or cancelled after waiting for the balance). */
  PAYOUT_REVERSAL: { source: 'payout' },
  /** A paid payout the rail sent back: the money is in the disbursement balance again. */
  PAYOUT_RETURN: { source: 'payout' },
  /** A rail statement's difference finance resolved: the rail's disbursement balance against recon adjustments. */
  RAIL_ADJUSTMENT: { source: 'recon_exception' },
  /** A rail's fee finance accepted from its statement: the fee booked for the payout corrected. */
  RAIL_FEE_ADJUSTMENT: { source: 'recon_exception' },
} as const;

export type EntryKind = keyof typeof ENTRY_KINDS;
export type EntrySource = (typeof ENTRY_KINDS)[EntryKind]['source'];
export const ENTRY_KIND_NAMES = Object.keys(ENTRY_KINDS) as EntryKind[];
/** Every record an entry can come from: the ledger's source types. */
export const ENTRY_SOURCES = [...new Set(Object.values(ENTRY_KINDS).map((k) => k.source))] as EntrySource[];

export interface PostingLine {
  account: AccountKey;
  amountMinor: number;
}

export interface JournalEntryDraft {
  kind: EntryKind;
  /**
   * The identity of its source, as ENTRY_KINDS says which: a payment's or refund's reference, a
   * settlement line's key, a dispute's or a reconciliation exception's reference.
   */
  sourceId: string;
  mode: Mode;
  currency: Currency;
  postings: PostingLine[];
}

export const sourceTypeOf = (kind: EntryKind): EntrySource => ENTRY_KINDS[kind].source;

export function isBalanced(postings: readonly { amountMinor: number }[]): boolean {
  return (
    postings.length >= 2 &&
    postings.every((p) => Number.isSafeInteger(p.amountMinor) && p.amountMinor !== 0) &&
    postings.reduce((sum, p) => sum + p.amountMinor, 0) === 0
  );
}

/** Moves `amountMinor` from `credit` to `debit`: the shape of every entry this ledger posts. */
function transfer(
  kind: EntryKind,
  sourceId: string,
  debit: AccountKey,
  credit: AccountKey,
  amountMinor: number,
): JournalEntryDraft {
  return {
    kind,
    sourceId,
    mode: debit.mode,
    currency: debit.currency,
    postings: [
      { account: debit, amountMinor },
      { account: credit, amountMinor: -amountMinor },
    ],
  };
}

export interface CaptureInput {
  paymentReference: string;
  appId: string;
  mode: Mode;
  gateway: string;
  currency: Currency;
  amountMinor: number;
  /** What the gateway kept of it, when it says; null when it does not report fees. */
  feeMinor: number | null;
}

const clearing = (i: { gateway: string; mode: Mode; currency: Currency }): AccountKey => ({
  type: 'GATEWAY_CLEARING',
  mode: i.mode,
  currency: i.currency,
  gateway: i.gateway,
});
const appAccount = (
  type: 'APP_PAYABLE' | 'APP_REFUNDS',
  i: { appId: string; mode: Mode; currency: Currency },
): AccountKey => ({ type, mode: i.mode, currency: i.currency, appId: i.appId });
const unapplied = (i: { mode: Mode; currency: Currency }): AccountKey => ({
  type: 'UNAPPLIED_FUNDS',
  mode: i.mode,
  currency: i.currency,
});

/** The fee entry, when the gateway reported a fee that fits inside the capture. */
function feeEntries(input: CaptureInput): JournalEntryDraft[] {
  const fee = input.feeMinor;
  if (fee === null || !Number.isSafeInteger(fee) || fee <= 0 || fee > input.amountMinor) return [];
  const feeAccount: AccountKey = { ...clearing(input), type: 'GATEWAY_FEES' };
  return [transfer('FEE', input.paymentReference, feeAccount, clearing(input), fee)];
}

/** A confirmed capture: the gateway holds the money, we owe it to the app, and the gateway kept its fee. */
export function captureEntries(input: CaptureInput): JournalEntryDraft[] {
  return [
    transfer(
      'CAPTURE',
      input.paymentReference,
      clearing(input),
      appAccount('APP_PAYABLE', input),
      input.amountMinor,
    ),
    ...feeEntries(input),
  ];
}

/** Money captured that the payment cannot keep (closed, or the wrong amount): parked until resolved. */
export function unappliedCaptureEntries(input: CaptureInput): JournalEntryDraft[] {
  return [
    transfer(
      'UNAPPLIED_CAPTURE',
      input.paymentReference,
      clearing(input),
      unapplied(input),
      input.amountMinor,
    ),
    ...feeEntries(input),
  ];
}

/** An operator decided a payment's parked money belongs to its app after all. */
export function unappliedAppliedEntry(input: {
  paymentReference: string;
  appId: string;
  mode: Mode;
  currency: Currency;
  amountMinor: number;
}): JournalEntryDraft {
  return transfer(
    'UNAPPLIED_APPLIED',
    input.paymentReference,
    unapplied(input),
    appAccount('APP_PAYABLE', input),
    input.amountMinor,
  );
}

/** Which money a refund pays back: the payment's capture, or funds no payment kept. */
export type RefundFunds = 'CAPTURED' | 'UNAPPLIED';

export interface RefundInput {
  refundReference: string;
  appId: string;
  mode: Mode;
  gateway: string;
  currency: Currency;
  amountMinor: number;
  funds: RefundFunds;
  /**
   * The payout rail that paid it back (a refund its gateway could not make): the money left that
   * rail's disbursement balance, not what the gateway holds. The refund's payout posts no entry of
   * its own for the amount, so the refund is booked once.
   */
  paidByRail?: string | null;
}

/** A refund the gateway made, paid out of what it held for us (or out of a payout rail's balance). */
export function refundEntry(input: RefundInput): JournalEntryDraft {
  if (input.paidByRail) {
    const rail: AccountKey = {
      type: 'RAIL_DISBURSEMENT',
      mode: input.mode,
      currency: input.currency,
      gateway: input.paidByRail,
    };
    return transfer(
      input.funds === 'UNAPPLIED' ? 'UNAPPLIED_REFUND' : 'REFUND',
      input.refundReference,
      input.funds === 'UNAPPLIED' ? unapplied(input) : appAccount('APP_REFUNDS', input),
      rail,
      input.amountMinor,
    );
  }
  return input.funds === 'UNAPPLIED'
    ? transfer(
        'UNAPPLIED_REFUND',
        input.refundReference,
        unapplied(input),
        clearing(input),
        input.amountMinor,
      )
    : transfer(
        'REFUND',
        input.refundReference,
        appAccount('APP_REFUNDS', input),
        clearing(input),
        input.amountMinor,
      );
}

/**
 * A refund paid out by a rail whose payout came back (a bank return): the refund's own entry,
 * reversed, as the payout's PAYOUT_RETURN. The money is in the rail's disbursement balance again
 * and the app's refunds (or the parked funds) are as before the refund; the refund's payout, which
 * booked nothing of the amount, books its return, so the two cancel and nothing is booked twice.
 */
export function refundPayoutReturnEntry(
  input: RefundInput & { paidByRail: string; payoutReference: string },
): JournalEntryDraft {
  const paid = refundEntry(input);
  return {
    kind: 'PAYOUT_RETURN',
    sourceId: input.payoutReference,
    mode: paid.mode,
    currency: paid.currency,
    postings: paid.postings.map((posting) => ({ ...posting, amountMinor: -posting.amountMinor })).reverse(),
  };
}

/**
 * Moves a signed amount: a positive one from `credit` to `debit`, a negative one back the other
 * way (so the debit line of the entry is always the positive one). Nothing to move is no entry.
 */
function signedTransfer(
  kind: EntryKind,
  sourceId: string,
  debit: AccountKey,
  credit: AccountKey,
  amountMinor: number,
): JournalEntryDraft | null {
  assertSafeAmount(kind, amountMinor);
  if (amountMinor === 0) return null;
  return amountMinor > 0
    ? transfer(kind, sourceId, debit, credit, amountMinor)
    : transfer(kind, sourceId, credit, debit, -amountMinor);
}

function assertSafeAmount(kind: EntryKind, amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor))
    throw new RangeError(`${kind} amount ${amountMinor} is not integer minor units`);
}

interface GatewayMoney {
  gateway: string;
  mode: Mode;
  currency: Currency;
}

const bank = (i: GatewayMoney): AccountKey => ({ ...clearing(i), type: 'BANK' });
const gatewayFees = (i: GatewayMoney): AccountKey => ({ ...clearing(i), type: 'GATEWAY_FEES' });
const reconAdjustments = (i: GatewayMoney): AccountKey => ({
  type: 'RECON_ADJUSTMENTS',
  mode: i.mode,
  currency: i.currency,
});

/**
 * A settlement line's payout: its net leaves the gateway's clearing for the bank account it
 * settles to. A negative net (a refund or chargeback netted into the batch) goes back the other way.
 */
export function settlementEntry(
  input: GatewayMoney & { lineKey: string; netMinor: number },
): JournalEntryDraft | null {
  return signedTransfer('SETTLEMENT', input.lineKey, bank(input), clearing(input), input.netMinor);
}

/**
 * The settlement line's fee corrects the fee booked at capture: `differenceMinor` is the line's
 * fee minus what was booked. A positive difference is more fee (out of clearing), a negative one
 * fee the gateway did not keep after all (back into clearing).
 */
export function feeAdjustmentEntry(
  input: GatewayMoney & { lineKey: string; differenceMinor: number },
): JournalEntryDraft | null {
  return signedTransfer(
    'FEE_ADJUSTMENT',
    input.lineKey,
    gatewayFees(input),
    clearing(input),
    input.differenceMinor,
  );
}

export interface DisputeInput extends GatewayMoney {
  disputeReference: string;
  appId: string;
  /** The disputed amount, never negative. */
  amountMinor: number;
}

function assertDisputeAmount(kind: EntryKind, amountMinor: number): void {
  assertSafeAmount(kind, amountMinor);
  if (amountMinor < 0) throw new RangeError(`${kind} amount ${amountMinor} is negative`);
}

/** A dispute opened: the gateway took the amount back, and the app is owed that much less. */
export function disputeEntry(input: DisputeInput): JournalEntryDraft | null {
  assertDisputeAmount('DISPUTE', input.amountMinor);
  return signedTransfer(
    'DISPUTE',
    input.disputeReference,
    appAccount('APP_PAYABLE', input),
    clearing(input),
    input.amountMinor,
  );
}

/** A dispute won: the gateway gives the amount back, and the app is owed it again. */
export function disputeReversalEntry(input: DisputeInput): JournalEntryDraft | null {
  assertDisputeAmount('DISPUTE_REVERSAL', input.amountMinor);
  return signedTransfer(
    'DISPUTE_REVERSAL',
    input.disputeReference,
    clearing(input),
    appAccount('APP_PAYABLE', input),
    input.amountMinor,
  );
}

/**
 * The gateway's fee for a dispute: it took the fee out of what it holds for us, and it is the
 * service's cost (gateway fees), not the app's: the app's payable moves by the disputed amount only.
 */
export function disputeFeeEntry(
  input: GatewayMoney & { disputeReference: string; feeMinor: number },
): JournalEntryDraft | null {
  assertDisputeAmount('DISPUTE_FEE', input.feeMinor);
  return signedTransfer(
    'DISPUTE_FEE',
    input.disputeReference,
    gatewayFees(input),
    clearing(input),
    input.feeMinor,
  );
}

/**
 * A difference finance resolved: `amountMinor` is what the gateway's clearing account gains (a
 * negative amount is what it loses), the other side being the recon adjustments account.
 */
export function adjustmentEntry(
  input: GatewayMoney & { exceptionReference: string; amountMinor: number },
): JournalEntryDraft | null {
  return signedTransfer(
    'ADJUSTMENT',
    input.exceptionReference,
    clearing(input),
    reconAdjustments(input),
    input.amountMinor,
  );
}

const railAccount = (type: 'RAIL_DISBURSEMENT' | 'RAIL_FEES', i: GatewayMoney): AccountKey => ({
  type,
  mode: i.mode,
  currency: i.currency,
  gateway: i.gateway,
});

/**
 * A rail statement's difference finance resolved: `amountMinor` is what the rail's disbursement
 * balance gains (negative: money left it that the ledger did not know of), against recon adjustments.
 */
export function railAdjustmentEntry(
  input: GatewayMoney & { exceptionReference: string; amountMinor: number },
): JournalEntryDraft | null {
  return signedTransfer(
    'RAIL_ADJUSTMENT',
    input.exceptionReference,
    railAccount('RAIL_DISBURSEMENT', input),
    reconAdjustments(input),
    input.amountMinor,
  );
}

/**
 * The fee a rail's statement shows, less the fee booked for the payout (either sign): more fee
 * out of the disbursement balance, or fee the rail did not keep back into it.
 */
export function railFeeAdjustmentEntry(
  input: GatewayMoney & { exceptionReference: string; differenceMinor: number },
): JournalEntryDraft | null {
  return signedTransfer(
    'RAIL_FEE_ADJUSTMENT',
    input.exceptionReference,
    railAccount('RAIL_FEES', input),
    railAccount('RAIL_DISBURSEMENT', input),
    input.differenceMinor,
  );
}

/** An account's balance the way its owner reads it: positive on its normal side. */
export function normalBalance(type: AccountType, signedBalanceMinor: number): number {
  return ACCOUNT_TYPES[type].normal === 'DEBIT' ? signedBalanceMinor : -signedBalanceMinor;
}

/**
 * An app's position in one currency from its two accounts' signed balances: captured (credited
 * to its payable), refunded (debited to its refunds), and what is owed to it, their difference.
 */
export function appPosition(payableSignedMinor: number, refundsSignedMinor: number) {
  const capturedMinor = normalBalance('APP_PAYABLE', payableSignedMinor);
  const refundedMinor = normalBalance('APP_REFUNDS', refundsSignedMinor);
  return { capturedMinor, refundedMinor, payableMinor: capturedMinor - refundedMinor };
}

/** The clearing account's owner for money no gateway is named for (a payment never bound to one captures nothing, so this stays empty). */
export const UNKNOWN_GATEWAY = 'unknown';
