import type { Client } from '@temporalio/client';
import { startOnce } from '../../platform/temporal/starting.js';
import { DEFERRABLE_START_DEADLINE_MS } from '../workflow-failures.js';
import { invoiceWorkflowStart, type InvoiceToStart } from '../../activities/invoices/invoice-starts.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  INVOICE_MESSAGES,
  INVOICE_WORKFLOW_TYPE,
  type InvoiceWorkflow,
} from '../../domain/invoices/invoice-workflow-contract.js';

/** The API's side of the invoice workflow: start an issued invoice's, tell it of a void. */
export interface InvoiceWorkflows {
  /**
   * Starts an issued invoice's workflow, which delivers `invoice.issued` (and the customer's
   * email when one was queued); starting it again finds the one already running.
   */
  startInvoice(
    invoice: InvoiceToStart,
    issuedEventId: string | null,
    issuedEmailQueued?: boolean,
  ): Promise<void>;
  /** Tells a voided invoice's workflow, which delivers `invoice.voided` and ends. */
  voidInvoice(invoice: InvoiceToStart, voidedEventId: string): Promise<void>;
}

export function createInvoiceWorkflows(client: Client, taskQueue: string): InvoiceWorkflows {
  return {
    async startInvoice(invoice, issuedEventId, issuedEmailQueued = false) {
      // The invoice is committed: past the deadline the sweeper starts it, and the request answers.
      await startOnce(() =>
        client.withDeadline(Date.now() + DEFERRABLE_START_DEADLINE_MS, () =>
          client.workflow.start<InvoiceWorkflow>(
            INVOICE_WORKFLOW_TYPE,
            invoiceWorkflowStart(invoice, taskQueue, issuedEventId, issuedEmailQueued),
          ),
        ),
      );
    },

    async voidInvoice(invoice, voidedEventId) {
      await client.workflow
        .getHandle(workflowIds.invoice(invoice.appId, invoice.number!))
        .signal<[{ voidedEventId: string }]>(INVOICE_MESSAGES.voided, { voidedEventId });
    },
  };
}
