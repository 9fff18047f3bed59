import type { Router } from '@koa/router';
import { fromDecimalString, toDecimalString } from '../../../domain/shared/money.js';
import type { Currency } from '../../../domain/shared/money.js';
import {
  csvText,
  derivedId,
  dhakaDateTime,
  settlementLines,
  type SettledItem,
  type SettlementLineKind,
} from '../../simulator-kit/settlement.js';
import { CSV_TYPE, registerSettlementReport } from '../../simulator-kit/settlement-route.js';
import type { SettlementReportFile } from '../../simulator-kit/settlement-route.js';
import type { Simulator } from './context.js';

/**
 * SSLCOMMERZ's settlement report as its merchant panel exports it: a CSV of the VALID
 * transactions and the refunds the bank completed, each with the charge SSLCOMMERZ kept (amount
 * − store_amount, as the IPN and validator report it).
 */

export const SSLCOMMERZ_REPORT_HEADER = [
  'Transaction ID',
  'Bank Transaction ID',
  'Validation ID',
  'Transaction Date',
  'Type',
  'Currency',
  'Amount',
  'Store Amount',
  'Charge',
  'Settlement Date',
  'Settlement ID',
] as const;

const TYPE: Record<SettlementLineKind, string> = {
  payment: 'Payment',
  refund: 'Refund',
  chargeback: 'Chargeback',
};

/** Every VALID transaction and every refund the bank has completed by now. */
export function sslcommerzSettledItems(simulator: Simulator): SettledItem[] {
  const { state } = simulator;
  const items: SettledItem[] = [];
  for (const transaction of state.transactionsByBankTranId.values()) {
    if (transaction.status !== 'VALID') continue;
    const currency = transaction.amountCurrency;
    const storeAmount = fromDecimalString(transaction.record.store_amount ?? '0', currency);
    items.push({
      id: transaction.bankTranId,
      faultKey: transaction.tranId,
      kind: 'payment',
      gatewayTransactionId: transaction.bankTranId,
      reference: transaction.tranId,
      currency,
      grossMinor: transaction.amountMinor,
      feeMinor: transaction.amountMinor - storeAmount,
      processedAtMs: transaction.completedAt.getTime(),
      details: { validationId: transaction.valId ?? '' },
    });
  }
  const now = simulator.now();
  for (const refund of state.refunds.values()) {
    const settledAtMs = refund.initiatedAtMs + refund.settlesAfterMs;
    if (refund.cancelled || settledAtMs > now) continue;
    const transaction = state.transactionsByBankTranId.get(refund.bankTranId);
    items.push({
      id: refund.refundRefId,
      faultKey: refund.tranId,
      kind: 'refund',
      gatewayTransactionId: refund.refundRefId,
      reference: refund.refundTransId,
      currency: transaction?.amountCurrency ?? 'BDT',
      grossMinor: -refund.amountMinor,
      feeMinor: 0,
      processedAtMs: settledAtMs,
      details: { validationId: '' },
    });
  }
  return items;
}

function settlementId(date: string, batch: number): string {
  return `SSLCZ${date.replace(/-/g, '')}${String(batch).padStart(2, '0')}`;
}

export function sslcommerzSettlementReport(simulator: Simulator, date: string): SettlementReportFile {
  const items = sslcommerzSettledItems(simulator);
  simulator.state.settlementFaults.bindArmedForProcessed(simulator.faults, items);
  const lines = settlementLines(items, simulator.state.settlementFaults, date, {
    extraIds: (item) => ({
      id: `${item.gatewayTransactionId.slice(0, 13)}${derivedId(`extra:${item.id}`, 12)}`,
      reference: `SSLX${derivedId(`extra-ref:${item.id}`, 12)}`,
    }),
  });
  const rows = lines.map((line) => {
    const currency = line.item.currency as Currency;
    const money = (minor: number) => toDecimalString(minor, currency);
    return [
      line.reference ?? '',
      line.gatewayTransactionId,
      line.kind === 'payment' && line.gatewayTransactionId === line.item.gatewayTransactionId
        ? (line.item.details.validationId ?? '')
        : '',
      dhakaDateTime(line.item.processedAtMs),
      TYPE[line.kind],
      currency,
      money(line.grossMinor),
      money(line.netMinor),
      money(line.feeMinor),
      line.settlementDate,
      settlementId(date, line.batch),
    ];
  });
  return {
    fileName: `sslcommerz-settlement-${date}.csv`,
    contentType: CSV_TYPE,
    body: csvText(SSLCOMMERZ_REPORT_HEADER, rows),
  };
}

export function registerSettlementReportRoute(router: Router, simulator: Simulator): void {
  registerSettlementReport(router, simulator.now, (date) => sslcommerzSettlementReport(simulator, date));
}
