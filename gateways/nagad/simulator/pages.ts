import { escapeHtml, simulatorPage } from '../../simulator-kit/page.js';
import { toDecimalString } from '../../../domain/shared/money.js';
import type { SimOrder } from './state.js';

/** Server-rendered pages of the hosted checkout: self-contained, and usable without JavaScript. */

/** This gateway's colours and elements over the simulators' shared page style. */
const STYLE = `
body{background:#fdf2f2}
button[value=Success]{background:#ec1c24;color:#fff}`;

const layout = (title: string, body: string) => simulatorPage(title, body, STYLE);

function details(order: SimOrder): string {
  const amount = order.checkout ? `${toDecimalString(order.checkout.amountMinor, 'BDT')} BDT` : '';
  const rows: Array<[string, string]> = [
    ['Merchant', order.merchantId],
    ['Order', order.orderId],
    ['Amount', amount],
  ];
  return `<dl>${rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

const CHOICES: Array<[choice: string, label: string]> = [
  ['Success', 'Pay'],
  ['Failed', 'Fail (insufficient balance)'],
  ['Aborted', 'Cancel'],
  ['abandon', 'Close the page without paying'],
];

export function checkoutPage(order: SimOrder, action: string): string {
  const forms = CHOICES.map(
    ([choice, label]) =>
      `<form method="post" action="${escapeHtml(action)}">` +
      `<button type="submit" name="choice" value="${choice}">${escapeHtml(label)}</button></form>`,
  );
  return layout(
    'Nagad simulator checkout',
    `<h1>Nagad checkout (simulator)</h1>
${details(order)}
<div class="actions">
${forms.join('\n')}
</div>`,
  );
}

/** A finished order shows its result and a plain link back, never an automatic redirect. */
export function resultPage(order: SimOrder): string {
  const payment = order.payment;
  const status = payment?.claimedStatus ?? (order.abandoned ? 'abandoned' : 'Pending');
  const back = payment
    ? `<p><a href="${escapeHtml(payment.callbackUrl)}">Return to the merchant</a></p>`
    : '';
  return layout(
    'Payment finished',
    `<h1>This payment is finished: <span data-status="${escapeHtml(status)}">${escapeHtml(status)}</span></h1>
${details(order)}
${back}`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p class="note">${escapeHtml(message)}</p>`);
}
