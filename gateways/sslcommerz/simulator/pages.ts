import { toDecimalString } from '../../../domain/money.js';
import type { Redirect } from './checkout.js';
import type { SimSession } from './state.js';

/** Server-rendered pages of the hosted checkout; self-contained so they work offline. */

export function escapeHtml(value: string): string {
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
h1{font-size:1.25rem;margin-top:0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}
dt{color:#667085}dd{margin:0;word-break:break-all}
.actions{display:grid;gap:.5rem;margin-top:1.5rem}
form{margin:0}
button{width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:8px;cursor:pointer;background:#e4e7ec}
button[data-outcome=VALID]{background:#12b76a;color:#fff}
button[data-outcome=VALID_RISKY]{background:#f79009;color:#fff}
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

function details(session: SimSession): string {
  const rows: Array<[string, string]> = [
    ['Store', session.storeId],
    ['Transaction', session.tranId],
    ['Amount', `${toDecimalString(session.amountMinor, session.currency)} ${session.currency}`],
    ['Product', session.productName],
  ];
  const items = rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`);
  return `<dl>${items.join('')}</dl>`;
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
