import { PAYOUT_RAILS_WITH_STATEMENTS } from '../../../domain/reconciliation/rail-statements.js';
import { MODES } from '../../../domain/shared/mode.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import type { RailStatementView } from './rail-statement-service.js';

/** The dashboard's form for a payout rail's statement of a day, and the latest imports. */
export function railStatementForm(csrfToken: string, today: string): SafeHtml {
  return html`<form
    method="post"
    action="/admin/settlements/rail-statements"
    enctype="multipart/form-data"
    class="card"
    data-testid="rail-statement-upload"
  >
    ${csrfField(csrfToken)}
    <h2 style="margin-top:0">Upload a payout rail's statement</h2>
    <p class="muted">
      The statement of one day as the rail exports it: bKash's B2C transaction statement, Nagad's disbursement
      statement, or the bank's account statement. Its lines are matched to our payouts on that rail's day.
    </p>
    <div class="row">
      <label
        >Rail
        <select name="rail" required data-testid="rail-statement-rail">
          ${PAYOUT_RAILS_WITH_STATEMENTS.map((r) => html`<option value="${r}">${r}</option>`)}
        </select></label
      >
      <label
        >Mode
        <select name="mode" required data-testid="rail-statement-mode">
          ${MODES.map((m) => html`<option value="${m}">${m}</option>`)}
        </select></label
      >
      <label
        >Day
        <input type="date" name="statementDate" value="${today}" required data-testid="rail-statement-date"
      /></label>
      <label
        >Statement file
        <input
          type="file"
          name="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          data-testid="rail-statement-file"
      /></label>
      <button type="submit" data-testid="rail-statement-submit">Import</button>
    </div>
  </form>`;
}

export function railStatementTable(items: readonly RailStatementView[]): SafeHtml {
  if (items.length === 0) return html`<p class="muted">No rail statement imported yet.</p>`;
  return html`<table data-testid="rail-statements">
    <thead>
      <tr>
        <th>Rail</th>
        <th>Mode</th>
        <th>Day</th>
        <th>File</th>
        <th>Lines</th>
        <th>Imported by</th>
        <th>Reconciliation</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (s) =>
          html`<tr>
            <td>${s.rail}</td>
            <td>${s.mode}</td>
            <td>${s.statementDate}</td>
            <td>${s.fileName}</td>
            <td>${String(s.lineCount)} (${String(s.storedLineCount)} new)</td>
            <td>${s.importedBy?.email ?? 'the service'}</td>
            <td>
              <a
                href="/admin/reconciliation?gateway=payout-${s.rail}&amp;mode=${s.mode}&amp;from=${s.statementDate}&amp;to=${s.statementDate}"
                >the rail's day</a
              >
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
