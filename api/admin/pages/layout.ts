import type { Operator } from '../../../platform/orm/entities.js';
import { can, type Action } from '../../../domain/operators/permissions.js';
import { SEARCH_TERM_MAX } from '../../../domain/reports/search.js';
import { html, SafeHtml } from '../../pages/html.js';
import { BENGALI_FONT_FACES, BENGALI_FONT_FAMILY } from '../../pages/web-fonts.js';

type NavItem = { href: string; label: string; key: string; action: Action };

/**
 * Navigation, in groups an operator looks for their task in: each item is shown to roles allowed
 * to read it (the server still checks), and a group with none left is not shown.
 */
const NAV: Array<{ group: string; items: NavItem[] }> = [
  {
    group: 'Today',
    items: [
      { href: '/admin', label: 'Overview', key: 'overview', action: 'dashboard.read' },
      { href: '/admin/approvals', label: 'Approvals', key: 'approvals', action: 'dashboard.read' },
      { href: '/admin/attention', label: 'Attention', key: 'attention', action: 'payments.read' },
    ],
  },
  {
    group: 'Money in',
    items: [
      { href: '/admin/payments', label: 'Payments', key: 'payments', action: 'payments.read' },
      { href: '/admin/refunds', label: 'Refunds', key: 'refunds', action: 'payments.read' },
      { href: '/admin/receipts', label: 'Receipts', key: 'receipts', action: 'payments.read' },
      { href: '/admin/invoices', label: 'Invoices', key: 'invoices', action: 'payments.read' },
    ],
  },
  {
    group: 'Paying out',
    items: [
      { href: '/admin/payouts', label: 'Money out', key: 'payouts', action: 'payments.read' },
      {
        href: '/admin/payout-batches',
        label: 'Payout batches',
        key: 'payout-batches',
        action: 'payments.read',
      },
    ],
  },
  {
    group: 'Books',
    items: [
      { href: '/admin/ledger', label: 'Ledger', key: 'ledger', action: 'ledger.read' },
      { href: '/admin/settlements', label: 'Settlements', key: 'settlements', action: 'reconciliation.read' },
      {
        href: '/admin/reconciliation',
        label: 'Reconciliation',
        key: 'reconciliation',
        action: 'reconciliation.read',
      },
      { href: '/admin/reports', label: 'Reports', key: 'reports', action: 'reports.read' },
    ],
  },
  {
    group: 'Integrations',
    items: [
      { href: '/admin/apps', label: 'Apps', key: 'apps', action: 'apps.read' },
      // The queue of proposed changes to apps' controls; an app's own controls are on its page.
      { href: '/admin/controls', label: 'Control changes', key: 'controls', action: 'apps.read' },
      { href: '/admin/webhooks', label: 'Webhooks', key: 'webhooks', action: 'webhooks.read' },
      { href: '/admin/request-log', label: 'Requests', key: 'request-log', action: 'apps.read' },
      { href: '/admin/emails', label: 'Emails', key: 'emails', action: 'emails.read' },
      {
        href: '/admin/gateway-health',
        label: 'Gateway health',
        key: 'gateway-health',
        action: 'dashboard.read',
      },
    ],
  },
  {
    group: 'People',
    items: [
      { href: '/admin/operators', label: 'Operators', key: 'operators', action: 'operators.read' },
      { href: '/admin/audit', label: 'Audit log', key: 'audit', action: 'audit.read' },
    ],
  },
];

