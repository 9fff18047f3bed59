import type { BatchLineIssue } from '../../../domain/payouts/payout-batches.js';
import { BATCH_FILE_COLUMNS } from '../../../domain/payouts/payout-batch-file.js';
import { MODES } from '../../../domain/shared/mode.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { money } from '../payments/views.js';

/** HTML of the payout batch pages; data comes from api.ts's views. */

export interface BatchRow {
  id: number;
  reference: string;
  status: string;
  appId: number;
  mode: string;
  lineCount: number;
  totalMinor: number;
  currency: string;
  fileName: string | null;
  createdAt: string;
}

export interface BatchDetail extends BatchRow {
  approvalsRequired: number;
  cancellableUntil: string | null;
  uploadedBy: number | null;
  decisions: Array<{ verdict: string; by: string; comment: string | null; at: string }>;
  progress: Array<{ status: string; count: number; totalMinor: number }>;
  lines: Array<{
    line: number;
    lineReference: string;
    rail: string;
    amountMinor: number;
    status: string;
    payoutReference: string | null;
  }>;
}

export function uploadForm(csrfToken: string, apps: Array<{ id: number; name: string }>): SafeHtml {
  return html`<form
    method="post"
    action="/admin/payout-batches"
    enctype="multipart/form-data"
    class="card"
    data-testid="batch-upload"
  >
    ${csrfField(csrfToken)}
    <h2 style="margin-top:0">Upload a payout batch</h2>
    <p class="muted">
      A CSV file of up to 5,000 payouts with the header ${BATCH_FILE_COLUMNS.join(', ')}; amounts in paisa.
      Every line is checked before anything is taken: one bad line refuses the file, naming each bad line.
      Another operator approves the batch; then it waits its cancel window before anything is sent.
    </p>
    <div class="row">
      <label
        >App
        <select name="appId" required data-testid="batch-app">
          ${apps.map((app) => html`<option value="${String(app.id)}">${app.name}</option>`)}
        </select></label
      >
      <label
        >Mode
        <select name="mode" required data-testid="batch-mode">
          ${MODES.map((mode) => html`<option value="${mode}">${mode}</option>`)}
        </select></label
      >
      <label
        >File <input type="file" name="file" accept=".csv,text/csv" required data-testid="batch-file"
      /></label>
      <button type="submit" data-testid="batch-upload-submit">Upload</button>
    </div>
  </form>`;
}

