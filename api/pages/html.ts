import { escapeHtml } from '../../domain/shared/text.js';
import { BENGALI_FONT_FACES, BENGALI_FONT_FAMILY } from './web-fonts.js';

export { escapeHtml };

/** Minimal, dependency-free HTML templating with escaping by default. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Tagged template: interpolations are escaped unless they are SafeHtml (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const rendered = Array.isArray(value)
      ? value.map((v) => (v instanceof SafeHtml ? v.value : escapeHtml(v))).join('')
      : value instanceof SafeHtml
        ? value.value
        : value === false || value === null || value === undefined
          ? ''
          : escapeHtml(value);
    out += rendered + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

const BASE_STYLE = `
  ${BENGALI_FONT_FACES}
  :root { --brand: #0f766e; --ink: #1f2937; --muted: #6b7280; --bg: #f3f4f6; --danger: #b91c1c; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 ${BENGALI_FONT_FAMILY}, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  main { max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
  .card { background: #fff; border-radius: 12px; padding: 1.75rem; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h1 { font-size: 1.05rem; margin: 0 0 .25rem; color: var(--muted); font-weight: 500; }
  .logo { max-height: 48px; max-width: 160px; display: block; margin-bottom: .75rem; }
  .amount { font-size: 2.25rem; font-weight: 700; margin: .25rem 0 .5rem; }
  .product { margin: 0 0 1.25rem; }
  .status { display: inline-block; padding: .15rem .6rem; border-radius: 999px; font-size: .85rem; font-weight: 600; background: #e5e7eb; }
  .status.SUCCEEDED { background: #d1fae5; color: #065f46; } .status.FAILED, .status.EXPIRED { background: #fee2e2; color: #991b1b; }
  .status.CANCELLED { background: #fef3c7; color: #92400e; } .status.PENDING { background: #dbeafe; color: #1e40af; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; flex-wrap: wrap; }
  .picker fieldset { border: 0; padding: 0; margin: 1.25rem 0 1rem; display: grid; gap: .5rem; }
  .picker legend { font-weight: 600; margin-bottom: .5rem; }
  .choice { display: flex; align-items: center; gap: .75rem; padding: .6rem .75rem; border: 1px solid #d0d5dd; border-radius: 8px; cursor: pointer; }
  .choice:has(input:checked) { border-color: var(--brand); box-shadow: 0 0 0 2px var(--brand); }
  .choice:focus-within { outline: 2px solid var(--brand); outline-offset: 2px; }
  .choice .mark svg { display: block; height: 28px; width: auto; }
  .choice-text { display: flex; flex-direction: column; text-align: left; }
  .choice-note { color: var(--muted); font-size: .85rem; }
  .choice.unavailable { opacity: .6; cursor: not-allowed; }
  button, .button { font: inherit; padding: .7rem 1.2rem; border-radius: 8px; border: 1px solid transparent; cursor: pointer; text-decoration: none; display: inline-block; }
  .primary { background: var(--brand); color: #fff; } .secondary { background: #fff; color: var(--ink); border-color: #d1d5db; }
  button:focus-visible, .button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
  .error { color: var(--danger); background: #fef2f2; border-radius: 8px; padding: .75rem; margin-top: 1rem; }
  .note { color: var(--muted); font-size: .9rem; margin-top: 1rem; }
  .instructions { text-align: left; border: 1px solid #e5e7eb; border-radius: 8px; padding: .25rem 1rem 1rem; margin-top: 1rem; }
  .multiline { white-space: pre-line; } .mono { font-family: ui-monospace, monospace; }
  .quote { display: inline-block; font-size: 1.1rem; font-weight: 700; padding: .1rem .4rem; background: #f3f4f6; border-radius: 4px; }
  form { margin: 0; }
  main.wide { max-width: 40rem; }
  /* A line table wider than a phone scrolls on its own; the page around it does not. */
  .table-scroll { overflow-x: auto; }
  h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
  table { width: 100%; border-collapse: collapse; margin-top: 1.25rem; font-size: .95rem; }
  th, td { text-align: left; padding: .4rem .25rem; border-bottom: 1px solid #e5e7eb; }
  th { color: var(--muted); font-weight: 500; } .num { text-align: right; white-space: nowrap; }
  tfoot td { border-bottom: none; } tr.total td { font-weight: 700; border-top: 2px solid #d1d5db; }
  .invoice-head { display: flex; justify-content: space-between; align-items: center; margin-top: 1rem; }
  .label { color: var(--muted); font-size: .85rem; } .number { font-size: 1.25rem; font-weight: 700; }
  .due { background: #f9fafb; border-radius: 8px; padding: 1rem; margin-top: 1rem; }
  .due .amount { margin: 0; } .overdue { color: var(--danger); margin: .25rem 0 0; font-weight: 600; }
  .status.PAID { background: #d1fae5; color: #065f46; } .status.VOID, .status.OVERDUE { background: #fee2e2; color: #991b1b; }
  .status.PARTIALLY_PAID, .status.DUE { background: #dbeafe; color: #1e40af; }
  /*
   * On a phone (where most customers pay) each invoice line becomes a small block of label and
   * value rows, so Amount and the totals stay on screen instead of scrolled off to the right.
   */
  @media (max-width: 32rem) {
    table.lines, table.lines tbody, table.lines tfoot, table.lines tr, table.lines td { display: block; }
    table.lines thead { display: none; }
    table.lines tbody tr { border-bottom: 1px solid #e5e7eb; padding: .4rem 0; }
    table.lines tbody td { border: 0; padding: .1rem .25rem; display: flex; justify-content: space-between; gap: 1rem; text-align: right; }
    table.lines tbody td::before { content: attr(data-label); color: var(--muted); text-align: left; }
    table.lines tbody td:first-child { font-weight: 600; text-align: left; }
    table.lines tbody td:first-child::before { content: none; }
    table.lines tfoot tr { display: flex; justify-content: space-between; gap: 1rem; }
    table.lines tfoot td { padding: .3rem .25rem; }
    table.lines tr.total { border-top: 2px solid #d1d5db; } table.lines tr.total td { border-top: none; }
  }
  .test-mode { background: #fef3c7; color: #92400e; border-radius: 8px; padding: .4rem .75rem; font-size: .9rem; }
`;

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

export function page(
  title: string,
  body: SafeHtml,
  options: {
    refreshSeconds?: number;
    /** Where the refresh goes (else this page again); only http(s) addresses are followed. */
    refreshUrl?: string;
    brandColor?: string | null;
    wide?: boolean;
  } = {},
): string {
  // An app's brand colour replaces the accent; only a strict #rrggbb value reaches the stylesheet.
  const brand =
    options.brandColor && HEX_COLOUR.test(options.brandColor)
      ? `:root { --brand: ${options.brandColor}; }`
      : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <link rel="icon" href="data:," />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        ${
          options.refreshSeconds
            ? html`<meta
                http-equiv="refresh"
                content="${options.refreshSeconds}${
                  options.refreshUrl && /^https?:\/\//.test(options.refreshUrl)
                    ? `; url=${options.refreshUrl}`
                    : ''
                }"
              />`
            : ''
        }
        <title>${title}</title>
        <style>
          ${new SafeHtml(BASE_STYLE + brand)}
        </style>
      </head>
      <body>
        <main class="${options.wide ? 'wide' : ''}">${body}</main>
      </body>
    </html>`.value;
}
