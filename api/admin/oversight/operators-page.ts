import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listOperators, setOperatorStatus, type OperatorView } from '../../../db/operators/operator-admin.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { ROLES, type Role } from '../../../domain/operators/permissions.js';
import type { RouteDeps } from '../../deps.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { parseWith } from '../../validation.js';
import { admin, csrfField, redirectWith, render } from '../pages/page-context.js';
import { now } from '../session.js';
import { proposerOf } from '../people/api.js';
import {
  decidePeopleChange,
  peopleChangeList,
  proposeEnable,
  proposeNewOperator,
  proposeReset,
  proposeRoleChange,
  type PeopleChangeView,
} from '../people/service.js';
import { controlDecisionBody } from '../controls/schemas.js';
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
        Propose password reset
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
              Propose second-factor reset
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
        <button type="submit" data-testid="create-operator-submit">Propose operator</button>
      </div>
      <p class="muted">
        A local account is for break-glass: people normally come from the identity provider. Another ADMIN
        approves the proposal; the person then receives a link by email and chooses their own password.
      </p>
    </form>
  </section>`;
}

/** GET /admin/operators: the list, with forms to add, change the role, disable and enable. */
export async function operatorsPage(deps: RouteDeps, ctx: Context): Promise<void> {
  const { operator: me, session } = admin(ctx);
  const operators = await listOperators(deps.orm.em.fork() as EntityManager);
  const waiting = await peopleChangeList(deps, { status: 'PENDING', page: 1, size: 100 });
  const emails = new Map(operators.map((o) => [o.id, o.email]));
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
      ${pendingSection(waiting.items, me.id, emails, session.csrfToken)} ${createForm(session.csrfToken)}`,
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

const KIND_WORDS: Record<PeopleChangeView['kind'], string> = {
  CREATE_OPERATOR: 'New local account',
  GRANT_ROLE: 'Grant a role',
  RESET_PASSWORD: 'Password reset (link emailed to them)',
  RESET_SECOND_FACTOR: 'Second-factor reset',
  ENABLE_OPERATOR: 'Re-enable a disabled account',
  LINK_IDENTITY: 'Link to an identity-provider person',
};

function pendingSection(
  changes: PeopleChangeView[],
  selfId: number,
  emails: Map<number, string>,
  csrf: string,
): SafeHtml {
  if (!changes.length) return html``;
  const button = (change: PeopleChangeView, verb: string, label: string, style: string) =>
    html`<form method="post" action="/admin/people-changes/${change.id}/${verb}" class="inline">
      ${csrfField(csrf)}
      <button type="submit" class="${style}" data-testid="people-${verb}-${change.id}">${label}</button>
    </form>`;
  return html`<section class="card" aria-labelledby="people-title" data-testid="people-changes">
    <h2 id="people-title">Changes to people waiting for a second ADMIN</h2>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Account</th>
            <th scope="col">Role</th>
            <th scope="col">Proposed by</th>
            <th scope="col">Decide</th>
          </tr>
        </thead>
        <tbody>
          ${changes.map(
            (change) =>
              html`<tr data-testid="people-change" data-id="${change.id}">
                <td>${KIND_WORDS[change.kind]}</td>
                <td>${change.email}</td>
                <td>${change.fromRole ? `${change.fromRole} → ` : ''}${change.role ?? ''}</td>
                <td>${emails.get(change.proposedByOperatorId) ?? `#${change.proposedByOperatorId}`}</td>
                <td>
                  ${
                    change.proposedByOperatorId === selfId
                      ? button(change, 'withdraw', 'Withdraw', 'secondary')
                      : html`${button(change, 'approve', 'Approve', '')}
                        ${button(change, 'reject', 'Reject', 'danger')}`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

export function createOperatorForm(deps: RouteDeps) {
  return (ctx: Context, fields: Record<string, string>) =>
    withFlash(ctx, async () => {
      const input = parseWith(createOperatorBody, fields);
      const proposed = await proposeNewOperator(deps, proposerOf(ctx), input);
      return `Proposed ${proposed.email} as ${proposed.role}: another ADMIN approves it, then they receive a link by email.`;
    });
}

export function changeRoleForm(deps: RouteDeps) {
  return (ctx: Context, fields: Record<string, string>) =>
    withFlash(ctx, async () => {
      const id = parseWith(operatorIdParam, ctx.params.id);
      const { role } = parseWith(updateOperatorBody, fields);
      const outcome = await proposeRoleChange(deps, proposerOf(ctx), { id, role });
      return outcome.applied
        ? `${outcome.operator.email} is now ${outcome.operator.role}.`
        : `Proposed ${outcome.change.email} as ${role}: another ADMIN approves it.`;
    });
}

/** Disabling applies at once; re-enabling is proposed, and another ADMIN approves it. */
export function statusForm(deps: RouteDeps, status: 'ACTIVE' | 'DISABLED') {
  return (ctx: Context) =>
    withFlash(ctx, async () => {
      const id = parseWith(operatorIdParam, ctx.params.id);
      if (status === 'ACTIVE') {
        const proposed = await proposeEnable(deps, proposerOf(ctx), id);
        return `Proposed re-enabling ${proposed.email}: another ADMIN approves it.`;
      }
      const changed = await setOperatorStatus(db(deps), actingOperator(ctx), { id, status, now: now(deps) });
      return `Disabled ${changed.email} and signed them out everywhere.`;
    });
}

/** Proposes removing another operator's second factor (a lost phone); another ADMIN approves it. */
export function secondFactorResetForm(deps: RouteDeps) {
  return (ctx: Context) =>
    withFlash(ctx, async () => {
      const id = parseWith(operatorIdParam, ctx.params.id);
      const proposed = await proposeReset(deps, proposerOf(ctx), { id, kind: 'RESET_SECOND_FACTOR' });
      return `Proposed removing the second factor of ${proposed.email}: another ADMIN approves it.`;
    });
}

/** Proposes a password reset: on approval the link goes to the operator by email, never to this page. */
export function passwordResetForm(deps: RouteDeps) {
  return (ctx: Context) =>
    withFlash(ctx, async () => {
      const id = parseWith(operatorIdParam, ctx.params.id);
      const proposed = await proposeReset(deps, proposerOf(ctx), { id, kind: 'RESET_PASSWORD' });
      return `Proposed a password reset for ${proposed.email}: on approval the link goes to them by email.`;
    });
}

/** Approves, rejects or withdraws a waiting change to people. */
export function peopleDecisionForm(deps: RouteDeps, decision: 'APPROVE' | 'REJECT' | 'WITHDRAW') {
  return (ctx: Context, fields: Record<string, string>) =>
    withFlash(ctx, async () => {
      const { comment } = parseWith(controlDecisionBody, {
        ...(fields.comment ? { comment: fields.comment } : {}),
      });
      const decided = await decidePeopleChange(
        deps,
        proposerOf(ctx),
        ctx.params.id!,
        decision,
        comment ?? null,
      );
      return `${KIND_WORDS[decided.kind]} for ${decided.email}: ${decided.status.toLowerCase()}.`;
    });
}