export function batchTable(rows: readonly BatchRow[]): SafeHtml {
  if (rows.length === 0) return html`<p class="muted" data-testid="batches-empty">No batches yet.</p>`;
  return html`<table data-testid="batches">
    <thead>
      <tr>
        <th>Batch</th>
        <th>Status</th>
        <th>App</th>
        <th>Mode</th>
        <th>Lines</th>
        <th>Total</th>
        <th>File</th>
        <th>Created</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr data-testid="batch-row" data-reference="${row.reference}">
            <td><a href="/admin/payout-batches/${row.reference}">${row.reference}</a></td>
            <td>${row.status}</td>
            <td>${String(row.appId)}</td>
            <td>${row.mode}</td>
            <td>${String(row.lineCount)}</td>
            <td>${money(row.totalMinor, row.currency)}</td>
            <td>${row.fileName ?? 'API'}</td>
            <td>${row.createdAt}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The lines a refused file got wrong, each with its line number (1 is the first line under the header). */
export function lineIssues(issues: readonly BatchLineIssue[]): SafeHtml {
  return html`<div class="card" data-testid="batch-issues">
    <h2 style="margin-top:0">The file was refused; nothing was created</h2>
    <table>
      <thead>
        <tr>
          <th>Line</th>
          <th>Reference</th>
          <th>Code</th>
          <th>Field</th>
          <th>Problem</th>
        </tr>
      </thead>
      <tbody>
        ${issues.map(
          (issue) =>
            html`<tr data-testid="batch-issue" data-line="${String(issue.line)}">
              <td>${String(issue.line)}</td>
              <td>${issue.lineReference ?? ''}</td>
              <td>${issue.errorCode}</td>
              <td>${issue.field ?? ''}</td>
              <td>${issue.message}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

const decisionForm = (
  reference: string,
  verb: 'approve' | 'reject' | 'cancel',
  label: string,
  csrfToken: string,
) =>
  html`<form method="post" action="/admin/payout-batches/${reference}/${verb}" style="display:inline">
    ${csrfField(csrfToken)}<button type="submit" data-testid="batch-${verb}">${label}</button>
  </form>`;

export function batchDetail(
  batch: BatchDetail,
  viewer: { csrfToken: string; canDecide: boolean; operatorId: number; nowMs: number },
): SafeHtml {
  const secondsLeft =
    batch.cancellableUntil === null
      ? null
      : Math.max(0, Math.ceil((Date.parse(batch.cancellableUntil) - viewer.nowMs) / 1000));
  const waiting = batch.status === 'WAITING_APPROVAL';
  const canApprove = viewer.canDecide && waiting && batch.uploadedBy !== viewer.operatorId;
  return html`<div class="card" data-testid="batch-detail" data-status="${batch.status}">
      <p>
        Status <strong data-testid="batch-status">${batch.status}</strong> · ${String(batch.lineCount)}
        line(s), ${money(batch.totalMinor, batch.currency)} · app ${String(batch.appId)} · ${batch.mode}
      </p>
      ${
        waiting
          ? html`<p data-testid="batch-approval">
              Waiting for ${String(batch.approvalsRequired)} approval(s) from an operator other than the
              uploader ${batch.decisions.length ? html`(${String(batch.decisions.length)} so far)` : html``}.
            </p>`
          : html``
      }
      ${
        secondsLeft !== null && batch.status === 'SCHEDULED'
          ? html`<p data-testid="batch-countdown" data-cancellable-until="${batch.cancellableUntil!}">
              Cancel window:
              <strong data-testid="batch-seconds-left">${String(secondsLeft)}</strong> second(s) left before
              the lines' payouts are made.
            </p>`
          : html``
      }
      <p>
        ${canApprove ? decisionForm(batch.reference, 'approve', 'Approve', viewer.csrfToken) : html``}
        ${canApprove ? decisionForm(batch.reference, 'reject', 'Reject', viewer.csrfToken) : html``}
        ${
          viewer.canDecide && (waiting || (batch.status === 'SCHEDULED' && (secondsLeft ?? 0) > 0))
            ? decisionForm(batch.reference, 'cancel', 'Cancel batch', viewer.csrfToken)
            : html``
        }
      </p>
    </div>
    <h2>Progress</h2>
    <table data-testid="batch-progress">
      <thead>
        <tr>
          <th>Payout status</th>
          <th>Lines</th>
          <th>Amount</th>
        </tr>
      </thead>
      <tbody>
        ${batch.progress.map(
          (row) =>
            html`<tr data-testid="batch-progress-row" data-status="${row.status}">
              <td>${row.status}</td>
              <td>${String(row.count)}</td>
              <td>${money(row.totalMinor, batch.currency)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      batch.decisions.length
        ? html`<h2>Decisions</h2>
            <ul data-testid="batch-decisions">
              ${batch.decisions.map((d) => html`<li>${d.verdict} by ${d.by} at ${d.at}${d.comment ? html`: ${d.comment}` : html``}</li>`)}
            </ul>`
        : html``
    }
    <h2>Lines</h2>
    <table data-testid="batch-lines">
      <thead>
        <tr>
          <th>Line</th>
          <th>Reference</th>
          <th>Rail</th>
          <th>Amount</th>
          <th>Status</th>
          <th>Payout</th>
        </tr>
      </thead>
      <tbody>
        ${batch.lines.map(
          (line) =>
            html`<tr data-testid="batch-line">
              <td>${String(line.line)}</td>
              <td>${line.lineReference}</td>
              <td>${line.rail}</td>
              <td>${money(line.amountMinor, batch.currency)}</td>
              <td>${line.status}</td>
              <td>${line.payoutReference ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
