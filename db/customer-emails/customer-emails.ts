import type { EntityManager } from '@mikro-orm/postgresql';
import type { CustomerEmailKind, CustomerEmailStatus } from '../../domain/customer-emails/customer-emails.js';
import type { Mode } from '../../domain/shared/mode.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';

/** Emails to apps' customers: queued with their event, sent by their workflow, logged here. */

export interface CustomerEmail {
  id: number;
  appId: number;
  mode: Mode;
  kind: CustomerEmailKind;
  eventId: string;
  recipient: string;
  subject: string;
  status: CustomerEmailStatus;
  attempts: number;
  lastError: string | null;
  smtpMessageId: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  sentAt: Date | null;
}

const COLUMNS = `ce.id, ce.app_id, ce.mode, ce.kind, ce.event_id, ce.recipient, ce.subject, ce.status, ce.attempts,
  ce.last_error, ce.smtp_message_id, ce.created_at, ce.last_attempt_at, ce.sent_at`;

function emailFromRow(row: Row): CustomerEmail {
  return {
    id: Number(row.id),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    kind: row.kind as CustomerEmailKind,
    eventId: String(row.event_id),
    recipient: String(row.recipient),
    subject: String(row.subject),
    status: row.status as CustomerEmailStatus,
    attempts: Number(row.attempts),
    lastError: text(row.last_error),
    smtpMessageId: text(row.smtp_message_id),
    createdAt: instant(row.created_at)!,
    lastAttemptAt: instant(row.last_attempt_at),
    sentAt: instant(row.sent_at),
  };
}

/** An event just recorded in the caller's transaction (`recordEvent`'s answer, with the event's facts). */
export interface RecordedEvent {
  eventId: string;
  /** False when a retried step found the event its first try recorded. */
  created: boolean;
  type: string;
  appId: number;
  mode: Mode;
}

/** What an app switched on for its customers' emails, and the name its messages carry; null when it is gone. */
export async function appEmailSettingsOf(
  tx: EntityManager,
  appId: number,
): Promise<{ displayName: string; receiptsEnabled: boolean; invoiceEmailsEnabled: boolean } | null> {
  const [app] = await tx.execute<
    Array<{ display_name: string; receipts_enabled: boolean; invoice_emails_enabled: boolean }>
  >('select display_name, receipts_enabled, invoice_emails_enabled from apps where id = ?', [appId]);
  return app
    ? {
        displayName: app.display_name,
        receiptsEnabled: app.receipts_enabled,
        invoiceEmailsEnabled: app.invoice_emails_enabled,
      }
    : null;
}

/** Stores the message an event owes, in the caller's transaction; at most one per event. */
export async function insertCustomerEmail(
  tx: EntityManager,
  email: Pick<CustomerEmail, 'appId' | 'mode' | 'kind' | 'eventId' | 'recipient' | 'subject'>,
): Promise<void> {
  await tx.execute(
    `insert into customer_emails (app_id, mode, kind, event_id, recipient, subject) values (?, ?, ?, ?, ?, ?)
     on conflict (event_id) do nothing`,
    [email.appId, email.mode, email.kind, email.eventId, email.recipient, email.subject],
  );
}

export async function hasCustomerEmail(em: EntityManager, eventId: string): Promise<boolean> {
  const rows = await em.execute<Array<{ id: string }>>('select id from customer_emails where event_id = ?', [
    eventId,
  ]);
  return rows.length > 0;
}

/** What the app looks like to its customers: the name, colour and logo a message carries. */
export interface AppBrand {
  displayName: string;
  brandColor: string | null;
  logoUrl: string | null;
}

/** Everything one message is made of: its row, the event it reports, and the app's brand. */
export interface EmailToSend {
  email: CustomerEmail;
  /** The event's `data`: the invoice or the payment as the event reported it. */
  data: Record<string, unknown>;
  brand: AppBrand;
  /** For a receipt of a payment that paid an invoice: the invoice as that payment left it. */
  paidInvoice: { number: string | null; outstandingMinor: number } | null;
}

