import { ACCOUNT_TYPE_NAMES, ENTRY_KIND_NAMES } from '../../../domain/ledger/ledger.js';
import { CURRENCIES } from '../../../domain/shared/money.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { appSelect, modeSwitch, money, options, time } from '../payments/views.js';
import type { accountView, journalEntryView, statement, Verification } from './service.js';

/** HTML fragments of the ledger pages; data comes from service.ts. */

type Account = ReturnType<typeof accountView>;
type JournalEntry = ReturnType<typeof journalEntryView>;
type Statement = Awaited<ReturnType<typeof statement>>;
type AppChoice = { id: number; name: string };

/** Debits positive, credits negative, as the postings store them; the sign is always written. */
const signed = (amountMinor: number, currency: string) =>
  `${amountMinor > 0 ? '+' : ''}${money(amountMinor, currency)}`;

const appName = (apps: AppChoice[], appId: number | null) =>
  appId === null ? '—' : (apps.find((a) => a.id === appId)?.name ?? String(appId));

/**
 * Where an entry's source is shown: a payment has its own page; the refunds page has no search by
 * reference, so a refund links to that page with every status of its mode (and app, when known).
 */
export function sourceLink(
  sourceType: string,
  sourceId: string,
  scope: { mode: string; appId?: number | null },
): SafeHtml {
  if (sourceType === 'payment') {
    return html`<a class="mono" href="/admin/payments/${sourceId}">${sourceId}</a>`;
  }
  if (sourceType === 'refund') {
    const query = new URLSearchParams({ mode: scope.mode, status: '' });
    if (scope.appId) query.set('appId', String(scope.appId));
    return html`<a class="mono" href="/admin/refunds?${query.toString()}">${sourceId}</a>`;
  }
  return html`<span class="mono">${sourceType} ${sourceId}</span>`;
}

/** Whether the ledger agrees with itself and with the payments and refunds it records. */
/**
 * The ledger's verification: the result of one run now, or, when one ran within the interval
 * (`throttledVerification`), the last result with when the next may run.
 */
export function verificationBadge(
  answer:
    { ran: true; result: Verification } | { ran: false; retryAfterMs: number; last: Verification | null },
): SafeHtml {
  if (answer.ran) return verificationResult(answer.result);
  const next = Math.max(1, Math.ceil(answer.retryAfterMs / 1000));
  const note = html`<p class="muted" data-testid="ledger-verification-throttled">
    The ledger is verified at most once every few minutes; the next verification can run in ${next} s.
  </p>`;
  if (answer.last) return html`${verificationResult(answer.last)} ${note}`;
  return html`<div class="flash" role="status" data-testid="ledger-verification" data-ok="unknown">
      <strong>Ledger verification ran moments ago</strong>
    </div>
    ${note}`;
}

function verificationResult(result: Verification): SafeHtml {
  const totals = `${result.totals.entries} entries, ${result.totals.postings} postings, ${result.totals.accounts} accounts`;
  if (result.ok) {
    return html`<div class="flash" role="status" data-testid="ledger-verification" data-ok="true">
      <strong>Ledger verified</strong>: every rule holds (${totals}) · checked ${time(result.checkedAt)}
    </div>`;
  }
  const breached = result.checks.filter((c) => c.breaches.length > 0);
  return html`<div class="flash error" role="alert" data-testid="ledger-verification" data-ok="false">
    <strong>Ledger verification failed</strong>: ${breached.length} rule(s) broken (${totals}) · checked
    ${time(result.checkedAt)}
    <ul>
      ${breached.map(
        (check) =>
          html`<li data-testid="breached-rule" data-rule="${check.name}">
            <strong>${check.name}</strong>: ${check.rule}
            <ul>
              ${check.breaches.map(
                (b) => html`<li><span class="mono">${b.subject}</span> — ${b.problem}</li>`,
              )}
            </ul>
          </li>`,
      )}
    </ul>
  </div>`;
}

export function ledgerFilters(form: Record<string, string>, apps: AppChoice[]): SafeHtml {
  return html`<form method="get" action="/admin/ledger" class="card" data-testid="ledger-filters">
    <div class="row">
      ${appSelect(apps, form.appId)} ${modeSwitch(form.mode ?? 'TEST')}
      <label
        >Account type
        <select name="type">
          ${options(ACCOUNT_TYPE_NAMES, form.type, 'Any type')}
        </select></label
      >
      <label
        >Currency
        <select name="currency">
          ${options(CURRENCIES, form.currency, 'Any currency')}
        </select></label
      >
      <label
        >Entry kind
        <select name="kind" data-testid="journal-kind">
          ${options(ENTRY_KIND_NAMES, form.kind, 'Any kind')}
        </select></label
      >
      <label
        >Source reference
        <input
          type="text"
          name="source"
          value="${form.source ?? ''}"
          placeholder="pay_…, rf_…, dsp_…"
          data-testid="journal-source"
      /></label>
      <button type="submit">Filter</button>
      <a class="button secondary" href="/admin/ledger">Reset</a>
    </div>
  </form>`;
}

