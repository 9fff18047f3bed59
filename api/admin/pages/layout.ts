import type { Operator } from '../../../platform/orm/entities.js';
import { can, type Action } from '../../../domain/operators/permissions.js';
import { html, SafeHtml } from '../../pages/html.js';
import { BENGALI_FONT_FACES, BENGALI_FONT_FAMILY } from '../../pages/web-fonts.js';

/** Navigation: each item is shown to roles allowed to read it (the server still checks). */
const NAV: Array<{ href: string; label: string; key: string; action: Action }> = [
  { href: '/admin', label: 'Overview', key: 'overview', action: 'dashboard.read' },
  { href: '/admin/approvals', label: 'Approvals', key: 'approvals', action: 'dashboard.read' },
  { href: '/admin/apps', label: 'Apps', key: 'apps', action: 'apps.read' },
  { href: '/admin/payments', label: 'Payments', key: 'payments', action: 'payments.read' },
  { href: '/admin/refunds', label: 'Refunds', key: 'refunds', action: 'payments.read' },
  { href: '/admin/payouts', label: 'Money out', key: 'payouts', action: 'payments.read' },
  { href: '/admin/payout-batches', label: 'Payout batches', key: 'payout-batches', action: 'payments.read' },
  { href: '/admin/receipts', label: 'Receipts', key: 'receipts', action: 'payments.read' },
  { href: '/admin/controls', label: 'Controls', key: 'controls', action: 'apps.read' },
  { href: '/admin/invoices', label: 'Invoices', key: 'invoices', action: 'payments.read' },
  { href: '/admin/attention', label: 'Attention', key: 'attention', action: 'payments.read' },
  { href: '/admin/ledger', label: 'Ledger', key: 'ledger', action: 'ledger.read' },
  { href: '/admin/settlements', label: 'Settlements', key: 'settlements', action: 'reconciliation.read' },
  {
    href: '/admin/reconciliation',
    label: 'Reconciliation',
    key: 'reconciliation',
    action: 'reconciliation.read',
  },
  { href: '/admin/webhooks', label: 'Webhooks', key: 'webhooks', action: 'webhooks.read' },
  {
    href: '/admin/gateway-health',
    label: 'Gateway health',
    key: 'gateway-health',
    action: 'dashboard.read',
  },
  { href: '/admin/emails', label: 'Emails', key: 'emails', action: 'emails.read' },
  { href: '/admin/request-log', label: 'Requests', key: 'request-log', action: 'apps.read' },
  { href: '/admin/audit', label: 'Audit log', key: 'audit', action: 'audit.read' },
  { href: '/admin/operators', label: 'Operators', key: 'operators', action: 'operators.read' },
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
  header.top nav { display:flex; flex-wrap:wrap; gap:.25rem; flex:1; }
  header.top form { margin:0; } header.top .who { font-size:.85rem; color:#a7f3d0; }
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
  const nav = NAV.filter((item) => can(model.operator.role, item.action)).map(
    (item) =>
      html`<a href="${item.href}" ${new SafeHtml(model.active === item.key ? 'aria-current="page"' : '')}
        >${item.label}</a
      >`,
  );
  return shell(
    model.title,
    html`<header class="top">
        <a class="brand" href="/admin">OI Payments</a>
        <nav aria-label="Main">${nav}</nav>
        <a class="who" href="/admin/account" data-testid="operator" title="Your account"
          >${model.operator.email} · ${model.operator.role}</a
        >
        <form method="post" action="/admin/logout">
          ${csrfField(model.csrfToken)}<button class="secondary" type="submit" data-testid="sign-out">
            Sign out
          </button>
        </form>
      </header>
      <main>
        ${model.flash ? html`<div class="flash ${model.flash.kind}" role="status">${model.flash.message}</div>` : ''}
        ${model.body}
      </main>`,
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
