import {
  SEARCH_KIND_FINDS,
  SEARCH_LIMIT_PER_KIND,
  type SearchHit,
  type SearchKind,
  type SearchMatch,
} from '../../../domain/reports/search.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { badge, money, time } from '../payments/views.js';
import type { SearchResult } from './service.js';

/** The search results page; data comes from service.ts. Phones and accounts arrive masked. */

const TITLES: Record<SearchKind, string> = {
  payments: 'Payments',
  refunds: 'Refunds',
  payouts: 'Payouts',
  invoices: 'Invoices',
  'settlement-lines': 'Settlement lines',
};

const MATCHED: Record<SearchMatch, string> = {
  reference: 'reference',
  orderId: 'order id',
  gatewayTransactionId: 'gateway transaction id',
  customerPhone: "customer's phone",
  gatewayRefundId: 'gateway refund id',
  destination: 'paid to',
  number: 'invoice number',
};

/** What else tells a record apart, after its reference. */
function facts(hit: SearchHit): SafeHtml {
  const parts = [
    hit.appName && html`<span>${hit.appName}</span>`,
    hit.gateway && html`<span class="muted">${hit.gateway}</span>`,
    hit.orderId && html`<span>order <span class="mono">${hit.orderId}</span></span>`,
    hit.number && html`<span>no. <span class="mono">${hit.number}</span></span>`,
    hit.paymentReference &&
      html`<span
        >of <a class="mono" href="/admin/payments/${hit.paymentReference}">${hit.paymentReference}</a></span
      >`,
    hit.phone && html`<span class="mono" data-testid="masked-phone">${hit.phone}</span>`,
    hit.account && html`<span class="mono" data-testid="masked-account">${hit.account}</span>`,
  ].filter((part): part is SafeHtml => Boolean(part));
  return html`${parts.map((part, i) => (i === 0 ? part : html` · ${part}`))}`;
}

function hitRow(hit: SearchHit): SafeHtml {
  const when =
    hit.kind === 'settlement-lines' ? hit.at.toISOString().slice(0, 10) : time(hit.at.toISOString());
  return html`<tr data-testid="search-hit" data-kind="${hit.kind}" data-reference="${hit.reference}">
    <td><a class="mono" href="${hit.path}">${hit.reference}</a></td>
    <td>${hit.mode}</td>
    <td>${badge(hit.status)}</td>
    <td>${money(hit.amountMinor, hit.currency)}</td>
    <td>${facts(hit)}</td>
    <td class="muted">${MATCHED[hit.matchedOn]}</td>
    <td>${when}</td>
  </tr>`;
}

function kindSection(kind: SearchKind, hits: SearchHit[], truncated: boolean): SafeHtml {
  return html`<section data-testid="search-kind" data-kind="${kind}">
    <h2>${TITLES[kind]} <span class="muted">(${hits.length}${truncated ? '+' : ''})</span></h2>
    ${
      truncated
        ? html`<p class="muted" data-testid="search-truncated">
            The first ${SEARCH_LIMIT_PER_KIND}, newest first: a list page's filters narrow the rest down.
          </p>`
        : ''
    }
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Mode</th>
            <th scope="col">Status</th>
            <th scope="col">Amount</th>
            <th scope="col">Details</th>
            <th scope="col">Matched on</th>
            <th scope="col">${kind === 'settlement-lines' ? 'Settled' : 'Created'}</th>
          </tr>
        </thead>
        <tbody>
          ${hits.map(hitRow)}
        </tbody>
      </table>
    </div>
  </section>`;
}

/** What this role's search finds, in one sentence. */
function intro(searched: SearchKind[]): SafeHtml {
  const finds = searched.map((kind) => `${TITLES[kind].toLowerCase()} by ${SEARCH_KIND_FINDS[kind]}`);
  return html`<p class="muted" data-testid="search-finds">
    Finds, in TEST and LIVE, ${finds.join('; ')}. A reference of ours (pay_…, rf_…, po_…, inv_…) opens its
    record at once; phones are shown masked.
  </p>`;
}

export function searchPageBody(searched: SearchKind[], result: SearchResult | null): SafeHtml {
  if (!result) {
    return html`<h1>Search</h1>
      ${intro(searched)}`;
  }
  const byKind = result.searched
    .map((kind) => ({ kind, hits: result.items.filter((hit) => hit.kind === kind) }))
    .filter(({ hits }) => hits.length > 0);
  return html`<h1>Search: <span class="mono" data-testid="search-query">${result.query}</span></h1>
    ${intro(searched)}
    ${
      byKind.length
        ? byKind.map(({ kind, hits }) => kindSection(kind, hits, result.truncated.includes(kind)))
        : html`<p class="card muted" data-testid="search-nothing">
            Nothing has this reference, id, number or phone.
          </p>`
    }`;
}
