import { proxyActivities } from '@temporalio/workflow';
import type { createInvoiceActivities } from '../../activities/invoices/invoice-activities.js';

/** Reading the invoice and recording a notice must eventually succeed: retried for as long as it takes. */
export const readAndNotify = proxyActivities<ReturnType<typeof createInvoiceActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
