import type { AppDetail, AppListItem } from '../../../db/apps/app-admin.js';
import { credentialState } from '../../../db/apps/credentials.js';
import type { App, Credential, WebhookEndpoint } from '../../../platform/orm/entities.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { can, type Role } from '../../../domain/operators/permissions.js';
import { maskedWebhookUrl } from '../../../domain/webhooks/webhook-endpoints.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { companyTime } from '../pages/times.js';
import { namedKeysSection } from './named-key-views.js';
import { DEFAULT_GRACE_HOURS, MAX_APP_RATE_LIMIT, MAX_GRACE_HOURS } from './schemas.js';

/** HTML of the apps pages. Secrets are rendered only by the one-time pages below. */

export function formatTime(date: Date | null): SafeHtml | string {
  return companyTime(date);
}

const badge = (status: string, testid?: string) =>
  html`<span class="badge ${status}" ${testid ? new SafeHtml(`data-testid="${testid}"`) : ''}
    >${status}</span
  >`;

export function appListBody(input: {
  items: AppListItem[];
  role: Role;
  page: number;
  totalPages: number;
}): SafeHtml {
  const rows = input.items.map(
    ({ app, counts }) =>
      html`<tr data-testid="app-row-${app.id}">
        <td><a href="/admin/apps/${app.id}" data-testid="app-link-${app.id}">${app.displayName}</a></td>
        <td class="mono">${app.name}</td>
        <td>${badge(app.status)}</td>
        <td>${counts.workingCredentials}</td>
        <td>${counts.webhookEndpoints}</td>
        <td>${counts.payments}</td>
        <td>${formatTime(app.createdAt)}</td>
      </tr>`,
  );
  const pager =
    input.totalPages > 1
      ? html`<p class="row">
          ${input.page > 1 ? html`<a href="/admin/apps?page=${input.page - 1}">Previous</a>` : ''}
          <span class="muted">Page ${input.page} of ${input.totalPages}</span>
          ${input.page < input.totalPages ? html`<a href="/admin/apps?page=${input.page + 1}">Next</a>` : ''}
        </p>`
      : '';
  return html`<div class="row" style="justify-content:space-between">
      <h1>Apps</h1>
      <span>
        <a href="/admin/key-requests" data-testid="key-requests-link">Key requests</a>
        ${
          can(input.role, 'apps.create')
            ? html`<a class="button" href="/admin/apps/new" data-testid="register-app">Register app</a>`
            : ''
        }
      </span>
    </div>
    ${
      input.items.length === 0
        ? html`<div class="card"><p>No apps yet.</p></div>`
        : html`<div class="table-wrap">
            <table data-testid="apps-table">
              <thead>
                <tr>
                  <th scope="col">App</th>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Working credentials</th>
                  <th scope="col">Webhook endpoints</th>
                  <th scope="col">Payments</th>
                  <th scope="col">Registered</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>
          </div>`
    }
    ${pager}`;
}

export interface AppFormValues {
  name?: string;
  displayName?: string;
  logoUrl?: string;
  brandColor?: string;
  receiptsEnabled?: boolean;
  invoiceEmailsEnabled?: boolean;
}

