import { companyZone, dateInZone } from '../shared/company-time.js';
import { isCurrency, toDecimalString } from '../shared/money.js';

/** How a report's and an export's cells read: amounts as decimals, instants in ISO, days in the company's zone. */

/** An amount in minor units as the currency's decimal ("-12.50"); the minor units when unknown. */
export function decimal(amountMinor: number, currency: string): string {
  return isCurrency(currency) ? toDecimalString(amountMinor, currency) : String(amountMinor);
}

export const isoTime = (at: Date | null | undefined) => at?.toISOString() ?? null;

/**
 * The calendar day an instant falls on in the company's time zone (COMPANY_TIME_ZONE;
 * YYYY-MM-DD), as the books close days.
 */
export function companyDate(at: Date, companyTimeZone: string | undefined): string {
  return dateInZone(at, companyZone(companyTimeZone));
}
