import { MODES } from '../../../domain/shared/mode.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { time } from '../payments/views.js';
import { GATEWAY_NAMES } from './schemas.js';
import type { healthOverview, MaintenanceWindowView } from './service.js';

/** HTML fragments of the gateway health page; data comes from service.ts. */

export interface GatewayHealthPageModel {
  overview: Awaited<ReturnType<typeof healthOverview>>;
  windows: MaintenanceWindowView[];
  csrf: string;
  canManage: boolean;
  /** A refused window form comes back with what was typed. */
  typed: Record<string, string> | null;
}

const choices = (values: readonly string[], selected: string | undefined) =>
  values.map(
    (v) => html`<option value="${v}" ${new SafeHtml(v === selected ? 'selected' : '')}>${v}</option>`,
  );

function healthTable(model: GatewayHealthPageModel): SafeHtml {
  return html`<div class="card">
    <h2>Health</h2>
    <p class="muted">
      From our own calls over the last few minutes, as the last evaluation decided it; app teams read the same
      on
      <a href="/status">the status page</a>.
    </p>
    <table>
      <thead>
        <tr>
          <th scope="col">Gateway</th>
          <th scope="col">Mode</th>
          <th scope="col">Status</th>
          <th scope="col">Since</th>
          <th scope="col">Failed / calls in the window</th>
        </tr>
      </thead>
      <tbody>
        ${model.overview.gateways.map(
          (g) =>
            html`<tr data-testid="health-${g.mode}-${g.gateway}" data-status="${g.status}">
              <td>${g.gatewayName}</td>
              <td>${g.mode}</td>
              <td>${g.status}</td>
              <td>${g.since ? time(g.since) : html`<span class="muted">not evaluated yet</span>`}</td>
              <td>${g.failures} / ${g.calls}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function windowState(w: MaintenanceWindowView): string {
  if (w.cancelledAt) return 'cancelled';
  if (w.inForce) return 'in force';
  return new Date(w.endsAt).getTime() <= Date.now() ? 'over' : 'to come';
}

function windowRows(model: GatewayHealthPageModel): SafeHtml {
  if (!model.windows.length)
    return html`<p class="card muted" data-testid="no-maintenance-windows">
      No maintenance windows entered.
    </p>`;
  return html`<div class="card">
    <table>
      <thead>
        <tr>
          <th scope="col">Gateway</th>
          <th scope="col">Mode</th>
          <th scope="col">From</th>
          <th scope="col">Until</th>
          <th scope="col">Note</th>
          <th scope="col">State</th>
          ${model.canManage ? html`<th scope="col"><span class="muted">Cancel</span></th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${model.windows.map((w) => {
          const state = windowState(w);
          return html`<tr data-testid="maintenance-window" data-id="${w.id}" data-state="${state}">
            <td>${w.gatewayName}</td>
            <td>${w.mode}</td>
            <td>${time(w.startsAt)}</td>
            <td>${time(w.endsAt)}</td>
            <td>${w.note}</td>
            <td>${state} <span class="muted">by ${w.createdBy}</span></td>
            ${
              model.canManage
                ? html`<td>
                    ${
                      state === 'in force' || state === 'to come'
                        ? html`<form
                            method="post"
                            action="/admin/gateway-health/maintenance/${w.id}/cancel"
                            class="inline"
                          >
                            ${csrfField(model.csrf)}
                            <button type="submit" class="secondary" data-testid="maintenance-cancel">
                              ${state === 'in force' ? 'End now' : 'Call off'}
                            </button>
                          </form>`
                        : ''
                    }
                  </td>`
                : ''
            }
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

function windowForm(model: GatewayHealthPageModel): SafeHtml {
  const t = model.typed ?? {};
  return html`<form
    method="post"
    action="/admin/gateway-health/maintenance"
    class="card"
    data-testid="maintenance-form"
  >
    ${csrfField(model.csrf)}
    <p class="muted">
      During the window the gateway counts as under maintenance: the checkout shows it last and does not let
      customers choose it, app teams get a <code>gateway.health_changed</code> event and see it on the status
      page. Times are UTC.
    </p>
    <div class="row">
      <label
        >Gateway
        <select name="gateway" data-testid="maintenance-gateway">
          ${choices(GATEWAY_NAMES, t.gateway)}
        </select></label
      >
      <label
        >Mode
        <select name="mode" data-testid="maintenance-mode">
          ${choices(MODES, t.mode ?? 'LIVE')}
        </select></label
      >
      <label
        >From (UTC)
        <input
          type="datetime-local"
          name="startsAt"
          required
          value="${t.startsAt ?? ''}"
          data-testid="maintenance-starts"
      /></label>
      <label
        >Until (UTC)
        <input
          type="datetime-local"
          name="endsAt"
          required
          value="${t.endsAt ?? ''}"
          data-testid="maintenance-ends"
      /></label>
    </div>
    <label
      >Note for app teams
      <input type="text" name="note" maxlength="500" value="${t.note ?? ''}" data-testid="maintenance-note"
    /></label>
    <button type="submit" class="primary" data-testid="maintenance-save">Enter the window</button>
  </form>`;
}

export function gatewayHealthPageBody(model: GatewayHealthPageModel): SafeHtml {
  return html`<h1>Gateway health</h1>
    ${healthTable(model)}
    <h2>Maintenance windows</h2>
    ${model.canManage ? windowForm(model) : ''} ${windowRows(model)}`;
}