function brandingFields(values: AppFormValues): SafeHtml {
  return html`<p>
      <label
        >Display name (shown to customers on checkout and invoices)
        <input
          name="displayName"
          value="${values.displayName ?? ''}"
          maxlength="120"
          data-testid="app-display-name"
      /></label>
    </p>
    <p>
      <label
        >Logo URL (http or https)
        <input
          type="url"
          name="logoUrl"
          value="${values.logoUrl ?? ''}"
          placeholder="https://example.com/logo.png"
          data-testid="app-logo-url"
      /></label>
    </p>
    <p>
      <label
        >Brand colour (#rrggbb)
        <input
          name="brandColor"
          value="${values.brandColor ?? ''}"
          pattern="#[0-9a-fA-F]{6}"
          placeholder="#0f766e"
          data-testid="app-brand-color"
      /></label>
    </p>
    <p>
      <label style="flex-direction:row;align-items:center;gap:.5rem"
        ><input
          type="checkbox"
          name="receiptsEnabled"
          style="min-width:auto"
          ${new SafeHtml(values.receiptsEnabled === false ? '' : 'checked')}
          data-testid="app-receipts"
        />
        Send receipts to customers (by email, with a PDF, when a payment succeeds)</label
      >
    </p>
    <p>
      <label style="flex-direction:row;align-items:center;gap:.5rem"
        ><input
          type="checkbox"
          name="invoiceEmailsEnabled"
          style="min-width:auto"
          ${new SafeHtml(values.invoiceEmailsEnabled ? 'checked' : '')}
          data-testid="app-invoice-emails"
        />
        Email invoices to customers (the issued invoice with its PDF, installment reminders and overdue
        notices)</label
      >
    </p>`;
}

export function problemList(problem: { message: string; fields?: string[] } | null): SafeHtml | string {
  if (!problem) return '';
  return html`<div class="flash error" role="alert" data-testid="form-error">
    ${problem.message}
    ${
      problem.fields?.length
        ? html`<ul>
            ${problem.fields.map((f) => html`<li>${f}</li>`)}
          </ul>`
        : ''
    }
  </div>`;
}

export function newAppBody(
  csrfToken: string,
  values: AppFormValues,
  problem: { message: string; fields?: string[] } | null,
): SafeHtml {
  return html`<p><a href="/admin/apps">← Apps</a></p>
    <div class="card">
      <h1>Register an app</h1>
      ${problemList(problem)}
      <form method="post" action="/admin/apps" data-testid="register-form">
        ${csrfField(csrfToken)}
        <p>
          <label
            >Name (letters, digits, dots, dashes; used in logs and scripts)
            <input
              name="name"
              value="${values.name ?? ''}"
              required
              maxlength="63"
              autofocus
              data-testid="app-name"
          /></label>
        </p>
        ${brandingFields(values)}
        <p class="muted">
          A TEST and a LIVE credential pair are created. Their secrets are shown once, on the next page.
        </p>
        <p><button type="submit" data-testid="register-submit">Register app</button></p>
      </form>
    </div>`;
}

const ONCE_NOTE = html`<p class="flash error" role="alert" data-testid="secrets-note">
  <strong>Copy now: shown once.</strong> These secrets are not stored in readable form and will never be shown
  again, not even after reloading this page. If one is lost, rotate the credential to get a new one.
</p>`;

function secretPair(mode: Mode, key: string, secret: string): SafeHtml {
  return html`<div class="card" data-testid="secret-pair-${mode}">
    <h2>${mode}</h2>
    <dl class="facts">
      <dt>X-Api-Key</dt>
      <dd class="mono" data-testid="key-${mode}">${key}</dd>
      <dt>X-Api-Secret</dt>
      <dd><div class="secret" data-testid="secret-${mode}">${secret}</div></dd>
    </dl>
  </div>`;
}

export function registeredBody(input: {
  app: App;
  test: { apiKey: string; secret: string };
  liveKeyRequestId: number;
}): SafeHtml {
  return html`<h1>App registered: ${input.app.displayName}</h1>
    ${ONCE_NOTE} ${secretPair('TEST', input.test.apiKey, input.test.secret)}
    <div class="card" data-testid="live-pair-waiting">
      <h2>LIVE</h2>
      <p>
        The LIVE pair holds every scope, money ones included, so it waits for a FINANCE or ADMIN operator
        other than you to approve it (key request
        <strong data-testid="live-key-request">${String(input.liveKeyRequestId)}</strong>). Once approved,
        collect it once from <a href="/admin/key-requests">Key requests</a>.
      </p>
    </div>
    <p>
      <a class="button" href="/admin/apps/${input.app.id}" data-testid="secrets-done"
        >I have stored it: open the app</a
      >
    </p>`;
}

