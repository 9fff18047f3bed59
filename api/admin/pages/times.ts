import {
  DEFAULT_COMPANY_TIME_ZONE,
  formatInZone,
  formatUtc,
  companyZone,
} from '../../../domain/shared/company-time.js';
import { html, type SafeHtml } from '../../pages/html.js';

/**
 * Every instant the dashboard shows: in the company's time zone (COMPANY_TIME_ZONE), with the UTC
 * time on hover and in `datetime`. The zone is the deployment's, set once as the API starts.
 */

let companyTimeZone = DEFAULT_COMPANY_TIME_ZONE;

/** Called as the API starts, with the validated COMPANY_TIME_ZONE. */
export function useCompanyTimeZone(zone: string | undefined): void {
  // A configuration built by hand (some tests) may leave it out: the default then.
  companyTimeZone = companyZone(zone);
}

export function currentCompanyTimeZone(): string {
  return companyTimeZone;
}

/** An instant as plain text in the company's time zone ("2026-11-27 09:17:41 GMT+6"). */
export function companyTimeText(at: Date | string): string {
  return formatInZone(typeof at === 'string' ? new Date(at) : at, companyTimeZone);
}

/** `<time>` in the company's time zone, the UTC time on hover; "—" when there is none. */
export function companyTime(at: Date | string | null | undefined): SafeHtml | string {
  if (at === null || at === undefined || at === '') return '—';
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return String(at);
  return html`<time datetime="${date.toISOString()}" title="${formatUtc(date)}"
    >${formatInZone(date, companyTimeZone)}</time
  >`;
}
