import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { companyTime } from '../pages/times.js';
import { money } from '../payments/views.js';
import type { RailSwitchView } from './rail-switch-service.js';

/** HTML of the money-out page (/admin/payouts); its data comes from pages.ts. */

export interface RailBalanceRow {
  rail: string;
  mode: string;
  availableMinor: number;
  currency: string;
  asOf: string;
}

export interface MoneyOutPayoutRow {
  reference: string;
  rail: string;
  mode: string;
  appId: number;
  appName: string | null;
  amountMinor: number;
  currency: string;
  /** When it entered its state (the queue, or the wait for approvers). */
  since: Date;
  approvalsRequired: number;
}

export interface MoneyOutViewer {
  csrfToken: string;
  operatorId: number;
  canDecide: boolean;
  canDecideControls: boolean;
}

const postButton = (
  action: string,
  label: string,
  csrfToken: string,
  testId: string,
  fields: SafeHtml = html``,
) =>
  html`<form method="post" action="${action}" style="display:inline">
    ${csrfField(csrfToken)}${fields}<button type="submit" data-testid="${testId}">${label}</button>
  </form>`;

export function balancesTable(balances: readonly RailBalanceRow[]): SafeHtml {
  if (balances.length === 0) {
    return html`<p class="muted" data-testid="balances-empty">
      No rail has reported its balance yet: a rail reports it when a payout is sent on it.
    </p>`;
  }
  return html`<table data-testid="rail-balances">
    <thead>
      <tr>
        <th>Rail</th>
        <th>Mode</th>
        <th>Available</th>
        <th>As the rail said at</th>
      </tr>
    </thead>
    <tbody>
      ${balances.map(
        (row) =>
          html`<tr data-testid="rail-balance" data-rail="${row.rail}" data-mode="${row.mode}">
            <td>${row.rail}</td>
            <td>${row.mode}</td>
            <td data-testid="rail-balance-amount">${money(row.availableMinor, row.currency)}</td>
            <td>${companyTime(row.asOf)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Each rail and mode: its switch, its queue's length, the proposal waiting on it, and what the viewer may do. */
export function railsTable(
  switches: readonly RailSwitchView[],
  queued: ReadonlyMap<string, number>,
  viewer: MoneyOutViewer,
): SafeHtml {
  return html`<table data-testid="rail-switches">
    <thead>
      <tr>
        <th>Rail</th>
        <th>Mode</th>
        <th>Switch</th>
        <th>Queued</th>
        <th>Actions</th>
      </tr>
    </thead>
    <tbody>
      ${switches.map((entry) => {
        const base = `/admin/payouts/rails/${entry.rail}/${entry.mode}`;
        const waiting = entry.pendingChange;
        const own = waiting !== null && waiting.proposedByOperatorId === viewer.operatorId;
        const switchForm = !viewer.canDecide
          ? html``
          : entry.on
            ? postButton(
                `${base}/switch`,
                'Switch off',
                viewer.csrfToken,
                'rail-switch-off',
                html`<input type="hidden" name="on" value="false" />`,
              )
            : waiting
              ? html``
              : postButton(
                  `${base}/switch`,
                  entry.mode === 'LIVE' ? 'Propose switching on' : 'Switch on',
                  viewer.csrfToken,
                  'rail-switch-on',
                  html`<input type="hidden" name="on" value="true" />`,
                );
        const decide = (verb: 'approve' | 'reject' | 'withdraw', label: string) =>
          postButton(
            `/admin/payouts/rail-switch-changes/${String(waiting!.id)}/${verb}`,
            label,
            viewer.csrfToken,
            `rail-switch-${verb}`,
          );
        return html`<tr
          data-testid="rail-switch"
          data-rail="${entry.rail}"
          data-mode="${entry.mode}"
          data-on="${String(entry.on)}"
        >
          <td>
            ${entry.rail}${entry.configured ? html`` : html` <span class="muted">(not configured)</span>`}
          </td>
          <td>${entry.mode}</td>
          <td data-testid="rail-switch-state">
            ${
              entry.configured
                ? html`<strong>${entry.on ? 'ON' : 'OFF'}</strong>`
                : // A switch that is on says nothing of a rail with no credentials: it pays nothing.
                  html`<strong>NOT CONFIGURED</strong>
                    <span class="muted">(switch ${entry.on ? 'on' : 'off'})</span>`
            }
            ${entry.changedAt ? html`<span class="muted">since ${companyTime(entry.changedAt)}</span>` : html``}
            ${
              waiting
                ? html`<div data-testid="rail-switch-pending">
                    Switching on proposed by operator ${String(waiting.proposedByOperatorId)} at
                    ${companyTime(waiting.proposedAt)}; waits for another ADMIN
                  </div>`
                : html``
            }
          </td>
          <td data-testid="rail-queued">${String(queued.get(`${entry.rail} ${entry.mode}`) ?? 0)}</td>
          <td>
            ${switchForm}
            ${waiting && viewer.canDecideControls && !own ? decide('approve', 'Approve switching on') : html``}
            ${waiting && viewer.canDecideControls && !own ? decide('reject', 'Reject') : html``}
            ${waiting && own ? decide('withdraw', 'Withdraw proposal') : html``}
            ${
              viewer.canDecide && entry.on && (queued.get(`${entry.rail} ${entry.mode}`) ?? 0) > 0
                ? postButton(
                    `${base}/recheck`,
                    'Recheck queue after a top-up',
                    viewer.csrfToken,
                    'rail-recheck',
                  )
                : html``
            }
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function payoutRows(
  rows: readonly MoneyOutPayoutRow[],
  testId: string,
  actions: (row: MoneyOutPayoutRow) => SafeHtml,
): SafeHtml {
  return html`<table data-testid="${testId}">
    <thead>
      <tr>
        <th>Payout</th>
        <th>Rail</th>
        <th>Mode</th>
        <th>App</th>
        <th>Amount</th>
        <th>Since</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr data-testid="${testId}-row" data-reference="${row.reference}" data-rail="${row.rail}">
            <td>${row.reference}</td>
            <td>${row.rail}</td>
            <td>${row.mode}</td>
            <td>${row.appName ?? String(row.appId)}</td>
            <td>${money(row.amountMinor, row.currency)}</td>
            <td>${companyTime(row.since)}</td>
            <td>${actions(row)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function queueTable(rows: readonly MoneyOutPayoutRow[]): SafeHtml {
  if (rows.length === 0) return html`<p class="muted" data-testid="queue-empty">No payout is queued.</p>`;
  return payoutRows(rows, 'queued-payouts', () => html``);
}

export function waitingTable(rows: readonly MoneyOutPayoutRow[], viewer: MoneyOutViewer): SafeHtml {
  if (rows.length === 0) {
    return html`<p class="muted" data-testid="waiting-empty">No payout waits for approval.</p>`;
  }
  return payoutRows(rows, 'waiting-payouts', (row) =>
    viewer.canDecide
      ? html`${postButton(`/admin/payouts/${row.reference}/approve`, 'Approve', viewer.csrfToken, 'payout-approve')}
          ${postButton(`/admin/payouts/${row.reference}/reject`, 'Reject', viewer.csrfToken, 'payout-reject')}
          <span class="muted">${String(row.approvalsRequired)} approval(s) needed</span>`
      : html``,
  );
}
