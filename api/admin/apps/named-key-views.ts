import { credentialState } from '../../../db/apps/credentials.js';
import { SCOPES } from '../../../domain/apps/scopes.js';
import { can, type Role } from '../../../domain/operators/permissions.js';
import { MODES } from '../../../domain/shared/mode.js';
import type { App, Credential } from '../../../platform/orm/entities.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { companyTime } from '../pages/times.js';

/** The app page's named keys: each with its scopes, a form to issue one, and its one-time secret. */

const badge = (status: string, testid: string) =>
  html`<span class="badge ${status}" ${new SafeHtml(`data-testid="${testid}"`)}>${status}</span>`;

const SCOPE_HINTS: Record<(typeof SCOPES)[number], string> = {
  read: 'read payments, refunds, invoices, events',
  reporting: 'read, plus ledger balance, request log, event stream',
  payments: 'create payments and invoices',
  refunds: 'ask for refunds',
  payouts: 'send payouts',
  webhooks: 'change webhook endpoints and their secrets',
};

export function namedKeysSection(
  appId: number,
  credentials: Credential[],
  at: Date,
  role: Role,
  csrf: string,
): SafeHtml {
  const named = credentials.filter((c) => c.scopes);
  const rows = named.map((credential) => {
    const state = credentialState(credential, at);
    return html`<tr data-testid="named-key-row-${credential.id}">
      <td>${credential.name ?? ''}</td>
      <td>${credential.mode}</td>
      <td class="mono">${credential.apiKey}</td>
      <td data-testid="named-key-scopes-${credential.id}">${(credential.scopes ?? []).join(', ')}</td>
      <td>${badge(state, `named-key-status-${credential.id}`)}</td>
      <td>${companyTime(credential.lastUsedAt)}</td>
      <td>
        ${
          state === 'ACTIVE' && can(role, 'credentials.revoke')
            ? html`<form
                class="inline"
                method="post"
                action="/admin/apps/${appId}/credentials/${credential.id}/revoke"
              >
                ${csrfField(csrf)}
                <button type="submit" class="danger" data-testid="revoke-named-${credential.id}">
                  Revoke now
                </button>
              </form>`
            : ''
        }
      </td>
    </tr>`;
  });
  const form = can(role, 'credentials.rotate')
    ? html`<form method="post" action="/admin/apps/${appId}/keys" data-testid="named-key-form">
        ${csrfField(csrf)}
        <label
          >Name
          <input
            name="name"
            required
            maxlength="63"
            data-testid="named-key-name"
            placeholder="e.g. BI export"
        /></label>
        <label
          >Mode
          <select name="mode" data-testid="named-key-mode">
            ${MODES.map((mode) => html`<option value="${mode}">${mode}</option>`)}
          </select></label
        >
        <fieldset>
          <legend>Scopes</legend>
          ${SCOPES.map(
            (scope) =>
              html`<label
                ><input
                  type="checkbox"
                  name="scope_${scope}"
                  value="on"
                  data-testid="named-key-scope-${scope}"
                />
                <span class="mono">${scope}</span> <span class="muted">${SCOPE_HINTS[scope]}</span></label
              >`,
          )}
        </fieldset>
        <button type="submit" data-testid="named-key-issue">Issue key</button>
      </form>`
    : '';
  return html`<h2>Named keys</h2>
    <p class="muted">
      Keys for one job each, holding only the scopes chosen (every scope includes read). A request beyond a
      key's scopes is refused with INSUFFICIENT_SCOPE. The app's own pairs above hold every scope. A LIVE key
      with refunds or payouts waits for a FINANCE or ADMIN operator other than you to approve it; you then
      collect it once from <a href="/admin/key-requests">Key requests</a>.
    </p>
    <div class="card" data-testid="named-keys">
      ${
        named.length
          ? html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Mode</th>
                    <th scope="col">Key</th>
                    <th scope="col">Scopes</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last used</th>
                    <th scope="col"><span class="muted">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted" data-testid="no-named-keys">No named keys.</p>`
      }
      ${form}
    </div>`;
}

/** The page after issuing: the secret, once. */
export function issuedNamedKeyBody(input: { app: App; credential: Credential; secret: string }): SafeHtml {
  return html`<h1>Named key "${input.credential.name ?? ''}" for ${input.app.displayName}</h1>
    <p class="flash error" role="alert" data-testid="secrets-note">
      <strong>Copy now: shown once.</strong> The secret is not stored and cannot be shown again.
    </p>
    <div class="card">
      <p>
        ${input.credential.mode}, scopes:
        <span data-testid="issued-key-scopes">${(input.credential.scopes ?? []).join(', ')}</span>
      </p>
      <div class="mono" data-testid="issued-key">${input.credential.apiKey}</div>
      <div class="secret" data-testid="issued-secret">${input.secret}</div>
    </div>
    <p>
      <a class="button" href="/admin/apps/${input.app.id}" data-testid="secrets-done">Back to the app</a>
    </p>`;
}
