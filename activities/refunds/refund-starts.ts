import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hasCustomerEmail } from '../../db/customer-emails/customer-emails.js';
import { findEventFor } from '../../db/webhooks/events.js';
import { markRefundWorkflowStarted, type Refund } from '../../db/refunds/refunds.js';
import { markInvoiceWorkflowStarted, type Invoice } from '../../db/invoices/invoices.js';
import { invoiceWorkflowStart, refundWorkflowStart } from '../payments/workflow-starts.js';

/** What starts workflows from inside an activity: the worker's client and its task queue. */
export interface WorkflowStarter {
  client: Client;
  taskQueue: string;
}

/** Starting a workflow that already ran to its end is refused, and that is the answer we want. */
export async function startOnce(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/**
 * Starts `refund-<reference>` for a refund already committed, with the events it owes the app,
 * then marks it started so the sweeper leaves it alone. Idempotent: the sweeper and the step
 * that took the refund may both call it.
 */
export async function startRefundWorkflow(
  temporal: WorkflowStarter,
  em: EntityManager,
  taken: { refund: Refund; eventId?: string | null; approvalEventId?: string | null },
): Promise<void> {
  const { refund } = taken;
  const created = taken.eventId ?? (await findEventFor(em, 'refund', refund.reference, 'refund.created'))?.id;
  const required =
    taken.approvalEventId ??
    (await findEventFor(em, 'refund', refund.reference, 'refund.approval_required'))?.id;
  await startOnce(() =>
    temporal.client.workflow.start(
      'refundWorkflow',
      refundWorkflowStart(refund, temporal.taskQueue, created ?? null, required ?? null),
    ),
  );
  await markRefundWorkflowStarted(em, refund.id);
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
    temporal.client.workflow.start(
      'invoiceWorkflow',
      invoiceWorkflowStart(invoice, temporal.taskQueue, issued, emailQueued),
    ),
  );
  await markInvoiceWorkflowStarted(em, invoice.id);
}
