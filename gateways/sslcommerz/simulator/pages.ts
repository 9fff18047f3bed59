import { detailList, escapeHtml, simulatorPage } from '../../simulator-kit/page.js';
import { toDecimalString } from '../../../domain/shared/money.js';
import type { Redirect } from './checkout.js';
import type { SimSession } from './state.js';

/** Server-rendered pages of the hosted checkout; self-contained so they work offline. */

/** This gateway's colours and elements over the simulators' shared page style. */
const STYLE = `
button[data-outcome=VALID]{background:#12b76a;color:#fff}
button[data-outcome=VALID_RISKY]{background:#f79009;color:#fff}`;

const layout = (title: string, body: string) => simulatorPage(title, body, STYLE);

function details(session: SimSession): string {
  const rows: Array<[string, string]> = [
    ['Store', session.storeId],
    ['Transaction', session.tranId],
    ['Amount', `${toDecimalString(session.amountMinor, session.currency)} ${session.currency}`],
    ['Product', session.productName],
  ];
  return detailList(rows);
}

const BUTTONS: Array<[outcome: string, label: string]> = [
  ['VALID', 'Pay'],
  ['VALID_RISKY', 'Pay (risky)'],
  ['FAILED', 'Fail'],
  ['CANCELLED', 'Cancel'],
];

export function checkoutPage(session: SimSession, completePath: string): string {
  const forms = BUTTONS.map(
    ([outcome, label]) =>
      `<form method="post" action="${escapeHtml(completePath)}">` +
      `<input type="hidden" name="outcome" value="${outcome}">` +
      `<button type="submit" data-outcome="${outcome}">${escapeHtml(label)}</button></form>`,
  );
  return layout(
    'SSLCOMMERZ simulator checkout',
    `<h1>SSLCOMMERZ checkout (simulator)</h1>
${details(session)}
<div class="actions">
${forms.join('\n')}
</div>`,
  );
}

function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

/** The gateway hands the browser back to the merchant with a self-submitting form. */
export function redirectPage(redirect: Redirect): string {
  return layout(
    'Returning to the merchant',
    `<h1>Returning to the merchant…</h1>
<form id="return" method="post" action="${escapeHtml(redirect.url)}">
${hiddenInputs(redirect.fields)}
<button type="submit">Continue</button>
</form>
<script>document.getElementById('return').submit();</script>`,
  );
}

/** A finished session shows its result; the form still lets the customer return, without auto-submit. */
export function resultPage(session: SimSession, redirect: Redirect): string {
  const status = session.transaction?.status ?? 'PENDING';
  return layout(
    'Payment finished',
    `<h1>This payment is finished: <span data-status="${escapeHtml(status)}">${escapeHtml(status)}</span></h1>
${details(session)}
<form method="post" action="${escapeHtml(redirect.url)}">
${hiddenInputs(redirect.fields)}
<button type="submit">Continue</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p class="note">${escapeHtml(message)}</p>`);
}

export function notFoundPage(): string {
  return messagePage('Session not found', 'This checkout link is unknown or has been reset.');
}