/** The message an event owes, with what rendering it needs (two round trips for a receipt, one otherwise). */
export async function findEmailToSend(em: EntityManager, eventId: string): Promise<EmailToSend | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS}, e.payload, e.source_id, a.display_name, a.brand_color, a.logo_url
       from customer_emails ce join events e on e.id = ce.event_id join apps a on a.id = ce.app_id
      where ce.event_id = ?`,
    [eventId],
  );
  if (!row) return null;
  const email = emailFromRow(row);
  const payload = json<{ data?: Record<string, unknown> }>(row.payload);
  return {
    email,
    data: payload.data ?? {},
    brand: {
      displayName: String(row.display_name),
      brandColor: text(row.brand_color),
      logoUrl: text(row.logo_url),
    },
    paidInvoice: email.kind === 'payment_receipt' ? await paidInvoice(em, String(row.source_id)) : null,
  };
}

/** The invoice a payment paid, as the event its transaction recorded describes it. */
async function paidInvoice(em: EntityManager, paymentReference: string): Promise<EmailToSend['paidInvoice']> {
  const [row] = await em.execute<Row[]>(
    `select payload from events where source_type = 'invoice_payment' and source_id = ?
      order by created_at, id limit 1`,
    [paymentReference],
  );
  if (!row) return null;
  const data = json<{ data?: { number?: string | null; totals?: { outstandingMinor?: number } } }>(
    row.payload,
  ).data;
  return { number: data?.number ?? null, outstandingMinor: Number(data?.totals?.outstandingMinor ?? 0) };
}

/**
 * Records one attempt's answer on a message still QUEUED, once: a retried bookkeeping step finds
 * it already recorded. Answers the message's status afterwards (null: no such message).
 */
export async function recordEmailAttempt(
  em: EntityManager,
  eventId: string,
  attempt: { attempts: number; status: CustomerEmailStatus; error: string | null; messageId: string | null },
): Promise<CustomerEmailStatus | null> {
  const [moved] = await em.execute<Array<{ status: CustomerEmailStatus }>>(
    `update customer_emails set status = ?, attempts = greatest(attempts, ?), last_error = coalesce(?, last_error),
       smtp_message_id = coalesce(?, smtp_message_id), last_attempt_at = now(),
       sent_at = case when ? = 'SENT' then now() else sent_at end
     where event_id = ? and status = 'QUEUED' returning status`,
    [attempt.status, attempt.attempts, attempt.error, attempt.messageId, attempt.status, eventId],
  );
  return moved?.status ?? customerEmailStatus(em, eventId);
}

/** Ends a message that could not be sent in time: FAILED, saying why, after its last error. */
export async function giveUpEmail(
  em: EntityManager,
  eventId: string,
  reason: string,
): Promise<CustomerEmailStatus | null> {
  const [moved] = await em.execute<Array<{ status: CustomerEmailStatus }>>(
    `update customer_emails set status = 'FAILED', last_error = ? || coalesce(' (last error: ' || last_error || ')', '')
     where event_id = ? and status = 'QUEUED' returning status`,
    [reason, eventId],
  );
  return moved?.status ?? customerEmailStatus(em, eventId);
}

/** Which of these event ids are customers' emails' (the log's), the rest being none of theirs. */
export async function customerEmailEventIds(em: EntityManager, eventIds: string[]): Promise<Set<string>> {
  if (!eventIds.length) return new Set();
  const rows = await executePrepared<{ event_id: string }>(
    em,
    'select event_id from customer_emails where event_id = any(?::text[])',
    [eventIds],
  );
  return new Set(rows.map((row) => row.event_id));
}

/** When the event's message was queued; null when the event owes none. */
export async function emailQueuedAt(em: EntityManager, eventId: string): Promise<Date | null> {
  const [row] = await em.execute<Array<{ created_at: Date | string }>>(
    'select created_at from customer_emails where event_id = ?',
    [eventId],
  );
  return row ? new Date(row.created_at) : null;
}

/** A message's status; null when the event owes no message. */
export async function customerEmailStatus(
  em: EntityManager,
  eventId: string,
): Promise<CustomerEmailStatus | null> {
  const [row] = await em.execute<Array<{ status: CustomerEmailStatus }>>(
    'select status from customer_emails where event_id = ?',
    [eventId],
  );
  return row?.status ?? null;
}

/**
 * Messages still QUEUED that no workflow is seen working on: never attempted `settleSeconds` after
 * they were queued (the step that queued them stopped before starting their workflow), or not
 * attempted for `silentSeconds`, far longer than the longest wait between two attempts (their
 * workflow was terminated). Starting one whose workflow runs already is harmless.
 */
export async function emailsAwaitingWorkflow(
  em: EntityManager,
  input: { settleSeconds: number; silentSeconds: number; limit: number },
): Promise<Array<{ eventId: string; appId: number; mode: Mode; createdAt: Date; attempts: number }>> {
  const rows = await em.execute<Row[]>(
    `select event_id, app_id, mode, created_at, attempts from customer_emails
      where status = 'QUEUED'
        and (attempts = 0 and created_at <= now() - make_interval(secs => ?)
             or last_attempt_at <= now() - make_interval(secs => ?))
      order by created_at, id limit ?`,
    [input.settleSeconds, input.silentSeconds, input.limit],
  );
  return rows.map((row) => ({
    eventId: String(row.event_id),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    createdAt: instant(row.created_at)!,
    attempts: Number(row.attempts),
  }));
}

export interface CustomerEmailFilters {
  appId?: number;
  mode?: Mode;
  status?: CustomerEmailStatus;
  kind?: CustomerEmailKind;
  page: number;
  size: number;
}

/** The message log for operators, newest first, each with its app's name. */
export async function listCustomerEmails(
  em: EntityManager,
  filters: CustomerEmailFilters,
): Promise<{ items: Array<CustomerEmail & { appName: string }>; total: number }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['ce.app_id', filters.appId],
    ['ce.mode', filters.mode],
    ['ce.status', filters.status],
    ['ce.kind', filters.kind],
  ] as const) {
    if (value === undefined) continue;
    conditions.push(`${column} = ?`);
    params.push(value);
  }
  const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from customer_emails ce ${where}`,
    params,
  );
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS}, a.name as app_name from customer_emails ce join apps a on a.id = ce.app_id ${where}
      order by ce.created_at desc, ce.id desc limit ? offset ?`,
    [...params, filters.size, (filters.page - 1) * filters.size],
  );
  return {
    items: rows.map((row) => ({ ...emailFromRow(row), appName: String(row.app_name) })),
    total: Number(counted?.total ?? 0),
  };
}
