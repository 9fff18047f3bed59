import { MODES } from '../../../domain/shared/mode.js';
import { REPORT_LAYOUTS } from '../../../domain/reconciliation/settlements.js';
import { SETTLEMENT_GATEWAYS } from '../../../gateways/settlement-reports.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { money, options, time } from '../payments/views.js';
import type { SettlementImportDetail, SettlementImportView } from './service.js';

/** HTML of the settlement imports pages; data comes from service.ts. */

const LAYOUT_LABELS: Record<(typeof REPORT_LAYOUTS)[number], string> = {
  gateway: "The gateway's own export",
  canonical: 'Canonical CSV',
};

/** The upload form: a report file, its gateway and mode, and (rarely) which layout it follows. */
export function uploadForm(csrfToken: string): SafeHtml {
  return html`<form
    method="post"
    action="/admin/settlements/imports"
    enctype="multipart/form-data"
    class="card"
    data-testid="settlement-upload"
  >
    ${csrfField(csrfToken)}
    <h2 style="margin-top:0">Upload a settlement report</h2>
    <p class="muted">
      The report as the gateway's merchant panel exports it (CSV or XLSX), or any gateway's lines in the
      canonical CSV. A report uploaded again is recognised and stored once; a report with a problem is refused
      whole, naming the row and column of its first problem.
    </p>
    <div class="row">
      <label
        >Gateway
        <select name="gateway" required data-testid="settlement-gateway">
          ${SETTLEMENT_GATEWAYS.map((g) => html`<option value="${g}">${g}</option>`)}
        </select></label
      >
      <label
        >Mode
        <select name="mode" required data-testid="settlement-mode">
          ${MODES.map((m) => html`<option value="${m}">${m}</option>`)}
        </select></label
      >
      <label
        >Layout
        <select name="format" data-testid="settlement-format">
          <option value="">Recognise from the header</option>
          ${REPORT_LAYOUTS.map((l) => html`<option value="${l}">${LAYOUT_LABELS[l]}</option>`)}
        </select></label
      >
      <label
        >Report file
        <input
          type="file"
          name="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          data-testid="settlement-file"
      /></label>
      <button type="submit" data-testid="settlement-submit">Import</button>
    </div>
  </form>`;
}

export function filterForm(form: Record<string, string>): SafeHtml {
  return html`<form method="get" action="/admin/settlements" class="row">
    <label
      >Gateway
      <select name="gateway">
        ${options(SETTLEMENT_GATEWAYS, form.gateway, 'Any gateway')}
      </select></label
    >
    <label
      >Mode
      <select name="mode">
        ${options(MODES, form.mode, 'Any mode')}
      </select></label
    >
    <button type="submit" class="secondary">Filter</button>
  </form>`;
}

export function importTable(items: SettlementImportView[]): SafeHtml {
  if (!items.length)
    return html`<p class="muted" data-testid="no-imports">No settlement report imported yet.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="settlement-imports">
      <thead>
        <tr>
          <th>Imported</th>
          <th>Gateway</th>
          <th>Mode</th>
          <th>File</th>
          <th>Format</th>
          <th>Settlement dates</th>
          <th>Lines (new)</th>
          <th>By</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (i) =>
            html`<tr>
              <td><a href="/admin/settlements/imports/${String(i.id)}">${time(i.createdAt)}</a></td>
              <td>${i.gateway}</td>
              <td>${i.mode}</td>
              <td class="mono">${i.fileName}</td>
              <td>${i.format}</td>
              <td>${i.settlementDates.join(', ')}</td>
              <td>${String(i.lineCount)} (${String(i.storedLineCount)})</td>
              <td>${i.importedBy?.email ?? 'the service'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The reconciliation page, filtered to the days an import settles. */
function reconciliationLink(detail: SettlementImportDetail): string {
  const params = new URLSearchParams({
    mode: detail.mode,
    gateway: detail.gateway,
    from: detail.settlementDates[0]!,
    to: detail.settlementDates[detail.settlementDates.length - 1]!,
  });
  return `/admin/reconciliation?${params.toString()}`;
}

export function importDetail(detail: SettlementImportDetail): SafeHtml {
  return html`<div class="card">
      <dl class="facts" data-testid="settlement-import">
        <dt>Gateway</dt>
        <dd>${detail.gateway} · ${detail.mode}</dd>
        <dt>File</dt>
        <dd class="mono">${detail.fileName}</dd>
        <dt>SHA-256</dt>
        <dd class="mono">${detail.fileSha256}</dd>
        <dt>Format</dt>
        <dd>${detail.format}</dd>
        <dt>Lines</dt>
        <dd>${String(detail.lineCount)}, of which ${String(detail.storedLineCount)} new</dd>
        <dt>Settlement dates</dt>
        <dd>
          ${detail.settlementDates.join(', ')}
          ${detail.settlementDates.length ? html` · <a href="${reconciliationLink(detail)}">Their reconciliation</a>` : ''}
        </dd>
        <dt>Imported</dt>
        <dd>${time(detail.createdAt)} by ${detail.importedBy?.email ?? 'the service'}</dd>
      </dl>
    </div>
    <h2>Lines this import stored</h2>
    ${
      detail.lines.length === 0
        ? html`<p class="muted">Every line of this report had been stored by an earlier import.</p>`
        : html`<div class="table-wrap">
            <table data-testid="settlement-lines">
              <thead>
                <tr>
                  <th>Gateway transaction</th>
                  <th>Reference</th>
                  <th>Type</th>
                  <th>Gross</th>
                  <th>Fee</th>
                  <th>Net</th>
                  <th>Settlement date</th>
                  <th>Payout batch</th>
                </tr>
              </thead>
              <tbody>
                ${detail.lines.map(
                  (l) =>
                    html`<tr>
                      <td class="mono">${l.gatewayTransactionId}</td>
                      <td class="mono">${l.reference ?? ''}</td>
                      <td>${l.type}</td>
                      <td>${money(l.grossMinor, l.currency)}</td>
                      <td>${money(l.feeMinor, l.currency)}</td>
                      <td>${money(l.netMinor, l.currency)}</td>
                      <td>${l.settlementDate}</td>
                      <td class="mono">${l.payoutBatch ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    ${
      detail.linesShown < detail.storedLineCount
        ? html`<p class="muted">
            The first ${String(detail.linesShown)} of ${String(detail.storedLineCount)} lines.
          </p>`
        : ''
    }`;
}
