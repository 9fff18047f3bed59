import { detailList, escapeHtml, simulatorPage } from '../../simulator-kit/page.js';
import type { PageChoice } from './checkout.js';
import { WALLETS } from './checkout.js';
import type { SimPayment } from './state.js';

/** Server-rendered pages of the hosted checkout: self-contained, and usable without JavaScript. */

/** This gateway's colours and elements over the simulators' shared page style. */
const STYLE = `
h1{font-size:1.25rem;margin-top:0;color:#e2136e}
a.button{display:block;box-sizing:border-box;width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:8px;
cursor:pointer;background:#e4e7ec;color:inherit;text-align:center;text-decoration:none}
button[data-choice=success]{background:#e2136e;color:#fff}`;

const layout = (title: string, body: string) => simulatorPage(title, body, STYLE);

function details(payment: SimPayment): string {
  const rows: Array<[string, string]> = [
    ['Invoice', payment.merchantInvoiceNumber],
    ['Amount', `${payment.amount} ${payment.currency}`],
    ['Payment ID', payment.paymentID],
  ];
  return detailList(rows);
}

const CHOICES: Array<[choice: PageChoice, label: string]> = [
  ['success', `Pay from ${WALLETS.payer}`],
  ['insufficient', `Pay from ${WALLETS.insufficientBalance} (insufficient balance)`],
  ['failure', 'Fail (wrong PIN three times)'],
  ['cancel', 'Cancel'],
  ['abandon', 'Close the window'],
];

/** `action`: the page's own path, which the form posts back to. */
export function checkoutPage(payment: SimPayment, action: string): string {
  const forms = CHOICES.map(
    ([choice, label]) =>
      `<form method="post" action="${escapeHtml(action)}">` +
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
