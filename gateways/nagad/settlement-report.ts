import type { LayoutDefinition } from '../../domain/reconciliation/settlement-reports/layouts.js';
import { PAYMENT_REFERENCE_PATTERN } from '../../domain/shared/ids.js';

/** The settlement report Nagad's merchant panel exports: amounts in taka, its own column names. */
export const NAGAD_REPORT_LAYOUT: LayoutDefinition = {
  amounts: 'decimal',
  columns: {
    transactionId: 'Issuer Payment Ref',
    reference: 'Order ID',
    type: 'Txn Type',
    currency: 'Currency',
    gross: 'Txn Amount',
    fee: 'Service Charge',
    net: 'Net Amount',
    settlementDate: 'Settlement Date',
    payoutBatch: 'Payout Reference',
  },
  // Nagad takes letters and digits only: our `pay_…` reference goes to it as its orderId without
  // the underscore (gateways/nagad/mapping.ts), and comes back here with it.
  referenceOf: (orderId) => {
    const ours = `pay_${orderId.slice(3)}`;
    return orderId.startsWith('pay') && PAYMENT_REFERENCE_PATTERN.test(ours) ? ours : orderId;
  },
};
