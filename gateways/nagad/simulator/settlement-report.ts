import type { Router } from '@koa/router';
import { toDecimalString } from '../../../domain/shared/money.js';
import {
  csvText,
  derivedId,
  feeAtRate,
  settlementLines,
  type SettledItem,
  type SettlementLineKind,
} from '../../simulator-kit/settlement.js';
import { CSV_TYPE, registerSettlementReport } from '../../simulator-kit/settlement-route.js';
import type { SettlementReportFile } from '../../simulator-kit/settlement-route.js';
import { STATUS } from '../protocol.js';
import type { Simulator } from './context.js';

/**
 * Nagad's settlement report as its merchant panel exports it: a CSV of the payments it took, each
 * with its published service charge of 1.5 %, rounded half-up to the poisha. Nagad has no refund
 * API, so the report has no refunds of its own.
 */

export const NAGAD_FEE_BASIS_POINTS = 150;

export const NAGAD_REPORT_HEADER = [
  'Issuer Payment Ref',
  'Order ID',
  'Txn Type',
  'Currency',
  'Txn Amount',
  'Service Charge',
  'Net Amount',
  'Settlement Date',
  'Payout Reference',
] as const;

const TYPE: Record<SettlementLineKind, string> = {
  payment: 'PAYMENT',
  refund: 'REFUND',
  chargeback: 'CHARGEBACK',
};

/** Every order paid (Success, with Nagad's issuer reference). */
export function nagadSettledItems(simulator: Simulator): SettledItem[] {
  const items: SettledItem[] = [];
  for (const order of simulator.state.orders.values()) {
    const payment = order.payment;
    if (!payment || payment.status !== STATUS.SUCCESS || !payment.issuerPaymentRefNo) continue;
    items.push({
      id: payment.issuerPaymentRefNo,
      faultKey: order.orderId,
      kind: 'payment',
      gatewayTransactionId: payment.issuerPaymentRefNo,
      reference: order.orderId,
      currency: 'BDT',
      grossMinor: payment.amountMinor,
      feeMinor: feeAtRate(payment.amountMinor, NAGAD_FEE_BASIS_POINTS),
      processedAtMs: payment.paidAtMs,
      details: {},
    });
  }
  return items;
}

function payoutReference(date: string, batch: number): string {
  return `NGDPO-${date.replace(/-/g, '')}-${batch}`;
}

export function nagadSettlementReport(simulator: Simulator, date: string): SettlementReportFile {
  const items = nagadSettledItems(simulator);
  simulator.state.settlementFaults.bindArmedForProcessed(simulator.faults, items);
  const lines = settlementLines(items, simulator.state.settlementFaults, date, {
    extraIds: (item) => ({
      id: derivedId(`extra:${item.id}`, 12),
      reference: `NX${derivedId(`extra-ref:${item.id}`, 12)}`,
    }),
  });
  const rows = lines.map((line) => [
    line.gatewayTransactionId,
    line.reference ?? '',
    TYPE[line.kind],
    'BDT',
    toDecimalString(line.grossMinor, 'BDT'),
    toDecimalString(line.feeMinor, 'BDT'),
    toDecimalString(line.netMinor, 'BDT'),
    line.settlementDate,
    payoutReference(date, line.batch),
  ]);
  return {
    fileName: `nagad-settlement-${date}.csv`,
    contentType: CSV_TYPE,
    body: csvText(NAGAD_REPORT_HEADER, rows),
  };
}

export function registerSettlementReportRoute(router: Router, simulator: Simulator): void {
  registerSettlementReport(router, simulator.now, (date) => nagadSettlementReport(simulator, date));
}
