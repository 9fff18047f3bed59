import { defineSignal } from '@temporalio/workflow';
import { INVOICE_MESSAGES } from '../../domain/invoices/invoice-workflow-contract.js';

/** A payment for the invoice succeeded and was applied to it: the workflow reads where it stands. */
export const invoicePaymentSignal = defineSignal<[{ paymentReference: string }]>(INVOICE_MESSAGES.payment);
/** The invoice was voided: the workflow delivers `invoice.voided` and ends. */
export const invoiceVoidedSignal = defineSignal<[{ voidedEventId: string }]>(INVOICE_MESSAGES.voided);
