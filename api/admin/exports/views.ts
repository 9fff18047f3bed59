import { ENTRY_KIND_NAMES } from '../../../domain/ledger/ledger.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { options } from '../payments/views.js';
import { companyZone } from '../../../domain/shared/company-time.js';
import { companyDate } from './csv-export.js';

/** The dashboard's ways to an export: a list's Download CSV link, the journal's range form. */

const PAGING = new Set(['page', 'size', 'after']);

/** A list's parsed filters as an export's query string: dates as ISO-8601, lists comma-joined. */
export function exportHref(file: string, filters: object): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (PAGING.has(name) || value === undefined || value === null || value === '') continue;
    if (value instanceof Date) query.set(name, value.toISOString());
    else if (Array.isArray(value)) query.set(name, value.join(','));
    else query.set(name, String(value));
  }
  const search = query.toString();
  return `/admin/exports/${file}${search ? `?${search}` : ''}`;
}

/** "Download CSV" of exactly what the list shows, every page of it. */
export function downloadLink(file: string, filters: object): SafeHtml {
  return html`<p>
    <a class="button secondary" href="${exportHref(file, filters)}" download data-testid="export-csv"
      >Download CSV</a
    >
    <span class="muted">every row these filters select, oldest first</span>
  </p>`;
}

/** The journal of a range of days as CSV, for the accountants' own tools. */
export function journalExportForm(mode: string, now: Date, companyTimeZone: string | undefined): SafeHtml {
  const zone = companyZone(companyTimeZone);
  const today = companyDate(now, zone);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  return html`<form
    method="get"
    action="/admin/exports/journal.csv"
    class="card"
    data-testid="journal-export"
  >
    <h2>Export the journal</h2>
    <input type="hidden" name="mode" value="${mode}" />
    <div class="row">
      <label>From <input type="date" name="from" value="${firstOfMonth}" required /></label>
      <label>To <input type="date" name="to" value="${today}" required /></label>
      <label
        >Entry kind
        <select name="kind">
          ${options(ENTRY_KIND_NAMES, undefined, 'Any kind')}
        </select></label
      >
      <button type="submit">Download CSV</button>
    </div>
    <p class="muted">
      One row per posting, days in ${zone}, both included; amounts in minor units and as decimals.
    </p>
  </form>`;
}
