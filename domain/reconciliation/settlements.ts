import { createHash } from 'node:crypto';
import type { Mode } from '../shared/mode.js';
import type { Currency } from '../shared/money.js';

/**
 * What a gateway says it paid out: one line per transaction it settled, as read from its
 * settlement report (a file its merchant panel publishes, or its API). Lines are facts as the
 * gateway states them; what reconciliation decides about them lives elsewhere.
 */

export const SETTLEMENT_LINE_TYPES = ['PAYMENT', 'REFUND', 'CHARGEBACK', 'ADJUSTMENT'] as const;
export type SettlementLineType = (typeof SETTLEMENT_LINE_TYPES)[number];

export function isSettlementLineType(value: string): value is SettlementLineType {
  return (SETTLEMENT_LINE_TYPES as readonly string[]).includes(value);
}

/** One line of a gateway's settlement report, parsed; money in integer minor units. */
export interface SettlementLineDraft {
  /** A gateway that settles through reports (gateways/settlement-reports.ts); never 'manual'. */
  gateway: string;
  /** From the import (the operator's choice, or the credential), never from the file. */
  mode: Mode;
  /** The gateway's id of the transaction (payments.gateway_transaction_id; a refund's gateway refund id). */
  gatewayTransactionId: string;
  /** Our payment or refund reference, when the report carries it. */
  reference: string | null;
  type: SettlementLineType;
  currency: Currency;
  /** Signed: payments positive, refunds and chargebacks negative. */
  grossMinor: number;
  /** What the gateway kept (usually >= 0; negative when it returned a fee). */
  feeMinor: number;
  /** gross − fee: a report whose line says otherwise is refused. */
  netMinor: number;
  /** 'YYYY-MM-DD': the date the gateway paid the line out. */
  settlementDate: string;
  /** The gateway's payout or batch id. */
  payoutBatch: string | null;
  /** The line's identity for idempotency (settlementLineKey()). */
  lineKey: string;
  /**
   * The key the same line had before identities named the mode (legacySettlementLineKey()): set
   * by the parsers, so a line stored under that older key is not stored again. Absent on lines
   * read back from the database.
   */
  legacyLineKey?: string;
}

/** The parts of a line that make up its identity. */
export type SettlementLineIdentity = Pick<
  SettlementLineDraft,
  'gateway' | 'mode' | 'gatewayTransactionId' | 'type' | 'settlementDate' | 'payoutBatch' | 'grossMinor'
>;

/**
 * A line's identity: the same line reported again (the same file uploaded twice, or two files
 * that overlap) has the same key and is stored once. `occurrence` counts identical lines within
 * one report: a gateway that lists a line twice in one report has settled it twice, and both are
 * kept (the second gets its own key) so reconciliation sees the duplicate. The first occurrence's
 * key is sha256 of `v2|gateway|mode|gatewayTransactionId|type|settlementDate|payoutBatch|grossMinor`.
 *
 * The mode is part of it: a TEST and a LIVE line of one gateway with the same transaction id,
 * date, batch and amount are two lines (a sandbox reuses ids freely). The `v2` tag sets these keys
 * apart from the older ones (legacySettlementLineKey), which stay valid for the lines stored
 * under them.
 */
export function settlementLineKey(line: SettlementLineIdentity, occurrence = 1): string {
  return keyOf(['v2', line.gateway, line.mode, ...identityParts(line)], occurrence);
}

/**
 * The key lines were stored under before the mode was part of it: sha256 of
 * `gateway|gatewayTransactionId|type|settlementDate|payoutBatch|grossMinor` (plus `|<occurrence>`).
 * Lines stored then keep it, and journal entries (SETTLEMENT, FEE_ADJUSTMENT), exceptions and
 * disputes name them by it, so it is never rewritten; an import checks it only to recognise such
 * a line when a report brings it again (insertSettlementLines).
 */
export function legacySettlementLineKey(line: SettlementLineIdentity, occurrence = 1): string {
  return keyOf([line.gateway, ...identityParts(line)], occurrence);
}

/** A line's key and its older form, for the `occurrence`-th identical line of one report. */
export function settlementLineKeys(
  line: SettlementLineIdentity,
  occurrence: number,
): Pick<SettlementLineDraft, 'lineKey' | 'legacyLineKey'> {
  return {
    lineKey: settlementLineKey(line, occurrence),
    legacyLineKey: legacySettlementLineKey(line, occurrence),
  };
}

function identityParts(line: SettlementLineIdentity): string[] {
  return [
    line.gatewayTransactionId,
    line.type,
    line.settlementDate,
    line.payoutBatch ?? '',
    String(line.grossMinor),
  ];
}

function keyOf(parts: string[], occurrence: number): string {
  if (occurrence > 1) parts.push(String(occurrence));
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

/** The column layouts a report file may follow: its gateway's own, or the canonical one. */
export const REPORT_LAYOUTS = ['gateway', 'canonical'] as const;
export type ReportLayout = (typeof REPORT_LAYOUTS)[number];

/** 'YYYY-MM-DD' that names a real calendar day. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days && year >= 1970;
}
