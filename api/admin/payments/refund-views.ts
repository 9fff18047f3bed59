import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { majorUnitsField } from '../pages/major-units-field.js';
import type { PaymentRefunds } from './refund-service.js';
import type { DestinationFields, RefundDestinationChoices } from './refund-destinations.js';
import { badge, time } from './views.js';

/** Who is looking, when they may refund: the session's CSRF token and this drawing's form token. */
export interface RefundFormAccess {
  csrfToken: string;
  formToken: string;
  /** How this operator confirms it is them when a refund asks (stepUpAsks). */
  confirmWith: 'PASSWORD' | 'CODE' | 'IDENTITY_PROVIDER';
  /** A refund the service refused: what was typed, drawn again with why, inside the form. */
  attempt?: RefundAttempt | null;
}

/**
 * A refund drawn again in its form: what was typed, and why the service refused it with the
 * error's code; or, with no error, typed before the operator signed in again at the provider.
 */
export interface RefundAttempt {
  fields: Record<string, string>;
  error: string | null;
  code: string | null;
}

const CONFIRMATION: Record<RefundFormAccess['confirmWith'], string> = {
  PASSWORD: 'your password',
  CODE: 'a code from your authenticator app',
  IDENTITY_PROVIDER: 'a fresh sign-in with your identity provider (what you typed here comes back with you)',
};

const WALLET_LABELS = { NAGAD_WALLET: 'Nagad', BKASH_WALLET: 'bKash' } as const;

function railNote(choices: RefundDestinationChoices, type: string, mode: string): SafeHtml {
  const rail = choices.rails.find((r) => r.type === type)!;
  return rail.configured
    ? html`<span class="muted" data-testid="rail-note-${type}"
        >by the <strong>${rail.rail}</strong> rail · ${rail.arrival}</span
      >`
    : html`<span class="muted" data-testid="rail-note-${type}"
        >the ${rail.rail} rail is not configured for ${mode}</span
      >`;
}

/**
 * How the money goes back when the payment's gateway cannot refund it: to a wallet (prefilled
 * with the customer's, when the payment knows it), to a bank account, or by finance's hand. Each
 * choice names its rail and when the customer can expect the money.
 */
