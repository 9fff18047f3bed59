import type { EntityManager } from '@mikro-orm/postgresql';
import {
  customerEmailStatus,
  emailQueuedAt,
  findEmailToSend,
  giveUpEmail,
  recordEmailAttempt,
} from '../../db/customer-emails/customer-emails.js';
import type { Orm } from '../../platform/orm/orm.js';
import {
  EMAIL_RETRY,
  statusAfterAttempt,
  type CustomerEmailStatus,
} from '../../domain/customer-emails/customer-emails.js';
import { composeCustomerEmail } from '../../platform/email/compose.js';
import { companyZone } from '../../domain/shared/company-time.js';
import { createMailTransport, type MailSettings } from '../../platform/email/transport.js';

export interface CustomerEmailActivityDeps {
  orm: Orm;
  mail: MailSettings;
  /** COMPANY_TIME_ZONE: the zone the messages and their PDFs print times in (Asia/Dhaka when none). */
  companyTimeZone?: string | undefined;
}

/**
 * One attempt's answer. The SMTP server's refusal is an answer, not an error: an error from this
 * step is our own outage (the database, a document that would not render), retried until it passes.
 */
export type EmailAttemptResult =
  | { outcome: 'SENT'; messageId: string }
  | { outcome: 'RETRY' | 'REJECTED'; error: string }
  | { outcome: 'NO_TRANSPORT' }
  /** Nothing to send: no such message, or it was already SENT, FAILED or SKIPPED. */
  | { outcome: 'SETTLED' };

const NO_TRANSPORT_ERROR = 'NO_TRANSPORT: SMTP_URL is not set, so the message was not sent';

export function createCustomerEmailActivities(deps: CustomerEmailActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const transport = createMailTransport(deps.mail);

  return {
    /** One attempt: renders the message an event owes its customer and hands it to the SMTP server. */
    async attemptCustomerEmail(input: { eventId: string }): Promise<EmailAttemptResult> {
      const message = await findEmailToSend(em(), input.eventId);
      if (!message || message.email.status !== 'QUEUED') return { outcome: 'SETTLED' };
      if (!transport) return { outcome: 'NO_TRANSPORT' };
      return transport.send(await composeCustomerEmail(message, companyZone(deps.companyTimeZone)));
    },

    /**
     * Writes an attempt's answer to the message's log: SENT, still QUEUED with the error, FAILED
     * on a permanent refusal, SKIPPED with no SMTP server. Answers the status it leaves.
     */
    async recordCustomerEmailAttempt(input: {
      eventId: string;
      attempt: number;
      result: EmailAttemptResult;
    }): Promise<CustomerEmailStatus | null> {
      const { result } = input;
      if (result.outcome === 'SETTLED') return customerEmailStatus(em(), input.eventId);
      return recordEmailAttempt(em(), input.eventId, {
        status: statusAfterAttempt(result.outcome),
        // Nothing was tried against a server when there is none.
        attempts: result.outcome === 'NO_TRANSPORT' ? 0 : input.attempt,
        error:
          'error' in result ? result.error : result.outcome === 'NO_TRANSPORT' ? NO_TRANSPORT_ERROR : null,
        messageId: 'messageId' in result ? result.messageId : null,
      });
    },

    /**
     * Until when the message is tried: three days from when its row was queued. A run's input
     * carries its own instant, which is no authority to give a message up early.
     */
    async customerEmailGiveUpAt(input: { eventId: string }): Promise<{ giveUpAt: string | null }> {
      const queuedAt = await emailQueuedAt(em(), input.eventId);
      return {
        giveUpAt: queuedAt ? new Date(queuedAt.getTime() + EMAIL_RETRY.horizonMs).toISOString() : null,
      };
    },

    /** The retries ran out: the message is FAILED, its last error kept. */
    async giveUpCustomerEmail(input: {
      eventId: string;
      attempts: number;
    }): Promise<CustomerEmailStatus | null> {
      return giveUpEmail(
        em(),
        input.eventId,
        `Gave up after ${input.attempts} attempt${input.attempts === 1 ? '' : 's'} over three days without the SMTP server taking the message`,
      );
    },
  };
}