/** A key whose secret a page shows once, and the key it replaces. */
interface ShownKey {
  app: App;
  mode: Mode;
  apiKey: string;
  secret: string;
  previous: Credential | null;
}

/** The secret shown once, the previous key's grace, and the way back to the app. */
function shownOnce(input: ShownKey): SafeHtml {
  return html`${ONCE_NOTE} ${secretPair(input.mode, input.apiKey, input.secret)}
    ${
      input.previous
        ? html`<p data-testid="grace-note">
            The previous key <span class="mono">${input.previous.apiKey}</span> keeps working until
            <strong data-testid="grace-ends">${formatTime(input.previous.expiresAt)}</strong>, then it is
            refused with CREDENTIAL_EXPIRED.
          </p>`
        : ''
    }
    <p>
      <a class="button" href="/admin/apps/${input.app.id}" data-testid="secrets-done">Back to the app</a>
    </p>`;
}

/** The one page that shows a collected key's secret. */
export function collectedKeyBody(input: ShownKey & { name: string | null }): SafeHtml {
  return html`<h1>
      ${input.name ? `Named ${input.mode} key "${input.name}"` : `${input.mode} pair`} for
      ${input.app.displayName}
    </h1>
    ${shownOnce(input)}`;
}

export function rotatedBody(input: ShownKey): SafeHtml {
  return html`<h1>New ${input.mode} credential for ${input.app.displayName}</h1>
    ${shownOnce(input)}`;
}

export function webhookSecretBody(input: { app: App; mode: Mode; url: string; secret: string }): SafeHtml {
  return html`<h1>${input.mode} webhook signing secret for ${input.app.displayName}</h1>
    <p class="flash error" role="alert" data-testid="secrets-note">
      <strong>Copy now: shown once.</strong> Deliveries to <span class="mono">${input.url}</span> are signed
      with this secret (Standard Webhooks) from now on; the previous one no longer verifies.
    </p>
    <div class="card">
      <div class="secret" data-testid="webhook-secret">${input.secret}</div>
    </div>
    <p>
      <a class="button" href="/admin/apps/${input.app.id}" data-testid="secrets-done">Back to the app</a>
    </p>`;
}

function credentialRow(appId: number, credential: Credential, at: Date, role: Role, csrf: string): SafeHtml {
  const state = credentialState(credential, at);
  const usable = state === 'ACTIVE' || state === 'GRACE';
  return html`<tr data-testid="credential-row-${credential.id}">
    <td class="mono" data-testid="credential-key-${credential.id}">${credential.apiKey}</td>
    <td>${badge(state, `credential-status-${credential.id}`)}</td>
    <td>${formatTime(credential.createdAt)}</td>
    <td>${formatTime(credential.firstUsedAt)}</td>
    <td>${formatTime(credential.lastUsedAt)}</td>
    <td>
      ${
        credential.revokedAt
          ? html`Revoked ${formatTime(credential.revokedAt)}`
          : credential.expiresAt
            ? html`Grace ends ${formatTime(credential.expiresAt)}`
            : '—'
      }
    </td>
    <td>
      ${
        usable && can(role, 'credentials.revoke')
          ? html`<form
              class="inline"
              method="post"
              action="/admin/apps/${appId}/credentials/${credential.id}/revoke"
            >
              ${csrfField(csrf)}
              <button type="submit" class="danger" data-testid="revoke-${credential.id}">Revoke now</button>
            </form>`
          : ''
      }
    </td>
  </tr>`;
}

