import { clockInZone, dateInZone } from '../../domain/shared/company-time.js';
import { formatMoney, isCurrency } from '../../domain/shared/money.js';

/** How documents print amounts, dates and rates; computation stays in integer minor units elsewhere. */

/** "1,234.50 BDT" for a currency the service knows, which every stored amount's currency is. */
export function money(amountMinor: number, currency: string): string {
  if (!isCurrency(currency)) throw new RangeError(`no formatting for currency ${currency}`);
  return formatMoney(amountMinor, currency);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar date 'YYYY-MM-DD' as "31 Mar 2025". */
export function calendarDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** The day an instant falls on in `zone`, the company's time zone (COMPANY_TIME_ZONE). */
export function dayInZone(instant: Date, zone: string): string {
  return calendarDate(dateInZone(instant, zone));
}

/** "31 Mar 2025, 14:05 (Asia/Dhaka)": an instant in the company's time zone, named. */
export function dateTimeInZone(instant: Date, zone: string): string {
  return `${dayInZone(instant, zone)}, ${clockInZone(instant, zone)} (${zone})`;
}

/** 1500 basis points as "15%", 1250 as "12.5%". */
export function percent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? '.' + fraction : ''}%`;
}

/**
 * Text kept to at most `max` lines: lines past the last are run on after it, separated by " · ".
 * Typed line breaks are kept where they fit, and no field can push its block off the page.
 */
export function compactLines(text: string, max: number): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return [...lines.slice(0, max - 1), lines.slice(max - 1).join(' · ')].filter(Boolean).join('\n');
}
