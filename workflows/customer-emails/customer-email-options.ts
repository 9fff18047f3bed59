import { proxyActivities } from '@temporalio/workflow';
import type { createCustomerEmailActivities } from '../../activities/customer-emails/customer-email-activities.js';

type CustomerEmailActivities = ReturnType<typeof createCustomerEmailActivities>;

/**
 * Rendering (a PDF included) and one SMTP conversation with bounded waits. The server's refusal
 * is an answer; an error is our own outage, retried until it passes.
 */
export const sendEmail = proxyActivities<CustomerEmailActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The message's log must eventually say what happened: retried for as long as it takes. */
export const recordEmail = proxyActivities<CustomerEmailActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