const STYLE = `
  ${BENGALI_FONT_FACES}
  :root { --brand:#0f766e; --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f9fafb; --danger:#b91c1c; --ok:#065f46; }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.5 ${BENGALI_FONT_FAMILY},system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:var(--bg); }
  a { color: var(--brand); }
  header.top { display:flex; flex-wrap:wrap; align-items:center; gap:1rem; padding:.6rem 1.25rem; background:#0b3b37; color:#fff; }
  header.top a { color:#d1fae5; text-decoration:none; padding:.35rem .55rem; border-radius:6px; }
  header.top a[aria-current="page"], header.top a:hover, header.top a:focus-visible { background:rgba(255,255,255,.14); color:#fff; }
  header.top .brand { font-weight:700; margin-right:.5rem; color:#fff; }
  header.top .spacer { flex:1; }
  .frame { display:grid; grid-template-columns:12rem minmax(0,1fr); align-items:start; }
  nav.side { position:sticky; top:0; padding:1rem .75rem; font-size:.9rem; }
  nav.side .nav-group { font-size:.72rem; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); margin:.9rem .5rem .25rem; }
  nav.side section:first-child .nav-group { margin-top:0; }
  nav.side a { display:block; padding:.3rem .5rem; border-radius:6px; color:var(--ink); text-decoration:none; }
  nav.side a[aria-current="page"], nav.side a:hover, nav.side a:focus-visible { background:#e6f4f1; color:var(--brand); font-weight:600; }
  header.top form { margin:0; } header.top .who { font-size:.85rem; color:#a7f3d0; }
  header.top form.search { flex:1; max-width:26rem; } header.top form.search input { width:100%; min-width:0; padding:.35rem .6rem; border-color:#134e4a; }
  .saved-views { display:flex; flex-wrap:wrap; align-items:center; gap:.35rem .5rem; margin:-.5rem 0 1rem; font-size:.85rem; }
  .saved-views .saved-view { display:inline-flex; align-items:center; background:#fff; border:1px solid var(--line); border-radius:999px; padding:.1rem .25rem .1rem .65rem; }
  .saved-views .saved-view a { text-decoration:none; } .saved-views .saved-view a[aria-current] { font-weight:700; }
  .saved-views form.inline button.link { background:none; color:var(--muted); padding:0 .35rem; line-height:1.2; }
  .saved-views form.save-view { display:inline-flex; gap:.35rem; margin:0 0 0 auto; } .saved-views form.save-view input { min-width:12rem; padding:.3rem .5rem; } .saved-views form.save-view button { padding:.3rem .7rem; }
  main { max-width:72rem; margin:1.5rem auto; padding:0 1rem; }
  h1 { font-size:1.4rem; margin:0 0 1rem; } h2 { font-size:1.1rem; margin:1.5rem 0 .5rem; }
  .card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:1rem 1.25rem; margin-bottom:1rem; }
  table { width:100%; border-collapse:collapse; background:#fff; font-size:.9rem; }
  th, td { text-align:left; padding:.5rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
  th { font-weight:600; color:var(--muted); background:#f3f4f6; }
  .table-wrap { overflow-x:auto; border:1px solid var(--line); border-radius:10px; }
  table.compact input, table.compact select { min-width:0; width:100%; } table.compact td { padding:.35rem .4rem; }
  .badge { display:inline-block; padding:.1rem .5rem; border-radius:999px; font-size:.78rem; font-weight:600; background:#e5e7eb; }
  .badge.SUCCEEDED,.badge.ACTIVE,.badge.DELIVERED,.badge.PAID,.badge.WON { background:#d1fae5; color:var(--ok); }
  .badge.FAILED,.badge.EXPIRED,.badge.REVOKED,.badge.SUSPENDED,.badge.DISABLED,.badge.VOID,.badge.OVERDUE,.badge.UNREADABLE,.badge.LOST { background:#fee2e2; color:#991b1b; }
  .badge.PENDING,.badge.CREATED,.badge.OPEN,.badge.DUE,.badge.PARTIALLY_PAID { background:#dbeafe; color:#1e40af; } .badge.CANCELLED,.badge.NO_ENDPOINT,.badge.NOT_CONFIGURED { background:#fef3c7; color:#92400e; }
  .badge.SENT { background:#d1fae5; color:var(--ok); } .badge.QUEUED { background:#dbeafe; color:#1e40af; } .badge.SKIPPED { background:#fef3c7; color:#92400e; }
  form.inline { display:inline; } .row { display:flex; flex-wrap:wrap; gap:.75rem; align-items:flex-end; }
  label { display:flex; flex-direction:column; gap:.2rem; font-size:.85rem; color:var(--muted); }
  label.check { flex-direction:row; align-items:center; align-self:flex-end; padding-bottom:.5rem; } label.check input { min-width:0; }
  input, select { font:inherit; padding:.45rem .55rem; border:1px solid #d1d5db; border-radius:6px; min-width:10rem; color:var(--ink); }
  textarea { font:.85rem ui-monospace,monospace; padding:.45rem .55rem; border:1px solid #d1d5db; border-radius:6px; min-width:24rem; color:var(--ink); }
  button, .button { font:inherit; padding:.5rem .9rem; border-radius:6px; border:1px solid transparent; cursor:pointer; background:var(--brand); color:#fff; text-decoration:none; display:inline-block; }
  button.secondary, .button.secondary { background:#fff; color:var(--ink); border-color:#d1d5db; } button.danger { background:var(--danger); }
  :focus-visible { outline:3px solid #93c5fd; outline-offset:2px; }
  .flash { padding:.75rem 1rem; border-radius:8px; margin-bottom:1rem; background:#ecfdf5; color:var(--ok); }
  .flash.error { background:#fef2f2; color:var(--danger); }
  .secret { font-family:ui-monospace,monospace; background:#fffbeb; border:1px dashed #f59e0b; padding:.5rem; border-radius:6px; word-break:break-all; }
  .muted { color:var(--muted); } .mono { font-family:ui-monospace,monospace; font-size:.85rem; }
  dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1rem; margin:0; } dl.facts dt { color:var(--muted); }
  @media (max-width:900px) { .frame { display:block; } nav.side { position:static; display:flex; flex-wrap:wrap; gap:.1rem .75rem; padding:.5rem 1rem; border-bottom:1px solid var(--line); } nav.side section { display:flex; flex-wrap:wrap; align-items:center; gap:.1rem; } nav.side .nav-group { margin:0 .25rem 0 0; } }
  @media (max-width:640px) { header.top { padding:.5rem; } main { margin-top:1rem; } dl.facts { grid-template-columns:1fr; } }
`;

