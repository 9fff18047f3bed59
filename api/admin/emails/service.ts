import type { EntityManager } from '@mikro-orm/postgresql';
import {
  customerEmailEventIds,
  listCustomerEmails,
  type CustomerEmail,
} from '../../../db/customer-emails/customer-emails.js';
import { keyOfMessageId } from '../../../platform/email/transport.js';
import type { RouteDeps } from '../../deps.js';
import type { EmailLogQuery } from './schemas.js';

/** The message log as the JSON API and the dashboard both show it. */

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function customerEmailView(email: CustomerEmail & { appName: string }) {
  return {
    id: email.id,
    appId: email.appId,
    appName: email.appName,
    mode: email.mode,
    kind: email.kind,
    eventId: email.eventId,
    recipient: email.recipient,
    subject: email.subject,
    status: email.status,
    attempts: email.attempts,
    lastError: email.lastError,
    smtpMessageId: email.smtpMessageId,
    createdAt: email.createdAt.toISOString(),
    lastAttemptAt: iso(email.lastAttemptAt),
    sentAt: iso(email.sentAt),
  };
}

export type CustomerEmailView = ReturnType<typeof customerEmailView>;

export async function emailLog(deps: RouteDeps, query: EmailLogQuery) {
  const result = await listCustomerEmails(deps.orm.em.fork() as EntityManager, query);
  return { items: result.items.map(customerEmailView), total: result.total };
}

/**
 * The inbox's messages that are customers' emails, in their order: each names, in its Message-ID,
 * the event of a message in the log. Everything else the catcher holds (an operator's
 * password-reset link, a message of unknown origin) is left out, whoever reads the inbox.
 */
export async function customersMessages<M extends { messageId: string | null }>(
  em: EntityManager,
  messages: M[],
): Promise<M[]> {
  const keys = messages.map((message) => keyOfMessageId(message.messageId));
  const customers = await customerEmailEventIds(
    em,
    keys.filter((key): key is string => key !== null),
  );
  return messages.filter((_, index) => customers.has(keys[index] ?? ''));
}
