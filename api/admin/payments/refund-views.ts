import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { majorUnitsField } from '../pages/major-units-field.js';
import type { PaymentRefunds } from './refund-service.js';
import { badge, time } from './views.js';

/** Who is looking, when they may refund: the session's CSRF token and this drawing's form token. */
export interface RefundFormAccess {
  csrfToken: string;
  formToken: string;
}

/**
 * A payment's refunds and, for operators who may refund, the form: the amount typed in the
 * payment's currency (blank: everything left), and why. It goes through the app's approval policy
 * as any refund does, and may wait for a second operator.
 */
export function paymentRefundSection(refunds: PaymentRefunds, access: RefundFormAccess | null): SafeHtml {
  const list = refunds.refunds.length
    ? html`<div class="table-wrap">
        <table data-testid="payment-refunds">
          <thead>
            <tr>
              <th scope="col">Refund</th>
              <th scope="col">Amount</th>
              <th scope="col">Status</th>
              <th scope="col">Why</th>
              <th scope="col">Asked</th>
            </tr>
          </thead>
          <tbody>
            ${refunds.refunds.map(
              (r) =>
                html`<tr data-testid="payment-refund" data-reference="${r.reference}">
                  <td><a class="mono" href="/admin/refunds/${r.reference}">${r.reference}</a></td>
                  <td>${r.amountFormatted}</td>
                  <td>${badge(r.status)}</td>
                  <td style="overflow-wrap:anywhere">${r.reason ?? '—'}</td>
                  <td>${time(r.createdAt)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    : html`<p class="muted">No refunds yet.</p>`;
  const left = html`<p data-testid="refundable">
    Left to refund: <strong>${refunds.refundableFormatted}</strong>
  </p>`;
  const form =
    access && refunds.refundableMinor > 0
      ? html`<form
          method="post"
          action="/admin/payments/${refunds.paymentReference}/refunds"
          class="card"
          data-testid="refund-form"
        >
          ${csrfField(access.csrfToken)}
          <input type="hidden" name="formToken" value="${access.formToken}" />
          ${left}
          <div class="row">
            ${majorUnitsField({
              name: 'amount',
              label: 'Amount',
              currency: refunds.currency,
              placeholder: `blank: all ${refunds.refundableFormatted}`,
              testId: 'refund-amount-input',
            })}
            <label style="flex:1"
              >Why (the approver reads this; sent to the gateway)
              <input type="text" name="reason" maxlength="255" required data-testid="refund-reason-input"
            /></label>
            <button type="submit" data-testid="refund-submit">Refund</button>
          </div>
          <p class="muted">
            Refunds above the app's approval threshold wait for another FINANCE or ADMIN operator before any
            money moves. If you last confirmed your password (or code) more than five minutes ago, you are
            asked for it again.
          </p>
        </form>`
      : refunds.refundableMinor > 0
        ? left
        : html`<p class="muted" data-testid="not-refundable">
            ${
              refunds.status === 'SUCCEEDED' || refunds.status === 'PARTIALLY_REFUNDED'
                ? 'Nothing is left to refund on this payment.'
                : `A ${refunds.status} payment cannot be refunded.`
            }
          </p>`;
  return html`<h2>Refunds</h2>
    ${form} ${list}`;
}
