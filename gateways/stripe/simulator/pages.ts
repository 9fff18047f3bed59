import { escapeHtml, simulatorPage } from '../../simulator-kit/page.js';
import { isCurrency, toDecimalString } from '../../../domain/shared/money.js';
import type { Choice } from './checkout.js';
import type { SimPaymentIntent, SimSession } from './state.js';

/** Server-rendered pages of the hosted Checkout; plain forms, so they work without JavaScript. */

/** This gateway's colours and elements over the simulators' shared page style. */
const STYLE = `
body{background:#f6f9fc;color:#1a1f36}
.test{background:#ffde92;color:#8a4b00;border-radius:4px;padding:.15rem .4rem;font-size:.75rem;font-weight:600}
dt{color:#697386}dd{margin:0;word-break:break-all}
button{background:#e3e8ee}
button[value=pay]{background:#635bff;color:#fff}
.error{color:#df1b41}
.note{color:#697386;font-size:.85rem}`;

const layout = (title: string, body: string) => simulatorPage(title, body, STYLE);

function amount(session: SimSession): string {
  const code = session.currency.toUpperCase();
  return isCurrency(code)
    ? `${toDecimalString(session.amountTotal, code)} ${code}`
    : `${session.amountTotal} ${code}`;
}

function details(session: SimSession): string {
  const rows: Array<[string, string]> = [
    ['Pay', amount(session)],
    ['For', session.productName],
    ['Email', session.customerEmail ?? '—'],
    ['Session', session.id],
  ];
  return `<dl>${rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

const BUTTONS: Array<[Choice, string]> = [
  ['pay', 'Pay with card (Visa •••• 4242)'],
  ['async_success', 'Pay by bank debit: clears later'],
  ['async_failure', 'Pay by bank debit: bounces later'],
  ['decline', 'Pay with a card that is declined'],
  ['cancel', '← Back to the merchant'],
  ['abandon', 'Walk away (the session expires)'],
];

export function checkoutPage(
  session: SimSession,
  intent: SimPaymentIntent | undefined,
  action: string,
): string {
  const error = intent?.lastPaymentError?.message;
  const forms = BUTTONS.map(
    ([choice, label]) =>
      `<form method="post" action="${escapeHtml(action)}">` +
      `<button type="submit" name="choice" value="${choice}">${escapeHtml(label)}</button></form>`,
  );
  return layout(
    'Stripe Checkout (simulator)',
    `<h1>Checkout <span class="test">TEST MODE</span></h1>
${details(session)}
${error ? `<p class="error" role="alert">${escapeHtml(error)} Try another way to pay.</p>` : ''}
<div class="actions">
${forms.join('\n')}
</div>`,
  );
}

/** A session that can no longer be paid: Stripe shows a notice instead of the form. */
export function closedPage(session: SimSession): string {
  const status =
    session.status === 'expired'
      ? 'This Checkout Session has expired.'
      : session.paymentStatus === 'paid'
        ? 'This payment is complete.'
        : 'This payment is processing; your bank will confirm it.';
  return layout(
    'Checkout closed',
    `<h1 data-status="${escapeHtml(session.status)}">${escapeHtml(status)}</h1>${details(session)}`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p class="note">${escapeHtml(message)}</p>`);
}
