import { html, type SafeHtml } from '../../pages/html.js';
import { payoutProgress } from '../payouts/progress-views.js';
import { badge, time } from '../payments/views.js';
import type { RefundPage } from './page-service.js';
import type { AdminRefund } from './service.js';
import {
  decisionForms,
  paymentTimelineList,
  REFUND_PAGE_STYLE,
  requesterText,
  type DecisionForm,
} from './views.js';

/** One refund's page: its facts, who asked and why, its decision (or the forms to make one), its history. */
export function refundDetailBody(page: RefundPage, form: DecisionForm | null): SafeHtml {
  const r = page.refund;
  return html`${REFUND_PAGE_STYLE}
    <p><a href="/admin/refunds?mode=${r.mode}">← Refunds</a></p>
    <h1>Refund <span class="mono">${r.reference}</span></h1>
    ${
      r.destinationNotPayer
        ? html`<p class="flash error" role="alert" data-testid="refund-destination-warning">
            Warning: destination is not the payer. This refund goes to a wallet or account other than the one
            that paid${r.status === 'PENDING_APPROVAL' ? ', so it waits for an approver' : ''}.
          </p>`
        : ''
    }
    <div class="card">
      <dl class="facts refund-facts" data-testid="refund-facts">
        <dt>Amount</dt>
        <dd data-testid="refund-amount">${r.amountFormatted}</dd>
        <dt>Status</dt>
        <dd>${badge(r.status)}</dd>
        <dt>Payment</dt>
        <dd>
          <a class="mono" href="/admin/payments/${r.paymentReference}">${r.paymentReference}</a>
          <span class="muted">(${r.appName ?? r.appId}, ${r.mode})</span>
        </dd>
        <dt>Asked by</dt>
        <dd>${requesterText(page.requester)}</dd>
        <dt>Why</dt>
        <dd data-testid="reason">${r.reason ?? '—'}</dd>
        <dt>Asked</dt>
        <dd>${time(r.createdAt)}</dd>
        ${
          r.approvalExpiresAt
            ? html`<dt>Approval window</dt>
                <dd>until ${time(r.approvalExpiresAt)}</dd>`
            : ''
        }
        <dt>Decision</dt>
        <dd data-testid="decision">
          ${
            r.decision
              ? html`${r.decision.by} ·
                ${time(r.decision.at)}${r.decision.comment ? html`: “${r.decision.comment}”` : ''}`
              : r.status === 'PENDING_APPROVAL' || r.awaitingConfirmation
                ? decisionForms(r, form)
                : html`<span class="muted">None needed</span>`
          }
        </dd>
        ${
          r.gatewayRefundId
            ? html`<dt>Gateway refund id</dt>
                <dd class="mono">${r.gatewayRefundId}</dd>`
            : ''
        }
        ${
          r.failureReason
            ? html`<dt>Failure</dt>
                <dd>${r.failureReason}</dd>`
            : ''
        }
        <dt>Settled</dt>
        <dd>${time(r.settledAt)}</dd>
        ${deliveryFacts(r)}
      </dl>
      <p>
        <a
          class="button secondary"
          href="${r.temporalUrl}"
          target="_blank"
          rel="noopener noreferrer"
          data-testid="refund-temporal-link"
          >Open in Temporal UI</a
        >
      </p>
    </div>

    ${page.payout ? payoutProgress(page.payout) : ''}

    <h2>History</h2>
    ${
      page.history.length
        ? html`<div class="table-wrap">
            <table class="refund-history" data-testid="refund-history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Who</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                ${page.history.map(
                  (entry) =>
                    html`<tr data-testid="refund-history-entry" data-what="${entry.what}">
                      <td>${time(entry.at)}</td>
                      <td>${entry.what}</td>
                      <td>${entry.who}</td>
                      <td>${entry.detail ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">Nothing recorded yet.</p>`
    }

    <h2>The payment's history</h2>
    <div class="card">${paymentTimelineList(page.paymentTimeline)}</div>`;
}

const ROUTE_TEXT: Record<string, string> = {
  GATEWAY: "The payment's gateway refunds it",
  PAYOUT: 'Paid out to the customer by a payout rail',
  FINANCE: 'Finance pays the customer back by hand and confirms it',
};

/** A wallet or account the refund goes to, numbers masked as the refund's view masks them. */
function destinationText(destination: Record<string, unknown>): string {
  if (destination.type === 'BANK_ACCOUNT') {
    return `Bank account ${String(destination.accountNumber)} (${String(destination.accountName)}), routing ${String(destination.routingNumber)}`;
  }
  const wallet = destination.type === 'BKASH_WALLET' ? 'bKash' : 'Nagad';
  return `${wallet} wallet ${String(destination.walletNumber)}${destination.name ? ` (${String(destination.name)})` : ''}`;
}

/** How the money goes back: its route, its rail, where to, by which payout, and when the customer can expect it. */
function deliveryFacts(r: AdminRefund): SafeHtml {
  return html`<dt>Route</dt>
    <dd data-testid="refund-route" data-route="${r.route}">${ROUTE_TEXT[r.route] ?? r.route}</dd>
    <dt>Rail</dt>
    <dd data-testid="refund-rail">${r.rail ?? '—'}</dd>
    ${
      r.destination
        ? html`<dt>To</dt>
            <dd data-testid="refund-destination">${destinationText(r.destination)}</dd>`
        : ''
    }
    ${
      r.route === 'PAYOUT'
        ? html`<dt>Payout</dt>
            <dd>
              ${
                r.payoutReference
                  ? html`<a
                      class="mono"
                      href="/admin/payouts/${r.payoutReference}"
                      data-testid="refund-payout-link"
                      >${r.payoutReference}</a
                    >`
                  : html`<span class="muted" data-testid="refund-payout-link">Not made yet</span>`
              }
            </dd>`
        : ''
    }
    <dt>Expected</dt>
    <dd data-testid="refund-expected-arrival" data-window="${r.expectedArrival.window}">
      ${r.expectedArrival.description}${r.expectedArrival.by ? html`, by ${time(r.expectedArrival.by)}` : ''}
    </dd>`;
}
