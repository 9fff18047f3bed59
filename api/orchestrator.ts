import type { Client } from '@temporalio/client';
import type { ReconciliationPolicy } from '../domain/reconciliation/reconciliation.js';
import { createInvoiceWorkflows, type InvoiceWorkflows } from './invoices/invoice-workflows.js';
import { createPaymentWorkflows, type PaymentWorkflows } from './payments/payment-workflows.js';
import {
  createReconciliationWorkflows,
  type ReconciliationWorkflows,
} from './reconciliation/reconciliation-workflows.js';
import { createPayoutWorkflows, type PayoutWorkflows } from './payouts/payout-workflows.js';
import { createPayoutBatchWorkflows, type PayoutBatchWorkflows } from './payouts/payout-batch-workflows.js';
import { createRefundWorkflows, type RefundWorkflows } from './refunds/refund-workflows.js';
import { createReportWorkflows, type ReportWorkflows } from './reports/report-workflows.js';
import { createUploadWorkflows, type UploadWorkflows } from './uploads/upload-workflows.js';
import { createWebhookWorkflows, type WebhookWorkflows } from './webhooks/webhook-workflows.js';

/**
 * Everything the API asks of workflows, one part per process (`api/<process>/<process>-workflows.ts`),
 * handed to routes and services as `deps.orchestrator`.
 */
export type Orchestrator = PaymentWorkflows &
  RefundWorkflows &
  InvoiceWorkflows &
  WebhookWorkflows &
  ReconciliationWorkflows &
  UploadWorkflows &
  PayoutWorkflows &
  PayoutBatchWorkflows &
  ReportWorkflows;

export function createOrchestrator(
  client: Client,
  taskQueue: string,
  reconciliation?: ReconciliationPolicy,
): Orchestrator {
  return {
    ...createPaymentWorkflows(client, taskQueue),
    ...createRefundWorkflows(client, taskQueue),
    ...createInvoiceWorkflows(client, taskQueue),
    ...createWebhookWorkflows(client, taskQueue),
    ...createReconciliationWorkflows(client, taskQueue, reconciliation),
    ...createUploadWorkflows(client, taskQueue),
    ...createPayoutWorkflows(client, taskQueue),
    ...createPayoutBatchWorkflows(client, taskQueue),
    ...createReportWorkflows(client, taskQueue),
  };
}