export interface AdminPageModel {
  title: string;
  operator: Operator;
  csrfToken: string;
  /** Which nav item is current (a key of NAV). */
  active?: string;
  flash?: { kind: 'ok' | 'error'; message: string } | null;
  body: SafeHtml;
}

/** A hidden input carrying the session's CSRF token; every dashboard form includes it. */
export function csrfField(csrfToken: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrfToken}" />`;
}

/** The dashboard shell: navigation for the operator's role, sign-out, and the page body. */
export function adminPage(model: AdminPageModel): string {
  const groups = NAV.map(({ group, items }) => ({
    group,
    items: items.filter((item) => can(model.operator.role, item.action)),
  })).filter(({ items }) => items.length > 0);
  const nav = groups.map(
    ({ group, items }) =>
      html`<section>
        <p class="nav-group">${group}</p>
        ${items.map(
          (item) =>
            html`<a
              href="${item.href}"
              ${new SafeHtml(model.active === item.key ? 'aria-current="page"' : '')}
              >${item.label}</a
            >`,
        )}
      </section>`,
  );
  return shell(
    model.title,
    html`<header class="top">
        <a class="brand" href="/admin">OI Payments</a>
        <form class="search" method="get" action="/admin/search" role="search">
          <input
            type="search"
            name="q"
            maxlength="${SEARCH_TERM_MAX}"
            placeholder="Search references, order ids, phones…"
            aria-label="Search payments, refunds, payouts and invoices"
            data-testid="search-box"
          />
        </form>
        <span class="spacer"></span>
        <a class="who" href="/admin/account" data-testid="operator" title="Your account"
          >${model.operator.email} · ${model.operator.role}</a
        >
        <form method="post" action="/admin/logout">
          ${csrfField(model.csrfToken)}<button class="secondary" type="submit" data-testid="sign-out">
            Sign out
          </button>
        </form>
      </header>
      <div class="frame">
        <nav class="side" aria-label="Main">${nav}</nav>
        <main>
          ${model.flash ? html`<div class="flash ${model.flash.kind}" role="status">${model.flash.message}</div>` : ''}
          ${model.body}
        </main>
      </div>`,
  );
}

export function shell(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <link rel="icon" href="data:," />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${title} · OI Payments</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`.value;
}
