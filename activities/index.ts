import { createApprovalActivities } from './approvals/approval-activities.js';
import {
  createCustomerEmailActivities,
  type CustomerEmailActivityDeps,
} from './customer-emails/customer-email-activities.js';
import {
  createGatewayHealthActivities,
  type GatewayHealthActivityDeps,
} from './gateway-health/health-activities.js';
import { createDisputeRecheckActivities } from './disputes/dispute-recheck-activities.js';
import { createFileUploadActivities, type FileUploadActivityDeps } from './uploads/file-upload-activities.js';
import { createInvoiceActivities } from './invoices/invoice-activities.js';
import { createLedgerVerifyActivities } from './ledger/ledger-verify-activities.js';
import { createPaymentActivities, type PaymentActivityDeps } from './payments/payment-activities.js';
import {
  createReconciliationActivities,
  type ReconciliationActivityDeps,
} from './reconciliation/reconciliation-activities.js';
import { createPayoutActivities, type PayoutActivityDeps } from './payouts/payout-activities.js';
import { createPayoutBatchActivities } from './payouts/payout-batch-activities.js';
import { createPayoutReturnCheckActivities } from './payouts/payout-return-checks.js';
import { createRefundActivities } from './refunds/refund-activities.js';
import { createReportActivities, type ReportActivityDeps } from './reports/report-activities.js';
import { createRefundPayoutActivities } from './refunds/refund-payouts.js';
import { createSettlementActivities } from './payments/settlement-activities.js';
import {
  createStripeSettlementActivities,
  type StripeSettlementActivityDeps,
} from './reconciliation/stripe-settlement-activities.js';
import { createSweeperActivities, type SweeperActivityDeps } from './payments/sweeper-activities.js';
import { createWebhookActivities, type WebhookActivityDeps } from './webhooks/webhook-activities.js';

export type ActivityDeps = PaymentActivityDeps &
  WebhookActivityDeps &
  SweeperActivityDeps &
  CustomerEmailActivityDeps &
  StripeSettlementActivityDeps &
  ReconciliationActivityDeps &
  FileUploadActivityDeps &
  PayoutActivityDeps &
  ReportActivityDeps &
  Pick<GatewayHealthActivityDeps, 'healthPolicy'>;

/** Every side effect a workflow needs, built from explicit dependencies. */
export function createActivities(deps: ActivityDeps) {
  const payment = createPaymentActivities(deps);
  const webhook = createWebhookActivities(deps);
  return {
    ...payment,
    ...webhook,
    ...createSettlementActivities(payment, webhook),
    ...createRefundActivities(deps),
    ...createRefundPayoutActivities(deps),
    ...createInvoiceActivities(deps),
    ...createCustomerEmailActivities(deps),
    ...createSweeperActivities(deps),
    ...createStripeSettlementActivities(deps),
    ...createReconciliationActivities(deps),
    ...createDisputeRecheckActivities(deps),
    ...createFileUploadActivities(deps),
    ...createLedgerVerifyActivities(deps),
    ...createGatewayHealthActivities(deps),
    ...createPayoutActivities(deps),
    ...createPayoutBatchActivities(deps),
    ...createPayoutReturnCheckActivities(deps),
    ...createApprovalActivities(deps),
    ...createReportActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
