import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { companyTime } from '../pages/times.js';
import type { KeyRequestView } from './key-request-service.js';

/** One key request as the reader sees it, with the steps they may take. */
export interface KeyRequestRow {
  request: KeyRequestView;
  appName: string;
  requesterEmail: string;
  mine: boolean;
  /** Null: the reader may approve or reject it; otherwise why not. */
  whyNotDecide: string | null;
}

function scopesText(request: KeyRequestView): string {
  return request.scopes ? request.scopes.join(', ') : 'every scope (the app’s LIVE pair)';
}

function stepForm(csrf: string, request: KeyRequestView, verb: string, label: string, kind = ''): SafeHtml {
  return html`<form method="post" action="/admin/key-requests/${String(request.id)}/${verb}" class="inline">
    ${csrfField(csrf)}
    <button type="submit" class="${kind}" data-testid="key-request-${verb}-${String(request.id)}">
      ${label}
    </button>
  </form>`;
}

function stepsOf(row: KeyRequestRow, csrf: string): SafeHtml | string {
  const { request } = row;
  if (request.status === 'WAITING') {
    if (row.mine) return stepForm(csrf, request, 'withdraw', 'Withdraw', 'secondary');
    if (row.whyNotDecide) return html`<span class="muted">${row.whyNotDecide}</span>`;
    return html`${stepForm(csrf, request, 'approve', 'Approve')}
    ${stepForm(csrf, request, 'reject', 'Reject', 'danger')}`;
  }
  if (request.status === 'APPROVED') {
    return row.mine
      ? stepForm(csrf, request, 'collect', 'Collect the key (shown once)')
      : html`<span class="muted">Approved; the requester collects it</span>`;
  }
  return '';
}

/** The key requests page: what waits, what was decided, and who may do what next. */
export function keyRequestsBody(rows: readonly KeyRequestRow[], csrf: string): SafeHtml {
  return html`<h1>Key requests</h1>
    <p class="muted">
      A LIVE key that may move money (a named key with the refunds or payouts scope, or an app’s LIVE pair) is
      issued only after a FINANCE or ADMIN operator other than the requester, and not tied to them, approves
      it. No secret exists until then; the requester collects the key once, and its secret is shown only then.
    </p>
    ${
      rows.length
        ? html`<div class="table-wrap">
            <table data-testid="key-requests">
              <thead>
                <tr>
                  <th>Request</th>
                  <th>App</th>
                  <th>Key</th>
                  <th>Asked</th>
                  <th>Status</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (row) =>
                    html`<tr
                      data-testid="key-request-${String(row.request.id)}"
                      data-status="${row.request.status}"
                    >
                      <td>${String(row.request.id)}</td>
                      <td><a href="/admin/apps/${String(row.request.appId)}">${row.appName}</a></td>
                      <td>
                        <strong>${row.request.mode}</strong>
                        ${row.request.name ? html`“${row.request.name}”` : 'pair'}<br /><span class="muted"
                          >${scopesText(row.request)}</span
                        >
                      </td>
                      <td>
                        ${companyTime(new Date(row.request.requestedAt))}<br />${
                          row.mine ? html`<em>by you</em>` : row.requesterEmail
                        }
                      </td>
                      <td data-testid="key-request-status-${String(row.request.id)}">
                        ${row.request.status}
                      </td>
                      <td>${stepsOf(row, csrf)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted" data-testid="key-requests-none">No key requests.</p>`
    }`;
}
