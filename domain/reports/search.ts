import { can, type Action, type Role } from '../operators/permissions.js';
import { PAYOUT_REFERENCE_PATTERN } from '../payouts/payouts.js';
import {
  INVOICE_REFERENCE_PATTERN,
  PAYMENT_REFERENCE_PATTERN,
  REFUND_REFERENCE_PATTERN,
} from '../shared/ids.js';
import type { Mode } from '../shared/mode.js';
import { phoneTerm } from '../shared/phone-numbers.js';

/**
 * The dashboard's one search box: what a typed term can be, what each kind of record is found by,
 * and who sees which kind. Every lookup is an exact match on an indexed value, in TEST and LIVE.
 */

export const SEARCH_KINDS = ['payments', 'refunds', 'payouts', 'invoices', 'settlement-lines'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** What finds each kind, in the words the results page uses. */
export const SEARCH_KIND_FINDS: Record<SearchKind, string> = {
  payments: "reference, order id, gateway transaction id or the customer's phone",
  refunds: "reference or the gateway's refund id",
  payouts: 'reference, or the wallet or account number paid',
  invoices: 'reference or number',
  'settlement-lines': "the gateway's transaction id on a settlement report",
};

/** Each kind is shown to the roles that may read its pages; the pages check again. */
export const SEARCH_KIND_READ: Record<SearchKind, Action> = {
  payments: 'payments.read',
  refunds: 'payments.read',
  payouts: 'payments.read',
  invoices: 'payments.read',
  'settlement-lines': 'reconciliation.read',
};

/** At most this many records of each kind: a search names a record, it does not list a table. */
export const SEARCH_LIMIT_PER_KIND = 20;
/** No reference, order id or transaction id is longer. */
export const SEARCH_TERM_MAX = 128;

export function searchableKinds(role: Role): SearchKind[] {
  return SEARCH_KINDS.filter((kind) => can(role, SEARCH_KIND_READ[kind]));
}

/** A record's own reference, which opens its page at once. */
export interface ExactReference {
  kind: 'payments' | 'refunds' | 'payouts' | 'invoices';
  reference: string;
}

const REFERENCE_PATTERNS: Array<[ExactReference['kind'], RegExp]> = [
  ['payments', PAYMENT_REFERENCE_PATTERN],
  ['refunds', REFUND_REFERENCE_PATTERN],
  ['payouts', PAYOUT_REFERENCE_PATTERN],
  ['invoices', INVOICE_REFERENCE_PATTERN],
];

export interface SearchTerms {
  /** The term as typed, trimmed: what ids and numbers are matched against. */
  text: string;
  /** The term as a phone number (01XXXXXXXXX for a Bangladeshi mobile), when it is written as one. */
  phone: string | null;
  /** The term as one of our references (pay_…, rf_…, po_…, inv_…), whatever its case. */
  reference: ExactReference | null;
}

/** What a typed term can be looked up as; null when nothing was typed. */
export function searchTerms(raw: string): SearchTerms | null {
  const text = raw.trim();
  if (!text) return null;
  const lower = text.toLowerCase();
  const kind = REFERENCE_PATTERNS.find(([, pattern]) => pattern.test(lower))?.[0];
  return { text, phone: phoneTerm(text), reference: kind ? { kind, reference: lower } : null };
}

/** Which value of a record equals the term. */
export type SearchMatch =
  | 'reference'
  | 'orderId'
  | 'gatewayTransactionId'
  | 'customerPhone'
  | 'gatewayRefundId'
  | 'destination'
  | 'number';

/**
 * One record found. Phones and account numbers are masked before they leave the database layer:
 * a search result never shows one in full.
 */
export interface SearchHit {
  kind: SearchKind;
  /** The record's own id as operators read it: pay_…, rf_…, po_…, inv_…; a settlement line's transaction id. */
  reference: string;
  matchedOn: SearchMatch;
  mode: Mode;
  /** The record's status; a settlement line's type (PAYMENT, REFUND, …). */
  status: string;
  amountMinor: number;
  currency: string;
  appId: number | null;
  appName: string | null;
  gateway: string | null;
  /** The customer's phone (a payment) or the wallet paid (a payout), masked. */
  phone: string | null;
  /** The bank account paid (a payout), masked. */
  account: string | null;
  orderId: string | null;
  /** An invoice's number. */
  number: string | null;
  /** The payment a refund gives back. */
  paymentReference: string | null;
  /** When the record was made; a settlement line's settlement day. */
  at: Date;
  path: string;
}

/** A record's dashboard page, by its reference. */
export function recordPath(kind: ExactReference['kind'], reference: string): string {
  return `/admin/${kind}/${encodeURIComponent(reference)}`;
}

/**
 * Where a settlement line is read: its day's reconciliation once the day has one, else the
 * settlement report it came in.
 */
export function settlementLinePath(line: { runId: number | null; importId: number }): string {
  return line.runId !== null
    ? `/admin/reconciliation/runs/${line.runId}`
    : `/admin/settlements/imports/${line.importId}`;
}
