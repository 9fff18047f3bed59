import type { Payment } from '../../db/entities.js';
import { formatMoney, type Currency } from '../../domain/money.js';
import { html, page, type SafeHtml } from './html.js';

export interface CheckoutPageModel {
  payment: Payment;
  appDisplayName: string;
  /** The app's branding, as registered by an operator. */
  brand?: { logoUrl: string | null; color: string | null };
  error?: string | null;
  /** The customer just came back from the gateway: the outcome may still be confirming. */
  returned?: boolean;
}

const HEADLINES: Record<string, string> = {
  CREATED: 'Ready to pay',
  PENDING: 'Waiting for the gateway',
  SUCCEEDED: 'Payment received',
  FAILED: 'Payment failed',
  CANCELLED: 'Payment cancelled',
  EXPIRED: 'This checkout has expired',
  PARTIALLY_REFUNDED: 'Payment received (partially refunded)',
  REFUNDED: 'Payment refunded',
};

function backLink(payment: Payment): SafeHtml | null {
  const target = payment.status === 'CANCELLED' && payment.cancelUrl ? payment.cancelUrl : payment.returnUrl;
  if (!target) return null;
  const url = new URL(target);
  url.searchParams.set('reference', payment.reference);
  url.searchParams.set('status', payment.status);
  return html`<a class="button secondary" href="${url.toString()}" data-testid="return-link"
    >Return to the merchant</a
  >`;
}

/** The hosted checkout page: what the customer sees before, during and after paying. */
export function renderCheckoutPage(model: CheckoutPageModel): string {
  const { payment } = model;
  const base = `/checkout/${payment.reference}`;
  const amount = formatMoney(payment.amountMinor, payment.currency as Currency);
  const confirming = payment.status === 'PENDING' && model.returned;

  let actions: SafeHtml;
  if (payment.status === 'CREATED') {
    actions = html`<div class="actions">
      <form method="post" action="${base}/pay">
        <button class="primary" type="submit" data-testid="pay">Pay ${amount}</button>
      </form>
      <form method="post" action="${base}/cancel">
        <button class="secondary" type="submit" data-testid="cancel">Cancel</button>
      </form>
    </div>`;
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
    <div class="amount" data-testid="amount">${amount}</div>
    <p class="product" data-testid="product">${payment.productName ?? ''}</p>
    <p>
      <span class="status ${payment.status}" data-testid="status">${payment.status}</span>
      ${HEADLINES[payment.status] ?? ''}
    </p>
    ${model.error ? html`<div class="error" role="alert" data-testid="error">${model.error}</div>` : ''}
    ${actions}
    <p class="note">Reference ${payment.reference}</p>
  </div>`;
  return page(`${model.appDisplayName}: ${amount}`, body, {
    brandColor: model.brand?.color ?? null,
    ...(confirming && { refreshSeconds: 2 }),
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
