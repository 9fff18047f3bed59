import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkflowIdConflictPolicy, WorkflowStartOptions } from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  INVOICE_WORKFLOW_TYPE,
  type InvoiceWorkflow,
} from '../../domain/invoices/invoice-workflow-contract.js';
import { hasCustomerEmail } from '../../db/customer-emails/customer-emails.js';
import { findEventFor } from '../../db/webhooks/events.js';
import { markInvoiceWorkflowStarted, type Invoice } from '../../db/invoices/invoices.js';
import { STARTED_ONCE, startOnce, type WorkflowStarter } from '../../platform/temporal/starting.js';
import { ownerAttributes, searchAttributes } from '../../platform/temporal/search-attributes.js';

/** What starting an invoice's workflow needs to know of the invoice. */
export interface InvoiceToStart {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
  number: string | null;
  status: string;
}

/**
 * `invoice-<app>-<number>`, from the API right after issuing or from the sweeper when the API
 * stopped before starting it: started once (USE_EXISTING, REJECT_DUPLICATE).
 */
export function invoiceWorkflowStart(
  invoice: InvoiceToStart,
  taskQueue: string,
  issuedEventId: string | null,
  issuedEmailQueued = false,
): WorkflowStartOptions<InvoiceWorkflow> & { workflowIdConflictPolicy: WorkflowIdConflictPolicy } {
  return {
    workflowId: workflowIds.invoice(invoice.appId, invoice.number!),
    taskQueue,
    args: [
      {
        invoiceId: invoice.id,
        reference: invoice.reference,
        issuedEventId,
        ...(issuedEmailQueued && { issuedEmailQueued }),
      },
    ],
    ...STARTED_ONCE,
    typedSearchAttributes: [
      ...ownerAttributes(invoice),
      { key: searchAttributes.InvoiceStatus, value: invoice.status },
      { key: searchAttributes.InvoiceNumber, value: invoice.number! },
    ],
  };
}
/**
 * Starts `invoice-<app>-<number>` for an invoice issued but whose workflow the API did not get
 * to start, with its `invoice.issued` event (and the customer's email, when one was queued), then
 * marks it started. Idempotent.
 */
export async function startInvoiceWorkflow(
  temporal: WorkflowStarter,
  em: EntityManager,
  invoice: Invoice,
): Promise<void> {
  const issued = (await findEventFor(em, 'invoice', invoice.reference, 'invoice.issued'))?.id ?? null;
  const emailQueued = issued !== null && (await hasCustomerEmail(em, issued));
  await startOnce(() =>
    temporal.client.workflow.start<InvoiceWorkflow>(
      INVOICE_WORKFLOW_TYPE,
      invoiceWorkflowStart(invoice, temporal.taskQueue, issued, emailQueued),
    ),
  );
  await markInvoiceWorkflowStarted(em, invoice.id);
}
