import { MODES } from '../../../domain/shared/mode.js';
import { REQUEST_METHODS } from '../../apps/request-log-schemas.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { appSelect, options, time } from '../payments/views.js';
import type { AdminRequestLogView } from './service.js';

/** HTML fragments of the request log pages; data comes from service.ts. */

type AppChoice = { id: number; name: string };

export function requestLogFilters(form: Record<string, string>, apps: AppChoice[]): SafeHtml {
  return html`<form method="get" action="/admin/request-log" class="card" data-testid="request-log-filters">
    <div class="row">
      ${appSelect(apps, form.appId)}
      <label
        >Mode
        <select name="mode">
          ${options(MODES, form.mode, 'Both modes')}
        </select></label
      >
      <label
        >Status
        <input
          name="status"
          value="${form.status ?? ''}"
          placeholder="4xx or 422"
          data-testid="request-log-status"
      /></label>
      <label
        >Method
        <select name="method">
          ${options(REQUEST_METHODS, form.method, 'Any method')}
        </select></label
      >
      <label
        >Path starts with
        <input
          name="path"
          value="${form.path ?? ''}"
          placeholder="/api/v1/payments"
          data-testid="request-log-path"
      /></label>
      <label
        >Request id
        <input name="requestId" value="${form.requestId ?? ''}" data-testid="request-log-request-id"
      /></label>
      <label
        >Idempotency-Key
        <input
          name="idempotencyKey"
          value="${form.idempotencyKey ?? ''}"
          data-testid="request-log-idempotency-key"
      /></label>
      <button type="submit">Filter</button>
      <a class="button secondary" href="/admin/request-log">Reset</a>
    </div>
  </form>`;
}

/** A status as a badge coloured by its class: 2xx as done, 4xx as cancelled, 5xx as failed. */
function statusBadge(status: number): SafeHtml {
  const kind = status >= 500 ? 'FAILED' : status >= 400 ? 'CANCELLED' : 'SUCCEEDED';
  return html`<span class="badge ${kind}" data-testid="request-status">${String(status)}</span>`;
}

export function requestLogTable(items: AdminRequestLogView[]): SafeHtml {
  if (!items.length) return html`<p class="card muted" data-testid="no-requests">No requests match.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="requests">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">App</th>
          <th scope="col">Request</th>
          <th scope="col">Status</th>
          <th scope="col">Error code</th>
          <th scope="col">Request id</th>
          <th scope="col">Idempotency-Key</th>
          <th scope="col">ms</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (r) =>
            html`<tr
              data-testid="request-row"
              data-request-id="${r.requestId}"
              data-status="${String(r.status)}"
            >
              <td>${time(r.createdAt)}</td>
              <td>${r.appName} <span class="muted">${r.mode}</span></td>
              <td class="mono"><a href="/admin/request-log/${String(r.id)}">${r.method} ${r.path}</a></td>
              <td>${statusBadge(r.status)}</td>
              <td class="mono">${r.errorCode ?? '—'}</td>
              <td class="mono">${r.requestId}</td>
              <td class="mono">${r.idempotencyKey ?? '—'}</td>
              <td>${String(r.durationMs)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

const pretty = (value: unknown) =>
  value === null ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);

/** One request with its redacted bodies. */
export function requestLogEntryBody(entry: AdminRequestLogView): SafeHtml {
  return html`<p>
      <a href="/admin/request-log?appId=${String(entry.appId)}">← Requests of ${entry.appName}</a>
    </p>
    <div class="card">
      <h1 data-testid="request-title">${entry.method} ${entry.path} ${statusBadge(entry.status)}</h1>
      <dl class="facts">
        <dt>App</dt>
        <dd>
          <a href="/admin/apps/${String(entry.appId)}">${entry.appName}</a>
          <span class="muted">${entry.mode}</span>
        </dd>
        <dt>Time</dt>
        <dd>${time(entry.createdAt)}</dd>
        <dt>Route</dt>
        <dd class="mono">${entry.route ?? '—'}</dd>
        <dt>Query</dt>
        <dd class="mono">${entry.query ?? '—'}</dd>
        <dt>Request id</dt>
        <dd class="mono" data-testid="request-id">${entry.requestId}</dd>
        <dt>Idempotency-Key</dt>
        <dd class="mono">${entry.idempotencyKey ?? '—'}</dd>
        <dt>Error code</dt>
        <dd class="mono">${entry.errorCode ?? '—'}</dd>
        <dt>Duration</dt>
        <dd>${String(entry.durationMs)} ms</dd>
      </dl>
    </div>
    <h2>Request body</h2>
    <pre class="card" style="white-space:pre-wrap" data-testid="request-body">
${pretty(entry.requestBody)}</pre>
    <h2>Answer</h2>
    <pre class="card" style="white-space:pre-wrap" data-testid="response-body">
${pretty(entry.responseBody)}</pre>
    <p class="muted">
      Secrets, card numbers and customers' contact details were redacted before this was stored.
    </p>`;
}