export function accountsTable(accounts: Account[], apps: AppChoice[]): SafeHtml {
  if (!accounts.length) return html`<p class="card muted" data-testid="no-accounts">No accounts match.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="accounts">
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Type</th>
          <th scope="col">App</th>
          <th scope="col">Currency</th>
          <th scope="col">Balance</th>
        </tr>
      </thead>
      <tbody>
        ${accounts.map(
          (a) =>
            html`<tr data-testid="account-row" data-code="${a.code}">
              <td>
                <a class="mono" href="/admin/ledger/accounts/${a.id}">${a.code}</a>
                ${
                  a.bankAccountName
                    ? html`<div class="muted" data-testid="bank-account-name">${a.bankAccountName}</div>`
                    : ''
                }
              </td>
              <td>${a.type} <span class="muted">(${a.normalSide.toLowerCase()})</span></td>
              <td>${appName(apps, a.appId)}</td>
              <td>${a.currency}</td>
              <td data-testid="balance">${a.balanceFormatted}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function journalTable(entries: JournalEntry[]): SafeHtml {
  if (!entries.length)
    return html`<p class="card muted" data-testid="no-entries">No journal entries match.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="journal">
      <thead>
        <tr>
          <th scope="col">Entry</th>
          <th scope="col">Kind</th>
          <th scope="col">Source</th>
          <th scope="col">Postings</th>
          <th scope="col">Posted</th>
        </tr>
      </thead>
      <tbody>
        ${entries.map(
          (e) =>
            html`<tr data-testid="journal-entry" data-kind="${e.kind}" data-source="${e.sourceId}">
              <td class="mono">#${e.id}</td>
              <td>${e.kind}</td>
              <td>${sourceLink(e.sourceType, e.sourceId, { mode: e.mode })}</td>
              <td>
                ${e.postings.map(
                  (p) =>
                    html`<div>
                      <a class="mono" href="/admin/ledger/accounts/${p.accountId}">${p.accountCode}</a>
                      <span class="mono">${signed(p.amountMinor, e.currency)}</span>
                    </div>`,
                )}
              </td>
              <td>${time(e.createdAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function statementBody(result: Statement, apps: AppChoice[]): SafeHtml {
  const a = result.account;
  const lines = result.lines;
  return html`<p><a href="/admin/ledger?mode=${a.mode}">← Ledger</a></p>
    <h1>Account <span class="mono">${a.code}</span></h1>
    <div class="card">
      <dl class="facts" data-testid="account-facts">
        <dt>Type</dt>
        <dd>${a.type} <span class="muted">(normal side ${a.normalSide.toLowerCase()})</span></dd>
        <dt>App</dt>
        <dd>${appName(apps, a.appId)}</dd>
        <dt>Gateway</dt>
        <dd>${a.gateway ?? '—'}</dd>
        ${
          a.bankAccountName
            ? html`<dt>Bank account</dt>
                <dd data-testid="bank-account-name">${a.bankAccountName}</dd>`
            : ''
        }
        <dt>Mode</dt>
        <dd>${a.mode}</dd>
        <dt>Balance</dt>
        <dd data-testid="account-balance">${a.balanceFormatted}</dd>
      </dl>
    </div>
    <h2>Statement</h2>
    <p class="muted" data-testid="total">${result.total} posting(s), newest first</p>
    ${
      lines.length
        ? html`<div class="table-wrap">
            <table data-testid="statement">
              <thead>
                <tr>
                  <th scope="col">Posted</th>
                  <th scope="col">Entry</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Source</th>
                  <th scope="col">Debit</th>
                  <th scope="col">Credit</th>
                  <th scope="col">Balance after</th>
                </tr>
              </thead>
              <tbody>
                ${lines.map(
                  (l) =>
                    html`<tr data-testid="statement-line" data-kind="${l.kind}" data-source="${l.sourceId}">
                      <td>${time(l.createdAt)}</td>
                      <td class="mono">#${l.entryId}</td>
                      <td>${l.kind}</td>
                      <td>${sourceLink(l.sourceType, l.sourceId, { mode: a.mode, appId: a.appId })}</td>
                      <td>${l.amountMinor > 0 ? money(l.amountMinor, a.currency) : ''}</td>
                      <td>${l.amountMinor < 0 ? money(-l.amountMinor, a.currency) : ''}</td>
                      <td data-testid="balance-after">${money(l.balanceAfterMinor, a.currency)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="card muted" data-testid="no-lines">No postings on this account yet.</p>`
    }`;
}
