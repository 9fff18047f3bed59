import { guardrailsText, type Guardrails } from '../../../domain/apps/guardrails.js';
import { CONTROL_CHANGE_STATUSES } from '../../../domain/operators/control-changes.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { options, time } from '../payments/views.js';
import { rulesForm, rulesText } from './rules-views.js';
import { payoutRulesForm, payoutRulesText } from './payout-rules-views.js';
import type { PayoutRules } from '../../../domain/payouts/payout-rules.js';
import type { ControlChangeView, ModeControls, RefundApprovalSetting } from './service.js';

/** The controls pages: an app's controls with their forms, and the queue of proposals to loosen them. */

const approvalsText = (approvals: number) =>
  approvals === 2 ? 'Two operators (maker-checker)' : 'The operator who records them';

/** A proposal's setting in words. */
export function settingText(
  change: Pick<ControlChangeView, 'kind'>,
  value: ControlChangeView['currentValue'],
) {
  if (change.kind === 'GUARDRAILS') return guardrailsText((value as { guardrails: Guardrails }).guardrails);
  if (change.kind === 'PAYOUT_APPROVAL') {
    return payoutRulesText((value as { payoutRules: PayoutRules }).payoutRules);
  }
  return change.kind === 'REFUND_APPROVAL'
    ? rulesText((value as RefundApprovalSetting).rules)
    : `Receipts confirmed by: ${approvalsText((value as { approvals: number }).approvals)}`;
}

const KIND_LABEL = {
  REFUND_APPROVAL: 'Refund approval',
  PAYOUT_APPROVAL: 'Payout rules',
  RECEIPT_APPROVALS: 'Receipt approvals',
  GUARDRAILS: 'Guardrails',
} as const;

/** Who is looking, and what they may do with a proposal. */
export interface ChangeActions {
  csrfToken: string;
  operatorId: number;
  canDecide: boolean;
  returnTo: string;
}

function changeActions(change: ControlChangeView, actions: ChangeActions): SafeHtml {
  if (change.status !== 'PENDING') return html`<span class="muted">${change.comment ?? ''}</span>`;
  const form = (verb: string, label: string) =>
    html`<form method="post" action="/admin/control-changes/${change.id}/${verb}" class="row">
      ${csrfField(actions.csrfToken)}<input type="hidden" name="returnTo" value="${actions.returnTo}" />
      <input name="comment" placeholder="Comment" maxlength="500" />
      <button type="submit" data-testid="control-change-${verb}-${change.id}">${label}</button>
    </form>`;
  if (change.proposedByOperatorId === actions.operatorId) {
    return html`<span class="muted">Your proposal: another ADMIN decides it.</span
      >${form('withdraw', 'Withdraw')}`;
  }
  if (!actions.canDecide) return html`<span class="muted">Waiting for an ADMIN</span>`;
  return html`${
    change.stale
      ? html`<p class="muted">The control changed since this was proposed: it can only be rejected.</p>`
      : form('approve', 'Approve')
  }
  ${form('reject', 'Reject')}`;
}

export function changeTable(changes: ControlChangeView[], actions: ChangeActions): SafeHtml {
  if (!changes.length) return html`<p class="muted" data-testid="control-changes-empty">No proposals.</p>`;
  return html`<table data-testid="control-changes">
    <thead>
      <tr>
        <th>App</th>
        <th>Mode</th>
        <th>Control</th>
        <th>From</th>
        <th>To</th>
        <th>Proposed</th>
        <th>Status</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${changes.map(
        (c) =>
          html`<tr data-testid="control-change-${c.id}">
            <td><a href="/admin/apps/${c.appId}/controls">${c.appName ?? `#${c.appId}`}</a></td>
            <td>${c.mode}</td>
            <td>${KIND_LABEL[c.kind]}</td>
            <td>${settingText(c, c.currentValue)}</td>
            <td>${settingText(c, c.proposedValue)}</td>
            <td>operator #${c.proposedByOperatorId}, ${time(c.proposedAt)}</td>
            <td>${c.status}${c.stale ? ' (stale)' : ''}</td>
            <td>${changeActions(c, actions)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function statusFilter(status: string | undefined): SafeHtml {
  return html`<form method="get" action="/admin/controls" class="card row">
    <label
      >Status
      <select name="status" data-testid="control-status-filter">
        ${options(CONTROL_CHANGE_STATUSES, status, 'Any status')}
      </select></label
    >
    <button type="submit">Filter</button>
  </form>`;
}

/** One mode's controls with the forms that change them (a loosening becomes a proposal). */
export function modeControlsCard(
  appId: number,
  mode: Mode,
  controls: ModeControls,
  form: { csrfToken: string; canSetRefunds: boolean; canSetReceipts: boolean },
): SafeHtml {
  const { rules } = controls.refundApproval;
  const refundForm = form.canSetRefunds ? rulesForm(appId, mode, rules, form.csrfToken) : html``;
  const payoutForm = form.canSetRefunds
    ? payoutRulesForm(appId, mode, controls.payoutRules, form.csrfToken)
    : html``;
  const receiptForm = form.canSetReceipts
    ? html`<form
        method="post"
        action="/admin/apps/${appId}/controls/${mode}/receipt-approvals"
        class="row"
        data-testid="receipt-approvals-form-${mode}"
      >
        ${csrfField(form.csrfToken)}
        <select name="approvals">
          ${[1, 2].map(
            (n) =>
              html`<option value="${n}" ${controls.receiptApprovals === n ? 'selected' : ''}>
                ${approvalsText(n)}
              </option>`,
          )}
        </select>
        <button type="submit">Save</button>
      </form>`
    : html``;
  return html`<section class="card" data-testid="controls-${mode}">
    <h2>${mode}</h2>
    <p data-testid="refund-approval-${mode}"><strong>Refund approval:</strong> ${rulesText(rules)}</p>
    ${refundForm}
    <p data-testid="payout-rules-${mode}">
      <strong>Payouts:</strong> ${payoutRulesText(controls.payoutRules)}
    </p>
    ${payoutForm}
    <p data-testid="receipt-approvals-${mode}">
      <strong>Manual receipts confirmed by:</strong> ${approvalsText(controls.receiptApprovals)}
    </p>
    ${receiptForm}
  </section>`;
}

/** On an app's page: its controls in a line per mode, and the proposals waiting on them. */
export function controlsSummary(appId: number, controls: Record<Mode, ModeControls>): SafeHtml {
  const modes: Mode[] = ['TEST', 'LIVE'];
  const pending = modes.flatMap((mode) => controls[mode].pendingChanges);
  return html`<section class="card" data-testid="app-controls">
    <h2>Controls</h2>
    ${modes.map(
      (mode) =>
        html`<p>
          <strong>${mode}:</strong> ${rulesText(controls[mode].refundApproval.rules)};
          ${payoutRulesText(controls[mode].payoutRules).toLowerCase()}; manual receipts confirmed by
          ${approvalsText(controls[mode].receiptApprovals).toLowerCase()}.
        </p>`,
    )}
    ${
      pending.length
        ? html`<p data-testid="app-controls-pending">
            ${pending.length} proposal(s) to loosen a control wait for a second ADMIN:
            ${pending.map((c) => html`${c.mode} ${KIND_LABEL[c.kind]} → ${settingText(c, c.proposedValue)}. `)}
          </p>`
        : html``
    }
    <p><a href="/admin/apps/${appId}/controls" data-testid="app-controls-link">Change the controls</a></p>
  </section>`;
}