function credentialsCard(detail: AppDetail, mode: Mode, at: Date, role: Role, csrf: string): SafeHtml {
  // The app's own pair only: named keys have their own section and are never rotated.
  const ofMode = detail.credentials.filter((c) => c.mode === mode && !c.scopes);
  const current = ofMode.find((c) => c.status === 'ACTIVE' && c.expiresAt === null) ?? null;
  const appId = detail.app.id;
  const rotate = can(role, 'credentials.rotate')
    ? html`<form
        method="post"
        action="/admin/apps/${appId}/credentials/rotate"
        class="row"
        data-testid="rotate-form-${mode}"
      >
        ${csrfField(csrf)}
        <input type="hidden" name="mode" value="${mode}" />
        <input type="hidden" name="currentId" value="${current ? String(current.id) : 'none'}" />
        <label
          >Grace window for the current secret (hours, at most ${MAX_GRACE_HOURS})
          <input
            type="number"
            name="graceHours"
            value="${DEFAULT_GRACE_HOURS}"
            min="0.1"
            max="${MAX_GRACE_HOURS}"
            step="any"
            required
            data-testid="grace-hours-${mode}"
        /></label>
        <button type="submit" data-testid="rotate-${mode}">
          ${
            mode === 'LIVE'
              ? current
                ? 'Ask to rotate (a money role approves)'
                : 'Ask for the LIVE pair (a money role approves)'
              : current
                ? 'Rotate credential'
                : 'Issue a new credential'
          }
        </button>
      </form>`
    : '';
  return html`<div class="card" data-testid="credentials-${mode}">
    <h3>${mode}</h3>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">First used</th>
            <th scope="col">Last used</th>
            <th scope="col">Grace / revoked</th>
            <th scope="col"><span class="muted">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${ofMode.map((c) => credentialRow(appId, c, at, role, csrf))}
        </tbody>
      </table>
    </div>
    ${rotate}
  </div>`;
}

function webhookCard(
  appId: number,
  mode: Mode,
  endpoint: WebhookEndpoint | undefined,
  role: Role,
  csrf: string,
) {
  const version = endpoint ? endpoint.updatedAt.toISOString() : 'none';
  const base = `/admin/apps/${appId}/webhooks/${mode}`;
  const manage = can(role, 'webhooks.update');
  // A URL carrying secrets is never written back into the page: changing it means typing it again.
  const hasSecrets =
    endpoint !== undefined && endpoint !== null && maskedWebhookUrl(endpoint.url) !== endpoint.url;
  return html`<div class="card" data-testid="webhook-${mode}">
    <h3>${mode}</h3>
    <p>
      ${
        endpoint
          ? html`Delivers to
              <span class="mono" data-testid="webhook-url-shown-${mode}"
                >${maskedWebhookUrl(endpoint.url)}</span
              >
              <span class="muted">(changed ${formatTime(endpoint.updatedAt)})</span>`
          : html`<span class="muted" data-testid="webhook-url-shown-${mode}">No endpoint set.</span>`
      }
    </p>
    ${
      manage
        ? html`<form method="post" action="${base}" class="row" data-testid="webhook-form-${mode}">
            ${csrfField(csrf)}
            <input type="hidden" name="version" value="${version}" />
            <label
              >Endpoint URL
              <input
                type="url"
                name="url"
                value="${endpoint && !hasSecrets ? endpoint.url : ''}"
                required
                placeholder="${hasSecrets ? maskedWebhookUrl(endpoint.url) : 'https://app.example/webhooks'}"
                data-testid="webhook-url-${mode}"
            /></label>
            <button type="submit" data-testid="webhook-save-${mode}">Save URL and issue a new secret</button>
          </form>`
        : ''
    }
    ${
      endpoint
        ? html`<p class="row">
            ${
              manage
                ? html`<form class="inline" method="post" action="${base}/rotate-secret">
                    ${csrfField(csrf)}
                    <input type="hidden" name="version" value="${version}" />
                    <button type="submit" class="secondary" data-testid="webhook-rotate-${mode}">
                      Rotate signing secret
                    </button>
                  </form>`
                : ''
            }
            ${
              can(role, 'webhooks.ping')
                ? html`<form class="inline" method="post" action="${base}/ping">
                    ${csrfField(csrf)}
                    <button type="submit" class="secondary" data-testid="webhook-ping-${mode}">
                      Send test ping
                    </button>
                  </form>`
                : ''
            }
          </p>`
        : ''
    }
  </div>`;
}