function destinationFieldset(refunds: PaymentRefunds, typed: DestinationFields | null): SafeHtml {
  const choices = refunds.destinations;
  const mode = refunds.mode;
  const wallet = choices.customerWallet;
  const value = (field: keyof DestinationFields, fallback = '') => typed?.[field] ?? fallback;
  const kind = value('destinationKind', choices.defaultKind);
  const walletType = value('walletType', wallet?.type ?? 'NAGAD_WALLET');
  const walletConfigured = choices.rails.some((r) => r.type !== 'BANK_ACCOUNT' && r.configured);
  const bankConfigured = choices.rails.some((r) => r.type === 'BANK_ACCOUNT' && r.configured);
  const radio = (choice: string, enabled: boolean) =>
    html`<input
      type="radio"
      name="destinationKind"
      value="${choice}"
      data-testid="refund-destination-${choice.toLowerCase()}"
      ${kind === choice ? 'checked' : ''}
      ${enabled ? '' : 'disabled'}
    />`;
  return html`<fieldset class="refund-destination" data-testid="refund-destination">
    <legend>
      How the money goes back (${refunds.gateway ?? 'this payment'}'s gateway has no refund API)
    </legend>
    <div class="destination-choice">
      <label class="check">${radio('WALLET', walletConfigured)} To a mobile wallet</label>
      <div class="row">
        <label
          >Wallet
          <select name="walletType" data-testid="refund-wallet-type">
            ${(['NAGAD_WALLET', 'BKASH_WALLET'] as const).map(
              (type) =>
                html`<option value="${type}" ${walletType === type ? 'selected' : ''}>
                  ${WALLET_LABELS[type]}
                </option>`,
            )}
          </select></label
        >
        <label
          >Wallet number
          <input
            type="text"
            name="walletNumber"
            inputmode="numeric"
            maxlength="14"
            placeholder="01712345678"
            value="${value('walletNumber', wallet?.walletNumber ?? '')}"
            data-testid="refund-wallet-number"
        /></label>
        <label
          >Holder name
          <input
            type="text"
            name="walletName"
            maxlength="100"
            value="${value('walletName', wallet?.name ?? '')}"
            data-testid="refund-wallet-name"
        /></label>
      </div>
      <p>${railNote(choices, 'NAGAD_WALLET', mode)}<br />${railNote(choices, 'BKASH_WALLET', mode)}</p>
      ${
        wallet
          ? html`<p class="muted" data-testid="refund-customer-wallet">
              The customer's wallet, as the payment knows it: ${wallet.walletNumber}
            </p>`
          : ''
      }
    </div>
    <div class="destination-choice">
      <label class="check">${radio('BANK', bankConfigured)} To a bank account</label>
      <div class="row">
        <label
          >Account number
          <input
            type="text"
            name="accountNumber"
            inputmode="numeric"
            maxlength="24"
            value="${value('accountNumber')}"
            data-testid="refund-account-number"
        /></label>
        <label
          >Account name
          <input
            type="text"
            name="accountName"
            maxlength="100"
            value="${value('accountName')}"
            data-testid="refund-account-name"
        /></label>
        <label
          >Routing number
          <input
            type="text"
            name="routingNumber"
            inputmode="numeric"
            maxlength="9"
            placeholder="nine digits"
            value="${value('routingNumber')}"
            data-testid="refund-routing-number"
        /></label>
        <label
          >Sent by
          <select name="bankMethod" data-testid="refund-bank-method">
            <option value="BEFTN" ${value('bankMethod') === 'NPSB' ? '' : 'selected'}>
              BEFTN (next clearing session)
            </option>
            <option value="NPSB" ${value('bankMethod') === 'NPSB' ? 'selected' : ''}>NPSB (instant)</option>
          </select></label
        >
      </div>
      <p>${railNote(choices, 'BANK_ACCOUNT', mode)}</p>
    </div>
    <div class="destination-choice">
      <label class="check"
        >${radio('FINANCE', true)} Finance pays the customer back by hand and confirms it</label
      >
      <p class="muted">Another FINANCE or ADMIN operator confirms the refund once the money is sent.</p>
    </div>
  </fieldset>`;
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
              <th scope="col">Goes back by</th>
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
                  <td data-testid="payment-refund-rail">${r.rail ?? '—'}</td>
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
          ${
            access.attempt?.error
              ? html`<p
                  class="flash error"
                  role="alert"
                  data-testid="refund-form-error"
                  data-code="${access.attempt.code ?? ''}"
                >
                  ${access.attempt.error}
                </p>`
              : access.attempt
                ? html`<p class="flash" role="status" data-testid="refund-form-resumed">
                    The refund is filled in as you typed it: press Refund to send it.
                  </p>`
                : ''
          }
          <div class="row">
            ${majorUnitsField({
              name: 'amount',
              label: 'Amount',
              currency: refunds.currency,
              placeholder: `blank: all ${refunds.refundableFormatted}`,
              testId: 'refund-amount-input',
              ...(access.attempt?.fields.amount !== undefined && { typed: access.attempt.fields.amount }),
            })}
            <label style="flex:1"
              >Why (the approver reads this; sent to the gateway)
              <input
                type="text"
                name="reason"
                maxlength="255"
                required
                value="${access.attempt?.fields.reason ?? ''}"
                data-testid="refund-reason-input"
            /></label>
          </div>
          ${
            refunds.destinations.gatewayRefunds === 'MANUAL'
              ? destinationFieldset(refunds, access.attempt?.fields ?? null)
              : ''
          }
          <div class="row">
            <button type="submit" data-testid="refund-submit">Refund</button>
          </div>
          <p class="muted">
            Refunds above the app's approval threshold wait for another FINANCE or ADMIN operator before any
            money moves. If you last confirmed it is you more than five minutes ago, Refund asks for
            ${CONFIRMATION[access.confirmWith]}.
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
