import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PanelFault } from './fault-controls.js';

/**
 * A gateway's settlement report, as its merchant panel publishes it: every payment it captured
 * and every refund it completed, paid out the day after (in Asia/Dhaka), with the faults a tester
 * armed laid over it. Each simulator lists what it processed as SettledItems; this module decides
 * the report's lines for a date, and the simulator writes them in its gateway's format.
 *
 * Faults are bound to a transaction once and stay with it, so the same report downloaded twice is
 * the same report: a fault armed for every payment (the next one) is bound when the next payment
 * is captured (or, for a refund fault, the next refund completed); one armed for a named
 * transaction is bound then, or when the next report is asked for if that transaction was already
 * processed.
 */

const DAYS = z.number().int().min(1).max(30);
/** `true` is one day; a number is that many days. */
const daysLater = z.union([z.literal(true), DAYS]);
const delta = z
  .number()
  .int()
  .min(-1_000_000_000)
  .max(1_000_000_000)
  .refine((value) => value !== 0, 'a difference of 0 changes nothing');

export const settlementFaultsShape = {
  /** The payment is never settled: it is missing from every report. */
  settlementOmit: z.boolean().optional(),
  /** Beside the payment, the report carries a line for a payment the merchant never made. */
  settlementExtra: z.boolean().optional(),
  /** The payment's line reports its amount changed by this many minor units. */
  settlementAmountMismatch: delta.optional(),
  /** The payment's line reports its fee changed by this many minor units. */
  settlementFeeMismatch: delta.optional(),
  /** The payment is settled twice: a second line in a second batch of the same day. */
  settlementDuplicate: z.boolean().optional(),
  /** The payment is settled this many days late (true: one day). */
  settlementLate: daysLater.optional(),
  /** The payment's next completed refund is netted into a batch this many days later (true: one day). */
  settlementRefundNettedLater: daysLater.optional(),
  /** The payment is charged back: a chargeback line for its whole amount, this many days after it settles (true: in the same report). */
  settlementChargeback: z.union([z.literal(true), DAYS]).optional(),
} as const;

/** For a gateway that refunds nothing itself (Nagad): every settlement fault but the refund's. */
export const paymentSettlementFaultsShape = (({ settlementRefundNettedLater: _refund, ...payment }) =>
  payment)(settlementFaultsShape);

export type SettlementFaults = z.infer<z.ZodObject<typeof settlementFaultsShape>>;
export type SettlementFaultName = keyof SettlementFaults;

const PAYMENT_FAULTS = [
  'settlementOmit',
  'settlementExtra',
  'settlementAmountMismatch',
  'settlementFeeMismatch',
  'settlementDuplicate',
  'settlementLate',
  'settlementChargeback',
] as const satisfies readonly SettlementFaultName[];
const REFUND_FAULTS = ['settlementRefundNettedLater'] as const satisfies readonly SettlementFaultName[];

export const SETTLEMENT_FAULT_NAMES: readonly SettlementFaultName[] = [...PAYMENT_FAULTS, ...REFUND_FAULTS];

/** One transaction a gateway processed, as its settlement report sees it. */
export interface SettledItem {
  /** Unique among the simulator's items: what faults are bound to. */
  id: string;
  /** What faults are armed by (the merchant's transaction id the gateway was given): the payment's, for a refund too. */
  faultKey: string;
  kind: 'payment' | 'refund';
  /** The gateway's id of the transaction (a refund's own id). */
  gatewayTransactionId: string;
  /** Our reference as the gateway was given it (transaction id, invoice number, refund reference). */
  reference: string | null;
  currency: string;
  /** Positive for a payment, negative for a refund. */
  grossMinor: number;
  feeMinor: number;
  /** When the gateway captured the payment or completed the refund. */
  processedAtMs: number;
  /** Gateway-specific columns (validation id, payment id), written as they are. */
  details: Readonly<Record<string, string>>;
}

export type SettlementLineKind = 'payment' | 'refund' | 'chargeback';

export interface SettlementReportLine {
  item: SettledItem;
  kind: SettlementLineKind;
  gatewayTransactionId: string;
  reference: string | null;
  grossMinor: number;
  feeMinor: number;
  netMinor: number;
  /** 'YYYY-MM-DD' */
  settlementDate: string;
  /** 1 for the day's batch; 2 for the second batch a duplicate lands in. */
  batch: number;
}