/**
 * Every endpoint of the app, both modes: the one set per mode above and those the app added
 * through the API, each with its filter and its switch.
 */
function endpointsTable(appId: number, endpoints: WebhookEndpoint[], role: Role, csrf: string): SafeHtml {
  if (endpoints.length === 0) return html``;
  const manage = can(role, 'webhooks.update');
  return html`<div class="card" data-testid="webhook-endpoints">
    <h3>All endpoints</h3>
    <p class="muted">Apps add their own through /api/v1/webhook-endpoints; each signs with its own secret.</p>
    <table>
      <thead>
        <tr>
          <th scope="col">Endpoint</th>
          <th scope="col">Mode</th>
          <th scope="col">URL</th>
          <th scope="col">Events</th>
          <th scope="col">State</th>
          ${manage ? html`<th scope="col"><span class="muted">Switch</span></th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${endpoints.map((endpoint) => {
          const enabled = endpoint.disabledAt === null;
          const action = enabled ? 'disable' : 'enable';
          return html`<tr data-testid="webhook-endpoint-${endpoint.publicId}">
            <td class="mono">
              ${endpoint.publicId}${endpoint.description ? html`<br /><span class="muted">${endpoint.description}</span>` : ''}
            </td>
            <td>${endpoint.mode}</td>
            <td class="mono">${maskedWebhookUrl(endpoint.url)}</td>
            <td>
              ${endpoint.enabledEvents.length ? endpoint.enabledEvents.join(', ') : html`<span class="muted">every type</span>`}
            </td>
            <td data-testid="webhook-endpoint-state-${endpoint.publicId}">
              ${enabled ? 'Enabled' : 'Disabled'}
            </td>
            ${
              manage
                ? html`<td>
                    <form
                      class="inline"
                      method="post"
                      action="/admin/apps/${appId}/webhook-endpoints/${endpoint.publicId}/${action}"
                    >
                      ${csrfField(csrf)}
                      <button
                        type="submit"
                        class="secondary"
                        data-testid="webhook-endpoint-${action}-${endpoint.publicId}"
                      >
                        ${enabled ? 'Disable' : 'Enable'}
                      </button>
                    </form>
                  </td>`
                : ''
            }
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/** The limit an app's requests count against, in words: its own, the default, or none. */
export function rateLimitText(app: Pick<App, 'rateLimitPerMinute'>, defaultPerMinute: number): string {
  const perMinute = app.rateLimitPerMinute ?? defaultPerMinute;
  const limit =
    perMinute === 0 ? 'Unlimited' : `${perMinute.toLocaleString('en')} requests per minute per mode`;
  return app.rateLimitPerMinute === null ? `${limit} (the service default)` : `${limit} (set for this app)`;
}

function rateLimitField(app: App, defaultPerMinute: number): SafeHtml {
  return html`<p>
    <label
      >Requests per minute, per mode (blank: the service default of ${defaultPerMinute.toLocaleString('en')};
      0: unlimited)
      <input
        type="number"
        name="rateLimitPerMinute"
        min="0"
        max="${MAX_APP_RATE_LIMIT}"
        step="1"
        value="${app.rateLimitPerMinute === null ? '' : String(app.rateLimitPerMinute)}"
        data-testid="app-rate-limit"
    /></label>
  </p>`;
}

function settingsCard(app: App, role: Role, csrf: string, defaultRateLimit: number): SafeHtml {
  if (!can(role, 'apps.update')) return html``;
  return html`<h2>Settings</h2>
    <div class="card">
      <form method="post" action="/admin/apps/${app.id}/settings" data-testid="settings-form">
        ${csrfField(csrf)}
        ${brandingFields({
          displayName: app.displayName,
          logoUrl: app.logoUrl ?? '',
          brandColor: app.brandColor ?? '',
          receiptsEnabled: app.receiptsEnabled,
          invoiceEmailsEnabled: app.invoiceEmailsEnabled,
        })}
        ${rateLimitField(app, defaultRateLimit)}
        <p><button type="submit" data-testid="settings-save">Save settings</button></p>
      </form>
    </div>`;
}

export function appDetailBody(
  detail: AppDetail,
  at: Date,
  role: Role,
  csrf: string,
  defaultRateLimit: number,
): SafeHtml {
  const { app } = detail;
  const suspended = app.status === 'SUSPENDED';
  const statusForm = can(role, 'apps.suspend')
    ? html`<form method="post" action="/admin/apps/${app.id}/${suspended ? 'reactivate' : 'suspend'}">
        ${csrfField(csrf)}
        <button
          type="submit"
          class="${suspended ? '' : 'danger'}"
          data-testid="${suspended ? 'reactivate-app' : 'suspend-app'}"
        >
          ${suspended ? 'Reactivate app' : 'Suspend app'}
        </button>
      </form>`
    : '';
  return html`<p><a href="/admin/apps">← Apps</a></p>
    <div class="card">
      <h1>${app.displayName} ${badge(app.status, 'app-status')}</h1>
      <dl class="facts">
        <dt>Id</dt>
        <dd data-testid="app-id">${app.id}</dd>
        <dt>Name</dt>
        <dd class="mono">${app.name}</dd>
        <dt>Logo</dt>
        <dd>${app.logoUrl ?? '—'}</dd>
        <dt>Brand colour</dt>
        <dd>
          ${
            app.brandColor
              ? html`<span
                    aria-hidden="true"
                    style="display:inline-block;width:1em;height:1em;border-radius:3px;vertical-align:middle;background:${app.brandColor}"
                  ></span>
                  <span class="mono">${app.brandColor}</span>`
              : '—'
          }
        </dd>
        <dt>Receipts</dt>
        <dd>${app.receiptsEnabled ? 'On' : 'Off'}</dd>
        <dt>Invoice emails</dt>
        <dd data-testid="app-invoice-emails-state">${app.invoiceEmailsEnabled ? 'On' : 'Off'}</dd>
        <dt>Request limit</dt>
        <dd data-testid="app-rate-limit-state">${rateLimitText(app, defaultRateLimit)}</dd>
        <dt>Registered</dt>
        <dd>${formatTime(app.createdAt)}</dd>
        <dt>Last changed</dt>
        <dd>${formatTime(app.updatedAt)}</dd>
      </dl>
      ${
        suspended
          ? html`<p class="muted">Suspended: every credential of this app is refused with APP_SUSPENDED.</p>`
          : ''
      }
      ${statusForm}
    </div>
    <h2>Credentials</h2>
    <p class="muted">
      Rotating issues a new pair; the current secret keeps working until its grace window ends. Revoking is
      immediate.
    </p>
    ${MODES.map((mode) => credentialsCard(detail, mode, at, role, csrf))}
    ${namedKeysSection(app.id, detail.credentials, at, role, csrf)}
    <h2>Gateways</h2>
    <p>
      <a href="/admin/apps/${app.id}/gateways" data-testid="app-gateways-link">Gateways of this app</a>
      <span class="muted">: which are on in each mode, and whose credentials each uses.</span>
    </p>
    <h2>Request log</h2>
    <p>
      <a href="/admin/request-log?appId=${app.id}" data-testid="app-request-log-link">Requests of this app</a>
      <span class="muted">: its API requests of the last week, with their answers, redacted.</span>
    </p>
    <h2>Webhook endpoints</h2>
    ${MODES.map((mode) => webhookCard(app.id, mode, detail.endpoints[mode], role, csrf))}
    ${endpointsTable(app.id, detail.allEndpoints, role, csrf)}
    ${settingsCard(app, role, csrf, defaultRateLimit)}`;
}
