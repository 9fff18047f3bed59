import type { Payment } from '../../platform/orm/entities.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import { formatMoney, type Currency } from '../../domain/shared/money.js';
import { html, page, SafeHtml } from '../pages/html.js';

export interface CheckoutPageModel {
  payment: Payment;
  appDisplayName: string;
  /** The app's branding, as registered by an operator. */
  brand?: { logoUrl: string | null; color: string | null };
  error?: string | null;
  /** The customer just came back from the gateway: the outcome may still be confirming. */
  returned?: boolean;
  /** The gateways the customer may choose among, when the app named none. */
  choices?: GatewayChoice[] | null;
  /** How to pay outside any gateway (bank transfer, cash), when the payment's gateway is one. */
  offlineInstructions?: string | null;
}

export interface GatewayChoice {
  name: string;
  displayName: string;
  logoSvg: string;
  /** Its sessions kept failing lately, or its health is DEGRADED: offered last, with a note. */
  degraded?: boolean;
  /** Its health as the last evaluation decided it, when not OPERATIONAL (gateway health). */
  health?: 'DEGRADED' | 'DOWN' | 'MAINTENANCE';
  /** DOWN or MAINTENANCE while another way to pay is offered: shown last, not selectable. */
  unavailable?: boolean;
  /** The customer's earlier choice, whose session could not be opened just now. */
  failedJustNow?: boolean;
}

/** What the picker says beside a gateway that may not answer; null for one that does. */
function choiceNote(choice: GatewayChoice): string | null {
  if (choice.failedJustNow) return 'Could not start just now';
  if (choice.health === 'MAINTENANCE') return 'Under maintenance right now';
  if (choice.health === 'DOWN') return 'Not working right now';
  if (choice.degraded) return 'Having trouble lately';
  return null;
}

/** A choice's radio and label; a note about it describes the radio without renaming it. */
function choiceLabel(choice: GatewayChoice): SafeHtml {
  const note = choiceNote(choice);
  const noteId = `choice-note-${choice.name}`;
  const noteText = note
    ? html`<span class="choice-note" id="${noteId}" data-testid="${noteId}" aria-hidden="true">${note}</span>`
    : '';
  const disabled = new SafeHtml(choice.unavailable ? 'disabled' : '');
  return html`<label
    class="choice${choice.unavailable ? ' unavailable' : ''}"
    data-testid="choice-${choice.name}"
    data-health="${choice.health ?? 'OPERATIONAL'}"
  >
    ${
      note
        ? html`<input
            type="radio"
            name="gateway"
            value="${choice.name}"
            required
            ${disabled}
            aria-describedby="${noteId}"
          />`
        : html`<input type="radio" name="gateway" value="${choice.name}" required />`
    }
    <span class="mark">${new SafeHtml(choice.logoSvg)}</span>
    <span class="choice-text"><span class="choice-name">${choice.displayName}</span>${noteText}</span>
  </label>`;
}

/** How long the outcome shows before the customer is sent back to the merchant. */
export const RETURN_AFTER_SECONDS = 5;

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED', 'PARTIALLY_REFUNDED', 'REFUNDED']);

const HEADLINES: Record<string, string> = {
  CREATED: 'Ready to pay',
  PENDING: 'Waiting for the gateway',
  AWAITING_TRANSFER: 'Waiting for your payment',
  SUCCEEDED: 'Payment received',
  FAILED: 'Payment failed',
  CANCELLED: 'Payment cancelled',
  EXPIRED: 'This checkout has expired',
  PARTIALLY_REFUNDED: 'Payment received (partially refunded)',
  REFUNDED: 'Payment refunded',
};

/**
 * The status badge in the customer's words: the lifecycle's names (CREATED, PENDING) are the
 * API's, and mean nothing to someone paying. The internal name stays on the badge as
 * `data-status`, for scripts and tests.
 */
const CUSTOMER_STATUS: Record<PaymentStatus, string> = {
  CREATED: 'Not paid yet',
  PENDING: 'In progress',
  SUCCEEDED: 'Paid',
  FAILED: 'Not paid',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  PARTIALLY_REFUNDED: 'Partly refunded',
  REFUNDED: 'Refunded',
};

/** The merchant's page for this outcome, carrying the reference and status; null without one. */
export function returnTarget(payment: Payment): string | null {
  const target = payment.status === 'CANCELLED' && payment.cancelUrl ? payment.cancelUrl : payment.returnUrl;
  if (!target) return null;
  const url = new URL(target);
  url.searchParams.set('reference', payment.reference);
  url.searchParams.set('status', payment.status);
  return url.toString();
}

function backLink(payment: Payment): SafeHtml | null {
  const target = returnTarget(payment);
  if (!target) return null;
  return html`<p class="note" data-testid="return-notice">
      Taking you back to the merchant in ${RETURN_AFTER_SECONDS} seconds.
    </p>
    <a class="button secondary" href="${target}" data-testid="return-link">Return to the merchant</a>`;
}

