import {
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { nextInvoiceStep } from '../../domain/invoices/invoice-schedule.js';
import type { InvoiceStatus } from '../../domain/invoices/invoices.js';
import { startCustomerEmail, startDelivery } from '../webhooks/delivery.js';
import { invoicePaymentSignal, invoiceVoidedSignal } from './messages.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';
import type { InvoiceWorkflowInput } from '../../domain/invoices/invoice-workflow-contract.js';
import { readAndNotify } from './invoice-options.js';

/** Steps taken in one run before it continues as new, so a plan of many installments keeps a short history. */
const STEPS_PER_RUN = 100;

/**
 * One workflow per issued invoice (`invoice-<app>-<number>`): for each installment it waits until
 * its reminder time and sends `invoice.installment_due`, then until the end of its due day and, if
 * it is still unpaid, sends `invoice.installment_overdue` (and keeps waiting for the payment).
 * Payments reach it as a message from the payment's workflow, a void as a message from the API;
 * it never polls the database, it only reads the invoice when it wakes. It ends when the invoice
 * is PAID (the payment's transaction sent `invoice.paid`) or VOID.
 */
export async function invoiceWorkflow(input: InvoiceWorkflowInput): Promise<{ status: InvoiceStatus }> {
  let woken = false;
  let voidedEventId: string | null = null;
  setHandler(invoicePaymentSignal, () => {
    woken = true;
  });
  setHandler(invoiceVoidedSignal, ({ voidedEventId: eventId }) => {
    voidedEventId = eventId;
    woken = true;
  });
  if (input.issuedEventId) {
    await startDelivery(input.issuedEventId);
    if (input.issuedEmailQueued) await startCustomerEmail(input.issuedEventId);
  }

  let status: InvoiceStatus | null = null;
  for (let steps = 0; ; steps++) {
    if (steps >= STEPS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof invoiceWorkflow>({ ...input, issuedEventId: null });
    }
    woken = false;
    const schedule = await readAndNotify.invoiceSchedule({ invoiceId: input.invoiceId });
    if (schedule.status !== status) {
      status = schedule.status;
      upsertSearchAttributes([{ key: searchAttributes.InvoiceStatus, value: status }]);
    }
    const step = nextInvoiceStep(schedule, Date.now());
    if (step.kind === 'END') {
      if (voidedEventId) await startDelivery(voidedEventId);
      return { status: step.status };
    }
    if (step.kind === 'REMIND' || step.kind === 'OVERDUE') {
      const notice = await readAndNotify.sendInstallmentNotice({
        invoiceId: input.invoiceId,
        sequence: step.sequence,
        notice: step.kind === 'REMIND' ? 'DUE' : 'OVERDUE',
      });
      await startDelivery(notice.eventId);
      if (notice.emailQueued) await startCustomerEmail(notice.eventId);
      continue;
    }
    if (step.untilMs === null) await condition(() => woken);
    else await condition(() => woken, Math.max(1, step.untilMs - Date.now()));
  }
}
