import { toDecimalString } from '../../../domain/money.js';
import type { SimOrder } from './state.js';

/** Server-rendered pages of the hosted checkout: self-contained, and usable without JavaScript. */

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font-family:system-ui,sans-serif;background:#fdf2f2;margin:0;padding:2rem;color:#1d2939}
main{max-width:28rem;margin:auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin-top:0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}
dt{color:#667085}dd{margin:0;word-break:break-all}
.actions{display:grid;gap:.5rem;margin-top:1.5rem}
form{margin:0}
button{width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:8px;cursor:pointer;background:#e4e7ec}
button[value=Success]{background:#ec1c24;color:#fff}
.note{color:#667085;font-size:.85rem}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

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