/** The gateways to choose among: a radio group that works by keyboard and without JavaScript. */
function picker(choices: GatewayChoice[], amount: string, base: string): SafeHtml {
  return html`<form method="post" action="${base}/pay" class="picker" data-testid="picker">
    <fieldset>
      <legend>Choose how to pay</legend>
      ${choices.map(choiceLabel)}
    </fieldset>
    <button class="primary" type="submit" data-testid="pay">Pay ${amount}</button>
  </form>`;
}

/**
 * A payment made outside any gateway: the app's instructions, the reference to quote and the
 * deadline. The page stays PENDING until finance records the money.
 */
function offline(instructions: string, payment: Payment, amount: string, base: string): SafeHtml {
  return html`<div class="instructions" data-testid="offline-instructions">
      <h2>How to pay</h2>
      <p class="multiline">${instructions}</p>
      <p>
        Pay exactly <strong>${amount}</strong> and quote this reference:
        <span class="quote mono" data-testid="quote-reference">${payment.reference}</span>
      </p>
      <p class="note">
        Pay by <time datetime="${payment.expiresAt.toISOString()}">${deadline(payment.expiresAt)}</time>. This
        page shows the payment received once the merchant has it; you may close it meanwhile.
      </p>
    </div>
    <div class="actions">
      <form method="post" action="${base}/cancel">
        <button class="secondary" type="submit" data-testid="cancel">Cancel</button>
      </form>
    </div>`;
}

/** A deadline people read the same anywhere: the instant in UTC. */
function deadline(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The hosted checkout page: what the customer sees before, during and after paying. */
export function renderCheckoutPage(model: CheckoutPageModel): string {
  const { payment } = model;
  const base = `/checkout/${payment.reference}`;
  const amount = formatMoney(payment.amountMinor, payment.currency as Currency);
  const confirming = payment.status === 'PENDING' && model.returned;

  let actions: SafeHtml;
  if (payment.status === 'CREATED' && model.choices && model.choices.length > 0) {
    actions = html`${picker(model.choices, amount, base)}
      <div class="actions">
        <form method="post" action="${base}/cancel">
          <button class="secondary" type="submit" data-testid="cancel">Cancel</button>
        </form>
      </div>`;
  } else if (payment.status === 'CREATED') {
    actions = html`<div class="actions">
      <form method="post" action="${base}/pay">
        <button class="primary" type="submit" data-testid="pay">Pay ${amount}</button>
      </form>
      <form method="post" action="${base}/cancel">
        <button class="secondary" type="submit" data-testid="cancel">Cancel</button>
      </form>
    </div>`;
  } else if (payment.status === 'PENDING' && model.offlineInstructions) {
    actions = offline(model.offlineInstructions, payment, amount, base);
  } else if (payment.status === 'PENDING') {
    actions = confirming
      ? html`<p class="note" data-testid="confirming">
          Confirming your payment with the gateway… this page refreshes by itself.
        </p>`
      : html`<div class="actions">
          <form method="post" action="${base}/pay">
            <button class="primary" type="submit" data-testid="pay">Continue to payment</button>
          </form>
          <form method="post" action="${base}/cancel">
            <button class="secondary" type="submit" data-testid="cancel">Cancel</button>
          </form>
        </div>`;
  } else {
    actions = html`<div class="actions">${backLink(payment)}</div>`;
  }

  const body = html`<div class="card">
    ${model.brand?.logoUrl ? html`<img class="logo" src="${model.brand.logoUrl}" alt="" data-testid="logo" />` : ''}
    <h1 data-testid="merchant">${model.appDisplayName}</h1>
    ${
      payment.mode === 'TEST'
        ? html`<p class="test-mode" data-testid="test-mode">Test mode: no real money moves.</p>`
        : ''
    }
    <div class="amount" data-testid="amount">${amount}</div>
    <p class="product" data-testid="product">${payment.productName ?? ''}</p>
    <p>
      <span class="status ${payment.status}" data-testid="status" data-status="${payment.status}"
        >${CUSTOMER_STATUS[payment.status]}</span
      >
      ${HEADLINES[payment.status === 'PENDING' && model.offlineInstructions ? 'AWAITING_TRANSFER' : payment.status] ?? ''}
    </p>
    ${model.error ? html`<div class="error" role="alert" data-testid="error">${model.error}</div>` : ''}
    ${actions}
    <p class="note">Reference ${payment.reference}</p>
  </div>`;
  const leaving = FINAL.has(payment.status) ? returnTarget(payment) : null;
  return page(`${model.appDisplayName}: ${amount}`, body, {
    brandColor: model.brand?.color ?? null,
    ...(confirming && { refreshSeconds: 2 }),
    ...(leaving && { refreshSeconds: RETURN_AFTER_SECONDS, refreshUrl: leaving }),
  });
}

export function renderNotFoundPage(): string {
  return page(
    'Checkout not found',
    html`<div class="card">
      <h1>Checkout not found</h1>
      <p>Check the link you were given.</p>
    </div>`,
  );
}
