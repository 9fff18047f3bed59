import type { PageChoice } from './checkout.js';
import { WALLETS } from './checkout.js';
import type { SimPayment } from './state.js';

/** Server-rendered pages of the hosted checkout: self-contained, and usable without JavaScript. */

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font-family:system-ui,sans-serif;background:#f2f4f7;margin:0;padding:2rem;color:#1d2939}
main{max-width:28rem;margin:auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin-top:0;color:#e2136e}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}
dt{color:#667085}dd{margin:0;word-break:break-all}
.actions{display:grid;gap:.5rem;margin-top:1.5rem}
form{margin:0}
button,a.button{display:block;box-sizing:border-box;width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:8px;
cursor:pointer;background:#e4e7ec;color:inherit;text-align:center;text-decoration:none}
button[data-choice=success]{background:#e2136e;color:#fff}
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

function details(payment: SimPayment): string {
  const rows: Array<[string, string]> = [
    ['Invoice', payment.merchantInvoiceNumber],
    ['Amount', `${payment.amount} ${payment.currency}`],
    ['Payment ID', payment.paymentID],
  ];
  const items = rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`);
  return `<dl>${items.join('')}</dl>`;
}

const CHOICES: Array<[choice: PageChoice, label: string]> = [
  ['success', `Pay from ${WALLETS.payer}`],
  ['insufficient', `Pay from ${WALLETS.insufficientBalance} (insufficient balance)`],
  ['failure', 'Fail (wrong PIN three times)'],
  ['cancel', 'Cancel'],
  ['abandon', 'Close the window'],
];

export function checkoutPage(payment: SimPayment): string {
  const forms = CHOICES.map(
    ([choice, label]) =>
      `<form method="post" action="/">` +
      `<input type="hidden" name="paymentId" value="${escapeHtml(payment.paymentID)}">` +
      `<input type="hidden" name="hash" value="${escapeHtml(payment.pageHash)}">` +
      `<input type="hidden" name="choice" value="${choice}">` +
      `<button type="submit" data-choice="${choice}">${escapeHtml(label)}</button></form>`,
  );
  return layout(
    'bKash simulator checkout',
    `<h1>bKash checkout (simulator)</h1>
${details(payment)}
<p class="note">OTP 123456, PIN 12121: choose what the customer does.</p>
<div class="actions">
${forms.join('\n')}
</div>`,
  );
}

/** A finished payment shows its state; the link (if any) returns to the merchant again. */
export function resultPage(payment: SimPayment, returnUrl: string | null): string {
  const back = returnUrl
    ? `<a class="button" href="${escapeHtml(returnUrl)}">Return to the merchant</a>`
    : '';
  return layout(
    'Payment finished',
    `<h1>This payment is finished: <span data-status="${escapeHtml(payment.status)}">${escapeHtml(payment.status)}</span></h1>
${details(payment)}
<div class="actions">${back}</div>`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p class="note">${escapeHtml(message)}</p>`);
}

export function notFoundPage(): string {
  return messagePage('Payment not found', 'This bKash link is unknown, altered or has been reset.');
}
