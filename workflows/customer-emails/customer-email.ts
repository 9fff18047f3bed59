import { continueAsNew, sleep, workflowInfo } from '@temporalio/workflow';
import {
  EMAIL_RETRY,
  emailRetryDelayMs,
  type CustomerEmailStatus,
} from '../../domain/customer-emails/customer-emails.js';
import type { CustomerEmailWorkflowInput } from '../../domain/customer-emails/customer-email-workflow-contract.js';
import { recordEmail, sendEmail } from './customer-email-options.js';

/** Attempts made in one run before it continues as new, so three days of retries keep a short history. */
const ATTEMPTS_PER_RUN = 100;

/**
 * One workflow per customer email (`email-<eventId>`): renders the message and hands it to the
 * SMTP server; a server that cannot take it yet (no connection, a 4xx reply) is tried again 5 s
 * later, then at doubling intervals of at most 10 minutes, for three days. Each attempt's answer
 * is written to the message's row before the next. A permanent refusal (5xx) ends it FAILED at
 * once, and so does the end of the three days.
 */
export async function customerEmailWorkflow(
  input: CustomerEmailWorkflowInput,
): Promise<CustomerEmailStatus | null> {
  // A message is given up three days after its row was queued, not at an instant the input
  // carries: a run started with an early one cannot fail a message.
  const giveUpAt =
    (await recordEmail.customerEmailGiveUpAt({ eventId: input.eventId })).giveUpAt ??
    input.giveUpAt ??
    new Date(Date.now() + EMAIL_RETRY.horizonMs).toISOString();
  let attempts = input.attemptsMade ?? 0;
  for (let inThisRun = 0; ; inThisRun++) {
    if (inThisRun >= ATTEMPTS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof customerEmailWorkflow>({
        eventId: input.eventId,
        attemptsMade: attempts,
        giveUpAt,
      });
    }
    attempts += 1;
    const result = await sendEmail.attemptCustomerEmail({ eventId: input.eventId });
    const status = await recordEmail.recordCustomerEmailAttempt({
      eventId: input.eventId,
      attempt: attempts,
      result,
    });
    if (status !== 'QUEUED') return status;
    const wait = emailRetryDelayMs(attempts);
    if (Date.now() + wait > Date.parse(giveUpAt)) {
      return recordEmail.giveUpCustomerEmail({ eventId: input.eventId, attempts });
    }
    await sleep(wait);
  }
}
