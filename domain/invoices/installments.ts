import { companyMidnightOf } from '../shared/company-day.js';

/**
 * Installment plans: how an invoice's total is split over due dates, how a payment is applied to
 * them, and when each falls due. Pure; due dates are calendar dates in the company's time zone
 * (COMPANY_TIME_ZONE, an argument here), whose midnight ends an installment's due day.
 */

export const PLAN_INTERVALS = ['DAY', 'WEEK', 'MONTH'] as const;
export type PlanInterval = (typeof PLAN_INTERVALS)[number];

export const MAX_INSTALLMENTS = 120;

export type PlanRequest =
  /** `count` installments, the first on the invoice's due date, then one every `every` intervals. */
  | { count: number; interval: PlanInterval; every?: number }
  /** Explicit amounts and dates; the amounts sum exactly to the total. */
  | { schedule: Array<{ amountMinor: number; dueDate: string }> };

export interface PlannedInstallment {
  /** 1-based, in due order. */
  sequence: number;
  amountMinor: number;
  dueDate: string;
}

export class InstallmentPlanError extends Error {
  constructor(
    readonly code:
      | 'INSTALLMENTS_DO_NOT_SUM'
      | 'INSTALLMENT_DATES_NOT_ASCENDING'
      | 'TOO_MANY_INSTALLMENTS'
      | 'INVOICE_OVERPAYMENT',
    message: string,
  ) {
    super(message);
    this.name = 'InstallmentPlanError';
  }
}

/**
 * `total` in `count` parts that differ by at most one minor unit; the first `total mod count`
 * installments carry the extra unit, so the split always sums exactly to the total.
 */
export function splitEvenly(totalMinor: number, count: number): number[] {
  const base = Math.floor(totalMinor / count);
  const extra = totalMinor - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD, in years 1 to 9999 (what PostgreSQL stores). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const format = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * The date `n` intervals after `date`. Months keep the day of the month where the month has it
 * and otherwise take its last day (31 January, then 28 or 29 February, then 31 March).
 */
export function addIntervals(date: string, interval: PlanInterval, n: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  if (interval === 'MONTH') {
    const index = year * 12 + (month - 1) + n;
    const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
    return format(y, m, Math.min(day, daysInMonth(y, m)));
  }
  const days = interval === 'WEEK' ? 7 * n : n;
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** The installments of an invoice: one for the whole total on `dueDate` when there is no plan. */
export function planInstallments(
  totalMinor: number,
  dueDate: string,
  plan: PlanRequest | null,
): PlannedInstallment[] {
  if (!plan) return [{ sequence: 1, amountMinor: totalMinor, dueDate }];
  if ('schedule' in plan) {
    const sum = plan.schedule.reduce((total, part) => total + part.amountMinor, 0);
    if (sum !== totalMinor) {
      throw new InstallmentPlanError(
        'INSTALLMENTS_DO_NOT_SUM',
        `The installments sum to ${sum}, not the invoice's total of ${totalMinor}`,
      );
    }
    plan.schedule.forEach((part, i) => {
      if (i > 0 && part.dueDate <= plan.schedule[i - 1]!.dueDate) {
        throw new InstallmentPlanError(
          'INSTALLMENT_DATES_NOT_ASCENDING',
          'Each installment falls due after the one before it',
        );
      }
    });
    return plan.schedule.map((part, i) => ({ sequence: i + 1, ...part }));
  }
  if (plan.count > totalMinor) {
    throw new InstallmentPlanError(
      'TOO_MANY_INSTALLMENTS',
      `${plan.count} installments would leave some with nothing to pay`,
    );
  }
  const every = plan.every ?? 1;
  return splitEvenly(totalMinor, plan.count).map((amountMinor, i) => ({
    sequence: i + 1,
    amountMinor,
    dueDate: addIntervals(dueDate, plan.interval, i * every),
  }));
}

export interface InstallmentBalance {
  amountMinor: number;
  paidMinor: number;
}

/**
 * Applies a payment to the installments in due order: each takes what it still lacks, oldest
 * first. Returns every installment's paid amount after it. More than the invoice still lacks is
 * refused: the caller admitted the payment against what was outstanding.
 */
export function applyPayment(installments: InstallmentBalance[], amountMinor: number): number[] {
  let left = amountMinor;
  const paid = installments.map((installment) => {
    const takes = Math.min(left, installment.amountMinor - installment.paidMinor);
    left -= takes;
    return installment.paidMinor + takes;
  });
  if (left > 0) {
    throw new InstallmentPlanError('INVOICE_OVERPAYMENT', 'The payment is more than the invoice lacks');
  }
  return paid;
}

/** The first installment not yet paid in full: what a customer pays now. */
export function currentInstallment<T extends InstallmentBalance>(installments: T[]): T | null {
  return installments.find((installment) => installment.paidMinor < installment.amountMinor) ?? null;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The calendar date `days` after `date` (YYYY-MM-DD; negative: before). */
const datePlusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The instant an installment due on `date` becomes overdue: the end of that day in the company's
 * time zone (COMPANY_TIME_ZONE; Asia/Dhaka when none is named, as for invoices planned before
 * the zone was part of their schedule).
 */
export function overdueAt(date: string, companyTimeZone: string | undefined): Date {
  return companyMidnightOf(datePlusDays(date, 1), companyTimeZone);
}

/** When the customer is reminded: 09:00 in the company's time zone, `daysBefore` days before the due date. */
export function reminderAt(date: string, daysBefore: number, companyTimeZone: string | undefined): Date {
  const day = companyMidnightOf(datePlusDays(date, -daysBefore), companyTimeZone);
  return new Date(day.getTime() + 9 * HOUR_MS);
}

/** Today's date in Bangladesh, for defaults and for "is this date in the past". */
export function bangladeshDate(now: Date): string {
  return new Date(now.getTime() + 6 * HOUR_MS).toISOString().slice(0, 10);
}