const DHAKA_OFFSET_MS = 6 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** 'YYYY-MM-DD' of an instant in Asia/Dhaka (UTC+6, no daylight saving). */
export function dhakaDate(ms: number): string {
  return new Date(ms + DHAKA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:mm:ss' of an instant in Asia/Dhaka. */
export function dhakaDateTime(ms: number): string {
  return new Date(ms + DHAKA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A real calendar date written 'YYYY-MM-DD', or null. */
export function parseReportDate(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== value ? null : value;
}

/** Settled the day after: the day the gateway pays the transaction out. */
export function naturalSettlementDate(item: SettledItem): string {
  return addDays(dhakaDate(item.processedAtMs), 1);
}

/** A fee as a published rate in basis points, rounded half-up to the minor unit. */
export function feeAtRate(amountMinor: number, basisPoints: number): number {
  return Math.floor((Math.abs(amountMinor) * basisPoints + 5_000) / 10_000);
}

/** The same characters for the same seed: an id that looks like the gateway's, for a made-up line. */
export function derivedId(
  seed: string,
  length: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
): string {
  const digest = createHash('sha256').update(seed).digest();
  return [...digest.subarray(0, length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

const days = (value: true | number | undefined, whenTrue: number): number =>
  value === undefined ? 0 : value === true ? whenTrue : value;

/** What a fault book must offer for faults to be bound (simulator-kit/faults.ts FaultBook). */
interface SpendableFaults {
  for(key: string | null): object;
  spend(name: never, key: string | null): boolean;
  entries(): Array<{ key: string | null; faults: object }>;
}

/**
 * The faults bound to each item. Kept by the simulator's state and forgotten on its reset; once
 * bound, a fault no longer shows as armed.
 */
export class SettlementFaultBindings {
  private readonly bound = new Map<string, SettlementFaults>();

  of(itemId: string): SettlementFaults {
    return this.bound.get(itemId) ?? {};
  }

  /**
   * As the item is processed: its own armed faults, else those armed for every payment (the next
   * one), each spent.
   */
  bindOnProcessing(book: SpendableFaults, item: Pick<SettledItem, 'id' | 'faultKey' | 'kind'>): void {
    const names = item.kind === 'payment' ? PAYMENT_FAULTS : REFUND_FAULTS;
    const armed = book.for(item.faultKey) as SettlementFaults;
    const taken: Record<string, unknown> = {};
    for (const name of names) {
      const value = armed[name];
      if (value !== undefined && book.spend(name as never, item.faultKey)) taken[name] = value;
    }
    this.add(item.id, taken as SettlementFaults);
  }

  /**
   * Before a report is written: faults armed for a named transaction after it was processed are
   * bound to it now (a payment's to the payment, a refund fault to its first refund not yet bound
   * to one).
   */
  bindArmedForProcessed(book: SpendableFaults, items: readonly SettledItem[]): void {
    for (const { key, faults } of book.entries()) {
      if (key === null) continue;
      const own = faults as SettlementFaults;
      for (const name of SETTLEMENT_FAULT_NAMES) {
        if (own[name] === undefined || own[name] === false) continue;
        const kind = (REFUND_FAULTS as readonly string[]).includes(name) ? 'refund' : 'payment';
        const target = items.find(
          (item) => item.faultKey === key && item.kind === kind && this.of(item.id)[name] === undefined,
        );
        if (target && book.spend(name as never, key)) this.add(target.id, { [name]: own[name] });
      }
    }
  }

  clear(): void {
    this.bound.clear();
  }

  private add(itemId: string, faults: SettlementFaults): void {
    if (Object.keys(faults).length === 0) return;
    this.bound.set(itemId, { ...this.of(itemId), ...faults });
  }
}

/** A made-up payment line beside a real one: another gateway id, a reference we never sent. */
function extraLine(
  line: SettlementReportLine,
  extraIds: (item: SettledItem) => { id: string; reference: string | null },
): SettlementReportLine {
  const made = extraIds(line.item);
  return { ...line, gatewayTransactionId: made.id, reference: made.reference };
}

export interface SettlementReportOptions {
  /** The ids of the line the settlementExtra fault adds for an item: another gateway id, our reference absent or unknown. */
  extraIds(item: SettledItem): { id: string; reference: string | null };
}

/**
 * The lines of the report for `date`, in the order the gateway processed them (a chargeback and an
 * extra line right after their payment's, the duplicate batch last).
 */
export function settlementLines(
  items: readonly SettledItem[],
  bindings: SettlementFaultBindings,
  date: string,
  options: SettlementReportOptions,
): SettlementReportLine[] {
  const first: SettlementReportLine[] = [];
  const second: SettlementReportLine[] = [];
  const ordered = [...items].sort((a, b) => a.processedAtMs - b.processedAtMs || a.id.localeCompare(b.id));
  for (const item of ordered) {
    const faults = bindings.of(item.id);
    const natural = naturalSettlementDate(item);
    const settledOn =
      item.kind === 'payment'
        ? addDays(natural, days(faults.settlementLate, 1))
        : addDays(natural, days(faults.settlementRefundNettedLater, 1));
    const grossMinor = item.grossMinor + (faults.settlementAmountMismatch ?? 0);
    const feeMinor = item.feeMinor + (faults.settlementFeeMismatch ?? 0);
    const line: SettlementReportLine = {
      item,
      kind: item.kind,
      gatewayTransactionId: item.gatewayTransactionId,
      reference: item.reference,
      grossMinor,
      feeMinor,
      netMinor: grossMinor - feeMinor,
      settlementDate: settledOn,
      batch: 1,
    };
    if (!faults.settlementOmit && settledOn === date) {
      first.push(line);
      if (faults.settlementDuplicate) second.push({ ...line, batch: 2 });
    }
    if (faults.settlementExtra && settledOn === date) first.push(extraLine(line, options.extraIds));
    if (faults.settlementChargeback !== undefined) {
      const chargedBackOn = addDays(natural, days(faults.settlementChargeback, 0));
      if (chargedBackOn === date) {
        first.push({
          item,
          kind: 'chargeback',
          gatewayTransactionId: item.gatewayTransactionId,
          reference: item.reference,
          grossMinor: -item.grossMinor,
          feeMinor: 0,
          netMinor: -item.grossMinor,
          settlementDate: date,
          batch: 1,
        });
      }
    }
  }
  return [...first, ...second];
}

/** A CSV field, quoted where it must be (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvText(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const REPORT_FAULT_TEXT = 'Blank: the next payment captured.';

/** The settlement faults as the tester page's forms offer them; `payment` names the transaction in the gateway's words. */
export function settlementPanelFaults(
  options: { refunds: boolean } = { refunds: true },
): PanelFault<SettlementFaultName>[] {
  const DELTA = { kind: 'number', unit: 'minor units', min: -100_000_000, max: 100_000_000 } as const;
  const DAYS_INPUT = { kind: 'number', unit: 'days', min: 1, max: 30 } as const;
  const faults: PanelFault<SettlementFaultName>[] = [
    {
      name: 'settlementOmit',
      title: 'Settlement: payment missing',
      description: `The payment never appears in a settlement report. ${REPORT_FAULT_TEXT}`,
      input: { kind: 'flag' },
    },
    {
      name: 'settlementExtra',
      title: 'Settlement: extra line',
      description: `Beside the payment, its report carries a payment of the same amount the merchant never made. ${REPORT_FAULT_TEXT}`,
      input: { kind: 'flag' },
    },
    {
      name: 'settlementAmountMismatch',
      title: 'Settlement: amount differs',
      description: `The payment's settlement line reports its amount changed by this much. ${REPORT_FAULT_TEXT}`,
      input: { ...DELTA, label: 'Differs by' },
    },
    {
      name: 'settlementFeeMismatch',
      title: 'Settlement: fee differs',
      description: `The payment's settlement line reports its fee changed by this much. ${REPORT_FAULT_TEXT}`,
      input: { ...DELTA, label: 'Fee differs by' },
    },
    {
      name: 'settlementDuplicate',
      title: 'Settlement: settled twice',
      description: `The payment is settled again in a second batch of the same day. ${REPORT_FAULT_TEXT}`,
      input: { kind: 'flag' },
    },
    {
      name: 'settlementLate',
      title: 'Settlement: late',
      description: `The payment is settled this many days after the day it should be. ${REPORT_FAULT_TEXT}`,
      input: { ...DAYS_INPUT, label: 'Days late' },
    },
    {
      name: 'settlementRefundNettedLater',
      title: 'Settlement: refund netted later',
      description:
        "The payment's next completed refund is netted into a batch this many days after its own. Blank: the next refund completed.",
      input: { ...DAYS_INPUT, label: 'Days later' },
    },
    {
      name: 'settlementChargeback',
      title: 'Settlement: chargeback',
      description: `The payment is charged back: a chargeback line for its whole amount in the report it settles in. ${REPORT_FAULT_TEXT}`,
      input: { kind: 'flag' },
    },
  ];
  return options.refunds ? faults : faults.filter((fault) => fault.name !== 'settlementRefundNettedLater');
}
