import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import {
  addOperator,
  changeOperatorRole,
  listOperators,
  setOperatorStatus,
  type OperatorView,
} from '../../../db/operator-admin.js';
import { ApiError } from '../../../domain/errors.js';
import { MIN_PASSWORD_LENGTH } from '../../../domain/passwords.js';
import { ROLES, type Role } from '../../../domain/permissions.js';
import type { RouteDeps } from '../../deps.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { parseWith } from '../../validation.js';
import { admin, csrfField, redirectWith, render } from '../pages/page-context.js';
import { auditActor, now } from '../session.js';
import { issueOperatorPasswordReset, resetOperatorSecondFactor } from '../account/service.js';
import { actingOperator } from './api.js';
import { when } from './audit-page.js';
import { AREA_STYLE, problemText } from './page-helpers.js';
import { createOperatorBody, operatorIdParam, updateOperatorBody } from './schemas.js';

const ROLE_HINTS: Record<Role, string> = {
  ADMIN: 'everything, including operators',
  FINANCE: 'refund approval, ledger, reconciliation',
  DEVELOPER: 'apps, credentials, webhooks',
  SUPPORT: 'read payments, resend webhooks',
  VIEWER: 'read only',
};

function roleOptions(selected: Role | null): SafeHtml[] {
  return ROLES.map(
    (role) =>
      html`<option value="${role}" ${selected === role ? html`selected` : ''}>
        ${role} (${ROLE_HINTS[role]})
      </option>`,
  );
}

function actions(operator: OperatorView, selfId: number, csrf: string): SafeHtml {
  if (operator.id === selfId) return html`<span class="muted">This is you</span>`;
  const roleForm = html`<form
    method="post"
    action="/admin/operators/${operator.id}/role"
    class="inline"
    data-testid="role-form-${operator.id}"
  >
    ${csrfField(csrf)}
    <select name="role" aria-label="Role of ${operator.email}">
      ${roleOptions(operator.role)}
    </select>
    <button type="submit" class="secondary">Change role</button>
  </form>`;
  const disabled = operator.status === 'DISABLED';
  const statusForm = html`<form
    method="post"
    action="/admin/operators/${operator.id}/${disabled ? 'enable' : 'disable'}"
    class="inline"
  >
    ${csrfField(csrf)}
    <button
      type="submit"
      class="${disabled ? 'secondary' : 'danger'}"
      data-testid="${disabled ? 'enable' : 'disable'}-${operator.id}"
    >
      ${disabled ? 'Enable' : 'Disable'}
    </button>
  </form>`;
  const resetForms = html`<form
      method="post"
      action="/admin/operators/${operator.id}/password-reset"
      class="inline"
    >
      ${csrfField(csrf)}
      <button type="submit" class="secondary" data-testid="password-reset-${operator.id}">
        Password reset link
      </button>
    </form>
    ${
      operator.secondFactor
        ? html`<form
            method="post"
            action="/admin/operators/${operator.id}/second-factor/reset"
            class="inline"
          >
            ${csrfField(csrf)}
            <button type="submit" class="danger" data-testid="second-factor-reset-${operator.id}">
              Reset second factor
            </button>
          </form>`
        : ''
    }`;
  return html`<div class="row">${roleForm} ${statusForm} ${resetForms}</div>`;
}

function createForm(csrf: string): SafeHtml {
  return html`<section class="card" aria-labelledby="create-title">
    <h2 id="create-title">Add an operator</h2>
    <form method="post" action="/admin/operators" data-testid="create-operator">
      ${csrfField(csrf)}
      <div class="row">
        <label>Email <input type="email" name="email" autocomplete="off" required maxlength="254" /></label>
        <label
          >Role
          <select name="role" required>
            ${roleOptions('VIEWER')}
          </select></label
        >
        <label
          >Initial password
          <input
            type="password"
            name="password"
            autocomplete="new-password"
            required
            minlength="${MIN_PASSWORD_LENGTH}"
        /></label>
        <button type="submit" data-testid="create-operator-submit">Add operator</button>
      </div>
      <p class="muted">
        At least ${MIN_PASSWORD_LENGTH} characters. Give it to them over a safe channel; changing operators
        asks for your password again if you have not confirmed it in the last few minutes.
      </p>
    </form>
  </section>`;
}

