import { overdueAt, reminderAt } from './installments.js';
import { PAYABLE_INVOICE_STATUSES, type InvoiceStatus } from './invoices.js';

/**
 * What an issued invoice's workflow does next, decided from the invoice as stored and the time.
 * Pure and deterministic: the workflow calls it with workflow time, the tests with any time.
 *
 * Every unpaid installment gets its reminder (`invoice.installment_due`) once its reminder time
 * has come, then its overdue notice (`invoice.installment_overdue`) once the end of its due day has
 * passed, each once and in that order; between them the workflow sleeps until the next such time
 * or a message. An invoice PAID or VOID has nothing left to schedule.
 */

export interface ScheduledInstallment {
  sequence: number;
  amountMinor: number;
  paidMinor: number;
  dueDate: string;
  reminded: boolean;
  overdueNoticeSent: boolean;
}

export interface InvoiceSchedule {
  status: InvoiceStatus;
  /**
   * The company's time zone (COMPANY_TIME_ZONE) the due dates are days of. Absent from schedules
   * read before it was part of them (a workflow's history replays those): Asia/Dhaka.
   */
  companyTimeZone?: string | undefined;
  /** Days before each due date the customer is reminded (the app's setting). */
  reminderDays: number;
  installments: ScheduledInstallment[];
}

export type InvoiceStep =
  | { kind: 'END'; status: InvoiceStatus }
  | { kind: 'REMIND'; sequence: number }
  | { kind: 'OVERDUE'; sequence: number }
  /** Sleep until `untilMs` (epoch ms) or a message; null: only a message can change anything. */
  | { kind: 'WAIT'; untilMs: number | null };

export function nextInvoiceStep(schedule: InvoiceSchedule, nowMs: number): InvoiceStep {
  if (!PAYABLE_INVOICE_STATUSES.includes(schedule.status)) return { kind: 'END', status: schedule.status };
  let nextMs: number | null = null;
  const later = (ms: number) => {
    nextMs = nextMs === null ? ms : Math.min(nextMs, ms);
  };
  for (const installment of schedule.installments) {
    if (installment.paidMinor >= installment.amountMinor) continue;
    const remindMs = reminderAt(
      installment.dueDate,
      schedule.reminderDays,
      schedule.companyTimeZone,
    ).getTime();
    const overdueMs = overdueAt(installment.dueDate, schedule.companyTimeZone).getTime();
    if (!installment.reminded) {
      if (remindMs <= nowMs) return { kind: 'REMIND', sequence: installment.sequence };
      later(remindMs);
      continue;
    }
    if (!installment.overdueNoticeSent) {
      if (overdueMs <= nowMs) return { kind: 'OVERDUE', sequence: installment.sequence };
      later(overdueMs);
    }
  }
  return { kind: 'WAIT', untilMs: nextMs };
}
