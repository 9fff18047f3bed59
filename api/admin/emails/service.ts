import type { EntityManager } from '@mikro-orm/postgresql';
import { listCustomerEmails, type CustomerEmail } from '../../../db/customer-emails/customer-emails.js';
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