/** GET /admin/operators: the list, with forms to add, change the role, disable and enable. */
export async function operatorsPage(deps: RouteDeps, ctx: Context): Promise<void> {
  const { operator: me, session } = admin(ctx);
  const operators = await listOperators(deps.orm.em.fork() as EntityManager);
  render(ctx, {
    title: 'Operators',
    active: 'operators',
    body: html`${AREA_STYLE}
      <h1>Operators</h1>
      <div class="table-wrap">
        <table data-testid="operators-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Second factor</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            ${operators.map(
              (operator) =>
                html`<tr data-testid="operator-row" data-email="${operator.email}">
                  <th scope="row">${operator.email}</th>
                  <td data-testid="operator-role">${operator.role}</td>
                  <td>
                    <span class="badge ${operator.status}" data-testid="operator-status"
                      >${operator.status}</span
                    >
                  </td>
                  <td data-testid="operator-second-factor">${operator.secondFactor ?? 'none'}</td>
                  <td>${operator.lastLoginAt ? when(new Date(operator.lastLoginAt)) : 'never'}</td>
                  <td>${actions(operator, me.id, session.csrfToken)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${createForm(session.csrfToken)}`,
  });
}

/** Runs a form's change; bad input or a refused change comes back as a flash, never a 500. */
async function withFlash(ctx: Context, change: () => Promise<string>): Promise<void> {
  try {
    redirectWith(ctx, '/admin/operators', { ok: await change() });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    redirectWith(ctx, '/admin/operators', { error: problemText(error) });
  }
}

const db = (deps: RouteDeps) => deps.orm.em.fork() as EntityManager;

export function createOperatorForm(deps: RouteDeps) {
  return (ctx: Context, fields: Record<string, string>) =>
    withFlash(ctx, async () => {
      const input = parseWith(createOperatorBody, fields);
      const created = await addOperator(db(deps), auditActor(ctx), { ...input, now: now(deps) });
      return `Added ${created.email} as ${created.role}.`;
    });
}

export function changeRoleForm(deps: RouteDeps) {
  return (ctx: Context, fields: Record<string, string>) =>
    withFlash(ctx, async () => {
      const id = parseWith(operatorIdParam, ctx.params.id);
      const { role } = parseWith(updateOperatorBody, fields);
      const changed = await changeOperatorRole(db(deps), actingOperator(ctx), { id, role, now: now(deps) });
      return `${changed.email} is now ${changed.role}.`;
    });
}

export function statusForm(deps: RouteDeps, status: 'ACTIVE' | 'DISABLED') {
  return (ctx: Context) =>
    withFlash(ctx, async () => {
      const id = parseWith(operatorIdParam, ctx.params.id);
      const changed = await setOperatorStatus(db(deps), actingOperator(ctx), { id, status, now: now(deps) });
      return status === 'DISABLED'
        ? `Disabled ${changed.email} and signed them out everywhere.`
        : `Enabled ${changed.email}.`;
    });
}

/** Removes another operator's second factor (a lost phone); they enrol again at their next sign-in. */
export function secondFactorResetForm(deps: RouteDeps) {
  return (ctx: Context) =>
    withFlash(ctx, async () => {
      const id = parseWith(operatorIdParam, ctx.params.id);
      const reset = await resetOperatorSecondFactor(deps, ctx, id);
      return `Removed the second factor of ${reset.email} and signed them out everywhere.`;
    });
}

/**
 * Issues a one-time password reset link and shows it once, on this page alone (not in a redirect,
 * where it would sit in the browser's history).
 */
export function passwordResetForm(deps: RouteDeps) {
  return async (ctx: Context) => {
    try {
      const id = parseWith(operatorIdParam, ctx.params.id);
      const issued = await issueOperatorPasswordReset(deps, ctx, admin(ctx), id);
      render(ctx, {
        title: 'Password reset link',
        active: 'operators',
        body: html`<div class="card" data-testid="password-reset-issued">
          <h1>Password reset link for ${issued.email}</h1>
          <p>
            Give this link to ${issued.email} over a safe channel. It works once, until ${issued.expiresAt};
            their current sessions end when they use it.
          </p>
          <p class="secret" data-testid="password-reset-url">${issued.resetUrl}</p>
          <p><a href="/admin/operators">Back to operators</a></p>
        </div>`,
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      redirectWith(ctx, '/admin/operators', { error: problemText(error) });
    }
  };
}
