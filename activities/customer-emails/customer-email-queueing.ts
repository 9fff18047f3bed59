import type { EntityManager } from '@mikro-orm/postgresql';
import {
  appEmailSettingsOf,
  hasCustomerEmail,
  insertCustomerEmail,
  type RecordedEvent,
} from '../../db/customer-emails/customer-emails.js';
import {
  customerEmailFor,
  customerEmailSubject,
  mayOweCustomerEmail,
  sendableRecipient,
  type SubjectFacts,
} from '../../domain/customer-emails/customer-emails.js';

/**
 * In the transaction that recorded `event`: queues the email it owes its customer, when the app
 * has that kind switched on and the customer has an address, so the message exists exactly when
 * the change it reports committed. A retried step (the event already existed) queues nothing new
 * and answers whether its first try did. True when the event has a message to send.
 */
export async function queueCustomerEmail(
  tx: EntityManager,
  event: RecordedEvent,
  customerEmail: string | null,
  about: Omit<SubjectFacts, 'kind' | 'mode' | 'appName'> = {},
): Promise<boolean> {
  if (!mayOweCustomerEmail(event.type)) return false;
  if (!event.created) return hasCustomerEmail(tx, event.eventId);
  // Without an address nothing is owed whatever the app's switches say: they are not read.
  if (sendableRecipient(customerEmail) === null) return false;
  const app = await appEmailSettingsOf(tx, event.appId);
  if (!app) return false;
  const owed = customerEmailFor(event.type, app, customerEmail);
  if (!owed) return false;
  const subject = customerEmailSubject({
    ...about,
    kind: owed.kind,
    mode: event.mode,
    appName: app.displayName,
  });
  await insertCustomerEmail(tx, {
    appId: event.appId,
    mode: event.mode,
    kind: owed.kind,
    eventId: event.eventId,
    recipient: owed.recipient,
    subject,
  });
  return true;
}
