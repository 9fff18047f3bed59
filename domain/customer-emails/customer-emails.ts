import { formatMoney, isCurrency } from '../shared/money.js';
import type { Mode } from '../shared/mode.js';

/**
 * Emails to an app's customers: which outbox event owes one, what its subject says, and how a
 * sending attempt's answer moves it. One message per event, so a retried step never sends twice.
 */

export const CUSTOMER_EMAIL_KINDS = [
  'invoice_issued',
  'installment_due',
  'installment_overdue',
  'payment_receipt',
] as const;
export type CustomerEmailKind = (typeof CUSTOMER_EMAIL_KINDS)[number];

/**
 * QUEUED until the SMTP server takes the message (SENT); FAILED when it refuses it for good or the
 * retries run out; SKIPPED when the service has no SMTP server to send through.
 */
export const CUSTOMER_EMAIL_STATUSES = ['QUEUED', 'SENT', 'FAILED', 'SKIPPED'] as const;
export type CustomerEmailStatus = (typeof CUSTOMER_EMAIL_STATUSES)[number];

const KIND_OF_EVENT = new Map<string, CustomerEmailKind>([
  ['invoice.issued', 'invoice_issued'],
  ['invoice.installment_due', 'installment_due'],
  ['invoice.installment_overdue', 'installment_overdue'],
  ['payment.succeeded', 'payment_receipt'],
]);

/** Whether an event of this type can owe its customer an email at all. */
export function mayOweCustomerEmail(eventType: string): boolean {
  return KIND_OF_EVENT.has(eventType);
}

/** The app's switches: receipts of settled payments, and invoice messages (issued, due, overdue). */
export interface AppEmailSettings {
  receiptsEnabled: boolean;
  invoiceEmailsEnabled: boolean;
}

const MAX_ADDRESS_LENGTH = 254;
/** Characters that would end an address, start a second one, or reach an SMTP command or header. */
const ADDRESS_TEXT = /^[^\s@",;<>()[\]\\\p{Cc}]+$/u;

/** One plain address (`local@domain.tld`) and nothing else: no display name, no second recipient. */
export function isSendableAddress(address: string): boolean {
  const at = address.indexOf('@');
  if (address.length > MAX_ADDRESS_LENGTH || at <= 0 || at !== address.lastIndexOf('@')) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return ADDRESS_TEXT.test(local) && ADDRESS_TEXT.test(domain) && /^[^.]+(\.[^.]+)+$/.test(domain);
}

/**
 * The email an event owes its customer, or null: the app must have switched that kind on and the
 * customer must have an address a message can go to.
 */
export function customerEmailFor(
  eventType: string,
  settings: AppEmailSettings,
  customerEmail: string | null,
): { kind: CustomerEmailKind; recipient: string } | null {
  const kind = KIND_OF_EVENT.get(eventType);
  if (!kind) return null;
  const enabled = kind === 'payment_receipt' ? settings.receiptsEnabled : settings.invoiceEmailsEnabled;
  const recipient = sendableRecipient(customerEmail);
  if (!enabled || recipient === null) return null;
  return { kind, recipient };
}

/** The customer's address as a message would be sent to it, or null when there is none to write to. */
export function sendableRecipient(customerEmail: string | null): string | null {
  const recipient = customerEmail?.trim() ?? '';
  return isSendableAddress(recipient) ? recipient : null;
}

/** What a subject names: the app, and the invoice or the amount the message is about. */
export interface SubjectFacts {
  kind: CustomerEmailKind;
  mode: Mode;
  appName: string;
  invoiceNumber?: string | null;
  installment?: number | null;
  amountMinor?: number | null;
  currency?: string | null;
}

const MAX_SUBJECT_LENGTH = 200;

/** Header text on one line: control characters (line breaks included) become spaces. */
function oneLine(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The subject line. A TEST-mode message says so first, so nobody mistakes it for a real bill or
 * a real receipt.
 */
export function customerEmailSubject(facts: SubjectFacts): string {
  const app = oneLine(facts.appName) || 'Your payment service';
  const invoice = oneLine(facts.invoiceNumber ?? '') || 'your invoice';
  const installment = facts.installment ? `installment ${facts.installment} of ` : '';
  const amount =
    facts.amountMinor != null && facts.currency && isCurrency(facts.currency)
      ? formatMoney(facts.amountMinor, facts.currency)
      : null;
  const subjects: Record<CustomerEmailKind, string> = {
    invoice_issued: `Invoice ${invoice} from ${app}`,
    installment_due: `Reminder: ${installment}invoice ${invoice} from ${app} is due`,
    installment_overdue: `Overdue: ${installment}invoice ${invoice} from ${app}`,
    payment_receipt: amount ? `Your receipt from ${app}: ${amount}` : `Your receipt from ${app}`,
  };
  const subject = `${facts.mode === 'TEST' ? '[TEST] ' : ''}${subjects[facts.kind]}`;
  return subject.length > MAX_SUBJECT_LENGTH ? `${subject.slice(0, MAX_SUBJECT_LENGTH - 1)}…` : subject;
}

/** How a sending attempt ended, as the message's workflow and its log see it. */
export type EmailAttemptOutcome = 'SENT' | 'RETRY' | 'REJECTED' | 'NO_TRANSPORT';

/** What a failed attempt means: try again later, or never. */
export type SendFailure = 'PERMANENT' | 'TRANSIENT';

/**
 * RFC 5321: a 5yz reply refuses the message for good, except 503 (commands out of sequence),
 * which says the session went wrong rather than the message. A message refused before it reached
 * a server (its envelope has no valid recipient) will never go either. Everything else (no
 * connection, a timeout, a 4yz reply, our own credentials refused) may pass later.
 */
export function judgeSendFailure(failure: { responseCode: number | null; code: string | null }): SendFailure {
  const { responseCode, code } = failure;
  if (responseCode !== null) {
    return responseCode >= 500 && responseCode < 600 && responseCode !== 503 ? 'PERMANENT' : 'TRANSIENT';
  }
  return code === 'EENVELOPE' ? 'PERMANENT' : 'TRANSIENT';
}

/** Where an attempt leaves the message. */
export function statusAfterAttempt(outcome: EmailAttemptOutcome): CustomerEmailStatus {
  const statuses: Record<EmailAttemptOutcome, CustomerEmailStatus> = {
    SENT: 'SENT',
    RETRY: 'QUEUED',
    REJECTED: 'FAILED',
    NO_TRANSPORT: 'SKIPPED',
  };
  return statuses[outcome];
}

/**
 * Retrying a message the server could not take yet: 5 s after the first failure, doubling to at
 * most 10 minutes apart, for three days (as long as a webhook is retried), then FAILED.
 */
export const EMAIL_RETRY = {
  firstDelayMs: 5_000,
  maxDelayMs: 10 * 60_000,
  horizonMs: 3 * 24 * 60 * 60_000,
} as const;

/** The wait after `failedAttempts` failures in a row (1 or more). */
export function emailRetryDelayMs(failedAttempts: number): number {
  const doublings = Math.min(Math.max(failedAttempts, 1) - 1, 30);
  return Math.min(EMAIL_RETRY.firstDelayMs * 2 ** doublings, EMAIL_RETRY.maxDelayMs);
}
