import type { InvoiceStatus } from './invoices.js';

/**
 * What the invoice workflow is started with and told, shared by the workflow code and the modules
 * that start and message it: it is started by its type's name and typed by its input; the
 * definitions it registers are built from these names (workflows/invoices/messages.ts).
 */
export const INVOICE_WORKFLOW_TYPE = 'invoiceWorkflow';

/** The invoice workflow's messages, by name. */
export const INVOICE_MESSAGES = {
  payment: 'invoicePayment',
  voided: 'invoiceVoided',
} as const;

export interface InvoiceWorkflowInput {
  invoiceId: number;
  reference: string;
  /** `invoice.issued`, delivered as the workflow starts; null in a continued run. */
  issuedEventId: string | null;
  /** `invoice.issued` owes the customer an email, started with its delivery (absent: it owes none). */
  issuedEmailQueued?: boolean;
}

/** `invoice-<app>-<number>`: one issued invoice, until it is paid, voided or overdue. */
export type InvoiceWorkflow = (input: InvoiceWorkflowInput) => Promise<{ status: InvoiceStatus }>;
