import type { Currency } from './money.js';

/**
 * Double-entry posting rules. A posting's amount is signed: debit positive, credit negative,
 * so every journal entry sums to zero (the database enforces it too).
 */
export interface PostingLine {
  accountCode: string;
  amountMinor: number;
}

export interface JournalEntryDraft {
  /** What the entry records: a payment's capture, or one refund of a payment. */
  sourceType: 'payment' | 'refund';
  sourceId: string;
  kind: 'CAPTURE' | 'UNAPPLIED_CAPTURE' | 'REFUND';
  currency: Currency;
  postings: PostingLine[];
}

export const accountCodes = {
  /** Money the gateway holds for us until it settles to the bank. */
  gatewayClearing: (gateway: string, mode: string, currency: string) =>
    `gateway_clearing:${gateway}:${mode}:${currency}`,
  /** What we owe an app for its captured payments. */
  appPayable: (appId: string, mode: string, currency: string) => `app_payable:${appId}:${mode}:${currency}`,
  /** Money captured for a payment that had already closed: held for an operator to refund. */
  unappliedFunds: (mode: string, currency: string) => `unapplied_funds:${mode}:${currency}`,
};

export function isBalanced(postings: PostingLine[]): boolean {
  return postings.length >= 2 && postings.reduce((sum, p) => sum + p.amountMinor, 0) === 0;
}

interface CaptureInput {
  paymentReference: string;
  appId: string;
  mode: string;
  gateway: string;
  currency: Currency;
  amountMinor: number;
}

/** A confirmed capture: the gateway now holds the money, and we owe it to the app. */
export function captureEntry(input: CaptureInput): JournalEntryDraft {
  return {
    sourceType: 'payment',
    sourceId: input.paymentReference,
    kind: 'CAPTURE',
    currency: input.currency,
    postings: [
      {
        accountCode: accountCodes.gatewayClearing(input.gateway, input.mode, input.currency),
        amountMinor: input.amountMinor,
      },
      {
        accountCode: accountCodes.appPayable(input.appId, input.mode, input.currency),
        amountMinor: -input.amountMinor,
      },
    ],
  };
}

/** Money captured that the payment cannot keep (closed, or the wrong amount): parked for refund. */
export function unappliedCaptureEntry(input: CaptureInput): JournalEntryDraft {
  return {
    sourceType: 'payment',
    sourceId: input.paymentReference,
    kind: 'UNAPPLIED_CAPTURE',
    currency: input.currency,
    postings: [
      {
        accountCode: accountCodes.gatewayClearing(input.gateway, input.mode, input.currency),
        amountMinor: input.amountMinor,
      },
      {
        accountCode: accountCodes.unappliedFunds(input.mode, input.currency),
        amountMinor: -input.amountMinor,
      },
    ],
  };
}

interface RefundInput {
  refundReference: string;
  appId: string;
  mode: string;
  gateway: string;
  currency: Currency;
  amountMinor: number;
}

/**
 * A refund the gateway made: it paid the money back out of what it held for us, and we owe the
 * app that much less.
 */
export function refundEntry(input: RefundInput): JournalEntryDraft {
  return {
    sourceType: 'refund',
    sourceId: input.refundReference,
    kind: 'REFUND',
    currency: input.currency,
    postings: [
      {
        accountCode: accountCodes.appPayable(input.appId, input.mode, input.currency),
        amountMinor: input.amountMinor,
      },
      {
        accountCode: accountCodes.gatewayClearing(input.gateway, input.mode, input.currency),
        amountMinor: -input.amountMinor,
      },
    ],
  };
}
