import { html, type SafeHtml } from '../../pages/html.js';
import { companyTime } from '../pages/times.js';
import { formatMoney, isCurrency } from '../../../domain/shared/money.js';
import type { WaitingView } from './service.js';

/** What a detail means, where its code alone would not tell an approver. */
const DETAIL_TEXT: Readonly<Record<string, string>> = {
  DESTINATION_NOT_PAYER: 'destination is not the payer',
  PARKED: 'parked money',
  PAYOUTS_ON: 'turns LIVE payouts on',
};

function amountOf(item: WaitingView): string {
  if (item.amountMinor === null || item.currency === null || !isCurrency(item.currency)) return '';
  return formatMoney(item.amountMinor, item.currency);
}

/** The queue as a table: what, how much, who asked and when, approvals so far, and where to decide. */
export function approvalsTable(items: readonly WaitingView[], testId: string): SafeHtml {
  if (!items.length) return html`<p class="muted" data-testid="${testId}">Nothing waits here.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="${testId}">
      <thead>
        <tr>
          <th>What</th>
          <th>Amount</th>
          <th>App</th>
          <th>Asked</th>
          <th>Expires</th>
          <th>Approvals</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) =>
            html`<tr data-kind="${item.kind}" data-id="${item.id}">
              <td>
                <strong>${item.title}</strong><br /><span class="muted"
                  >${item.kind}
                  ${item.id}${item.detail ? ` · ${DETAIL_TEXT[item.detail] ?? item.detail}` : ''}${item.mode ? ` · ${item.mode}` : ''}</span
                >
              </td>
              <td>${amountOf(item)}</td>
              <td>${item.appId === null ? '' : String(item.appId)}</td>
              <td>
                ${companyTime(new Date(item.requestedAt))}${item.mine ? html`<br /><em>by you</em>` : ''}
              </td>
              <td data-testid="closes-at">${item.closesAt ? companyTime(new Date(item.closesAt)) : ''}</td>
              <td>${String(item.approvalsSoFar)} of ${String(item.approvalsRequired)}</td>
              <td>
                <a href="${item.page}">Open</a
                >${item.whyNot ? html`<br /><span class="muted">${item.whyNot}</span>` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
