import {
  CUSTOMER_EMAIL_KINDS,
  CUSTOMER_EMAIL_STATUSES,
} from '../../../domain/customer-emails/customer-emails.js';
import { MODES } from '../../../domain/shared/mode.js';
import { html, SafeHtml } from '../../pages/html.js';
import { appSelect, badge, options, time } from '../payments/views.js';
import type { InboxMessage, InboxSummary } from './inbox.js';
import type { CustomerEmailView } from './service.js';

/** HTML fragments of the customer emails pages; data comes from service.ts and inbox.ts. */

type AppChoice = { id: number; name: string };

/** The area's two views: our log of every message, and the mail catcher's inbox when there is one. */
export function emailTabs(active: 'log' | 'inbox', inbox: boolean): SafeHtml {
  const tab = (href: string, label: string, current: boolean) =>
    current ? html`<strong aria-current="page">${label}</strong>` : html`<a href="${href}">${label}</a>`;
  return html`<nav class="row" aria-label="Customer emails" style="margin-bottom:1rem">
    ${tab('/admin/emails', 'Message log', active === 'log')}
    ${inbox ? tab('/admin/emails/inbox', 'Inbox (mail catcher)', active === 'inbox') : ''}
  </nav>`;
}

export function emailFilters(form: Record<string, string>, apps: AppChoice[]): SafeHtml {
  return html`<form method="get" action="/admin/emails" class="card" data-testid="email-filters">
    <div class="row">
      ${appSelect(apps, form.appId)}
      <label
        >Mode
        <select name="mode">
          ${options(MODES, form.mode, 'Both modes')}
        </select></label
      >
      <label
        >Status
        <select name="status" data-testid="email-status">
          ${options(CUSTOMER_EMAIL_STATUSES, form.status, 'Any status')}
        </select></label
      >
      <label
        >Kind
        <select name="kind">
          ${options(CUSTOMER_EMAIL_KINDS, form.kind, 'Any kind')}
        </select></label
      >
      <button type="submit">Filter</button>
      <a class="button secondary" href="/admin/emails">Reset</a>
    </div>
  </form>`;
}

export function emailLogTable(items: CustomerEmailView[]): SafeHtml {
  if (!items.length) return html`<p class="card muted" data-testid="no-emails">No messages match.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="emails">
      <thead>
        <tr>
          <th scope="col">Queued</th>
          <th scope="col">App</th>
          <th scope="col">Kind</th>
          <th scope="col">Recipient</th>
          <th scope="col">Subject</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last error</th>
          <th scope="col">Sent</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (e) =>
            html`<tr data-testid="email-row" data-event="${e.eventId}" data-status="${e.status}">
              <td>${time(e.createdAt)}</td>
              <td>${e.appName} <span class="muted">${e.mode}</span></td>
              <td class="mono">${e.kind}</td>
              <td>${e.recipient}</td>
              <td>${e.subject}</td>
              <td>${badge(e.status)}</td>
              <td>${e.attempts}</td>
              <td class="mono">${e.lastError ?? '—'}</td>
              <td>${time(e.sentAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function inboxTable(messages: InboxSummary[]): SafeHtml {
  if (!messages.length) {
    return html`<p class="card muted" data-testid="inbox-empty">
      The mail catcher has no messages yet. Settle a payment or issue an invoice of an app that sends emails.
    </p>`;
  }
  return html`<div class="table-wrap">
    <table data-testid="inbox">
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">To</th>
          <th scope="col">Subject</th>
          <th scope="col">Attachments</th>
        </tr>
      </thead>
      <tbody>
        ${messages.map(
          (m) =>
            html`<tr data-testid="inbox-row">
              <td>${time(m.receivedAt)}</td>
              <td>${m.recipients.join(', ')}</td>
              <td><a href="/admin/emails/inbox/${m.id}">${m.subject || '(no subject)'}</a></td>
              <td>${m.attachments.map((a) => a.filename ?? a.contentType).join(', ') || '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/**
 * One caught message as the customer would see it. Its HTML is shown in a sandboxed frame with
 * no permissions at all: no script runs, no form submits, no link navigates this page.
 */
export function inboxMessageBody(message: InboxMessage): SafeHtml {
  const attachments = message.attachments.map(
    (a) =>
      html`<li>
        <a href="/admin/emails/inbox/${message.id}/attachments/${a.index}" data-testid="inbox-attachment"
          >${a.filename ?? `attachment ${a.index + 1}`}</a
        >
        <span class="muted">${a.contentType}, ${Math.ceil(a.size / 1024)} KB</span>
      </li>`,
  );
  return html`<p><a href="/admin/emails/inbox">← Inbox</a></p>
    <div class="card">
      <h1 data-testid="inbox-subject">${message.subject || '(no subject)'}</h1>
      <dl class="facts">
        <dt>From</dt>
        <dd>${message.from}</dd>
        <dt>To</dt>
        <dd>${message.recipients.join(', ')}</dd>
        <dt>Received</dt>
        <dd>${time(message.receivedAt)}</dd>
        <dt>Message-ID</dt>
        <dd class="mono">${message.messageId ?? '—'}</dd>
        <dt>Attachments</dt>
        <dd>
          ${
            attachments.length
              ? html`<ul style="margin:0;padding-left:1.1rem">
                  ${attachments}
                </ul>`
              : '—'
          }
        </dd>
      </dl>
    </div>
    ${
      message.html
        ? html`<iframe
            sandbox=""
            referrerpolicy="no-referrer"
            title="The message as the customer sees it"
            srcdoc="${message.html}"
            data-testid="inbox-html"
            style="width:100%;min-height:36rem;border:1px solid var(--line);border-radius:10px;background:#fff"
          ></iframe>`
        : ''
    }
    <details class="card" ${new SafeHtml(message.html ? '' : 'open')}>
      <summary>Plain text</summary>
      <pre style="white-space:pre-wrap" data-testid="inbox-text">${message.text ?? ''}</pre>
    </details>`;
}
