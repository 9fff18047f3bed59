import type { Router } from '@koa/router';
import { writeWorkbook, type WorkbookCell } from '../../../platform/xlsx/write-workbook.js';
import { isCurrency, toDecimalString } from '../../../domain/shared/money.js';
import {
  derivedId,
  feeAtRate,
  settlementLines,
  type SettledItem,
  type SettlementLineKind,
} from '../../simulator-kit/settlement.js';
import { registerSettlementReport, XLSX_TYPE } from '../../simulator-kit/settlement-route.js';
import type { SettlementReportFile } from '../../simulator-kit/settlement-route.js';
import { TRANSACTION_STATUS } from '../protocol.js';
import type { Simulator } from './context.js';

/**
 * bKash's settlement report as its merchant panel exports it: an XLSX workbook, its first sheet a
 * header row and a row per transaction settled. bKash keeps its published merchant fee on each
 * payment: 1.85 %, rounded half-up to the poisha.
 */

export const BKASH_FEE_BASIS_POINTS = 185;

export const BKASH_REPORT_HEADER = [
  'Transaction ID',
  'Payment ID',
  'Merchant Invoice',
  'Transaction Type',
  'Currency',
  'Amount',
  'Fee',
  'Net Amount',
  'Settlement Date',
  'Batch No',
] as const;

const TYPE: Record<SettlementLineKind, string> = {
  payment: 'Payment',
  refund: 'Refund',
  chargeback: 'Chargeback',
};

/** Every Completed payment and Completed refund. */
export function bkashSettledItems(simulator: Simulator): SettledItem[] {
  const items: SettledItem[] = [];
  for (const payment of simulator.state.payments.values()) {
    if (payment.status !== TRANSACTION_STATUS.COMPLETED || !payment.trxID || payment.executedAtMs === null) {
      continue;
    }
    items.push({
      id: payment.trxID,
      faultKey: payment.merchantInvoiceNumber,
      kind: 'payment',
      gatewayTransactionId: payment.trxID,
      reference: payment.merchantInvoiceNumber,
      currency: payment.currency,
      grossMinor: payment.amountMinor,
      feeMinor: feeAtRate(payment.amountMinor, BKASH_FEE_BASIS_POINTS),
      processedAtMs: payment.executedAtMs,
      details: { paymentID: payment.paymentID },
    });
    for (const refund of payment.refunds) {
      if (refund.status !== TRANSACTION_STATUS.COMPLETED) continue;
      items.push({
        id: refund.refundTrxID,
        faultKey: payment.merchantInvoiceNumber,
        kind: 'refund',
        gatewayTransactionId: refund.refundTrxID,
        reference: refund.sku || null,
        currency: payment.currency,
        grossMinor: -refund.amountMinor,
        feeMinor: 0,
        processedAtMs: refund.completedAtMs,
        details: { paymentID: payment.paymentID },
      });
    }
  }
  return items;
}

function batchNo(date: string, batch: number): string {
  return `BK${date.replace(/-/g, '')}${String(batch).padStart(3, '0')}`;
}

/** 'DD/MM/YYYY', as bKash's panel writes dates. */
function panelDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** A BDT amount as the panel's numeric cell holds it: taka with two decimals. */
function amountCell(minor: number, currency: string): number {
  return Number(toDecimalString(minor, isCurrency(currency) ? currency : 'BDT'));
}

export async function bkashSettlementReport(
  simulator: Simulator,
  date: string,
): Promise<SettlementReportFile> {
  const items = bkashSettledItems(simulator);
  simulator.state.settlementFaults.bindArmedForProcessed(simulator.faults, items);
  const lines = settlementLines(items, simulator.state.settlementFaults, date, {
    extraIds: (item) => ({ id: derivedId(`extra:${item.id}`, 10), reference: null }),
  });
  const rows: WorkbookCell[][] = [[...BKASH_REPORT_HEADER]];
  for (const line of lines) {
    rows.push([
      line.gatewayTransactionId,
      line.item.details.paymentID ?? '',
      line.reference ?? '',
      TYPE[line.kind],
      line.item.currency,
      amountCell(line.grossMinor, line.item.currency),
      amountCell(line.feeMinor, line.item.currency),
      amountCell(line.netMinor, line.item.currency),
      panelDate(line.settlementDate),
      batchNo(date, line.batch),
    ]);
  }
  // Dated by the report's day: the same report is the same file, whenever it is downloaded.
  const body = writeWorkbook(rows, { sheetName: 'Settlement', modified: new Date(`${date}T00:00:00Z`) });
  return { fileName: `bkash-settlement-${date}.xlsx`, contentType: XLSX_TYPE, body };
}

export function registerSettlementReportRoute(router: Router, simulator: Simulator): void {
  registerSettlementReport(router, simulator.now, (date) => bkashSettlementReport(simulator, date));
}
