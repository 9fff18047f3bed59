import { bangladeshDate } from '../../domain/invoices/installments.js';
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

/** The day an instant falls on in Bangladesh, where the service's customers are. */
export function bangladeshDay(instant: Date): string {
  return calendarDate(bangladeshDate(instant));
}

/** "31 Mar 2025, 14:05 (Bangladesh time)". */
export function bangladeshDateTime(instant: Date): string {
  const clock = new Date(instant.getTime() + 6 * 3_600_000).toISOString().slice(11, 16);
  return `${bangladeshDay(instant)}, ${clock} (Bangladesh time)`;
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
