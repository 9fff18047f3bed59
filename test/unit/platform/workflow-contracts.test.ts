import * as workflows from '../../../workflows/index.js';
import {
  CUSTOMER_EMAIL_WORKFLOW_TYPE,
  type CustomerEmailWorkflow,
} from '../../../domain/customer-emails/customer-email-workflow-contract.js';
import {
  INVOICE_WORKFLOW_TYPE,
  type InvoiceWorkflow,
} from '../../../domain/invoices/invoice-workflow-contract.js';
import {
  PAYMENT_WORKFLOW_TYPES,
  type LateCallbackWorkflow,
  type PaymentWorkflow,
} from '../../../domain/payments/payment-workflow-contract.js';
import {
  RECONCILIATION_WORKFLOW_TYPES,
  type ReconciliationWorkflow,
} from '../../../domain/reconciliation/reconciliation-workflow-contract.js';
import {
  UPLOAD_WORKFLOW_TYPE,
  type FileUploadImportWorkflow,
} from '../../../domain/uploads/upload-workflow-contract.js';
import { APPROVAL_WORKFLOW_TYPE, type ApprovalWorkflow } from '../../../domain/approvals/approval-windows.js';
import {
  REFUND_WORKFLOW_TYPE,
  type RefundWorkflow,
} from '../../../domain/refunds/refund-workflow-contract.js';
import {
  WEBHOOK_WORKFLOW_TYPES,
  type WebhookDeliveryWorkflow,
  type WebhookRecoverWorkflow,
} from '../../../domain/webhooks/webhook-workflow-contract.js';

/**
 * Workflows are started by name, typed by the input their process's contract declares: the names
 * must be workflows the worker registers, and each registered function must take that input.
 */
const startedByName = [
  PAYMENT_WORKFLOW_TYPES.payment,
  PAYMENT_WORKFLOW_TYPES.lateCallback,
  REFUND_WORKFLOW_TYPE,
  INVOICE_WORKFLOW_TYPE,
  WEBHOOK_WORKFLOW_TYPES.delivery,
  WEBHOOK_WORKFLOW_TYPES.recover,
  CUSTOMER_EMAIL_WORKFLOW_TYPE,
  RECONCILIATION_WORKFLOW_TYPES.day,
  UPLOAD_WORKFLOW_TYPE,
  APPROVAL_WORKFLOW_TYPE,
];

// The type check fails here when a workflow's signature drifts from its contract.
const conforming: [
  PaymentWorkflow,
  LateCallbackWorkflow,
  RefundWorkflow,
  InvoiceWorkflow,
  WebhookDeliveryWorkflow,
  WebhookRecoverWorkflow,
  CustomerEmailWorkflow,
  ReconciliationWorkflow,
  FileUploadImportWorkflow,
  ApprovalWorkflow,
] = [
  workflows.paymentWorkflow,
  workflows.lateCallbackWorkflow,
  workflows.refundWorkflow,
  workflows.invoiceWorkflow,
  workflows.webhookDeliveryWorkflow,
  workflows.webhookRecoverWorkflow,
  workflows.customerEmailWorkflow,
  workflows.reconciliationWorkflow,
  workflows.fileUploadImportWorkflow,
  workflows.approvalWorkflow,
];

describe('workflow contracts', () => {
  it('names only workflows the worker registers, each the function its contract types', () => {
    const registered: Record<string, unknown> = { ...workflows };
    expect(startedByName.map((name) => typeof registered[name])).toEqual(startedByName.map(() => 'function'));
    expect(startedByName.map((name) => registered[name])).toEqual(conforming);
  });
});
