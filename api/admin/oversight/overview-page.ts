import type { Context } from 'koa';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutcomeStats, Overview } from '../../../db/payments/overview.js';
import { loadOverview } from '../../../db/payments/overview.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { html, SafeHtml } from '../../pages/html.js';
import { parseWith } from '../../validation.js';
import { render } from '../pages/page-context.js';
import { companyTime } from '../pages/times.js';
import { now } from '../session.js';
import { amounts, chartLegend, percent, successRateChart, volumeChart } from './charts.js';
import { AREA_STYLE, problemText, queryFields } from './page-helpers.js';
import { overviewQuery } from './schemas.js';

const STYLE = new SafeHtml(`<style>
  .chart { width:100%; height:auto; display:block; }
  .legend { display:flex; flex-wrap:wrap; gap:1rem; font-size:.85rem; margin:.5rem 0 0; }
  .legend-item { display:inline-flex; align-items:center; gap:.35rem; }
  .swatch { width:.8rem; height:.8rem; border-radius:2px; display:inline-block; }
  .switch { display:flex; flex-wrap:wrap; gap:.5rem; margin-bottom:1rem; align-items:center; }
  .switch a[aria-current="page"] { background:var(--brand); color:#fff; border-color:var(--brand); }
  .stats { display:grid; grid-template-columns:repeat(auto-fit,minmax(11rem,1fr)); gap:.75rem; margin-bottom:1rem; }
  .stats .card { margin:0; } .stats .value { font-size:1.3rem; font-weight:700; display:block; }
  .num { text-align:right; font-variant-numeric:tabular-nums; }
</style>`);

const DAY_CHOICES = [7, 14, 30, 90];

function switchLink(label: string, href: string, current: boolean, testId: string): SafeHtml {
  return html`<a
    class="button secondary"
    href="${href}"
    data-testid="${testId}"
    ${new SafeHtml(current ? 'aria-current="page"' : '')}
    >${label}</a
  >`;
}

function controls(overview: Pick<Overview, 'mode' | 'days'>): SafeHtml {
  const modes = (['TEST', 'LIVE'] as const).map((mode) =>
    switchLink(mode, `/admin?mode=${mode}&days=${overview.days}`, overview.mode === mode, `mode-${mode}`),
  );
  const days = DAY_CHOICES.map((days) =>
    switchLink(
      `${days} days`,
      `/admin?mode=${overview.mode}&days=${days}`,
      overview.days === days,
      `days-${days}`,
    ),
  );
  return html`<nav class="switch" aria-label="Mode">${modes}</nav>
    <nav class="switch" aria-label="Period">${days}</nav>`;
}

function statsCells(stats: OutcomeStats): SafeHtml {
  return html`<td class="num">${stats.count}</td>
    <td class="num">${stats.succeeded}</td>
    <td class="num">${stats.failed + stats.expired + stats.cancelled}</td>
    <td class="num">${stats.open}</td>
    <td class="num">${percent(stats.successRate)}</td>
    <td>${amounts(stats.succeededAmounts)}</td>`;
}

const STATS_HEAD = html`<th scope="col" class="num">Payments</th>
  <th scope="col" class="num">Succeeded</th>
  <th scope="col" class="num">Failed, expired, cancelled</th>
  <th scope="col" class="num">Open</th>
  <th scope="col" class="num">Success rate</th>
  <th scope="col">Succeeded amount</th>`;

function breakdown<T extends OutcomeStats>(
  title: string,
  testId: string,
  rows: T[],
  first: { head: string; cell: (row: T) => SafeHtml | string },
): SafeHtml {
  return html`<h2>${title}</h2>
    <div class="table-wrap">
      <table data-testid="${testId}">
        <thead>
          <tr>
            <th scope="col">${first.head}</th>
            ${STATS_HEAD}
          </tr>
        </thead>
        <tbody>
          ${
            rows.length
              ? rows.map(
                  (row) =>
                    html`<tr>
                      <th scope="row">${first.cell(row)}</th>
                      ${statsCells(row)}
                    </tr>`,
                )
              : html`<tr>
                  <td colspan="7" class="muted">No payments in this period.</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>`;
}

/** Gateways whose session openings kept failing: the checkout offers them last for a while. */
function degradedSection(overview: Overview): SafeHtml {
  return html`<section class="card" aria-labelledby="degraded-title" data-testid="degraded-gateways">
    <h2 id="degraded-title">Gateway health</h2>
    ${
      overview.degradedGateways.length
        ? html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Gateway</th>
                    <th scope="col">Mode</th>
                    <th scope="col">Degraded since</th>
                    <th scope="col">Until</th>
                    <th scope="col">Last failure</th>
                  </tr>
                </thead>
                <tbody>
                  ${overview.degradedGateways.map(
                    (d) =>
                      html`<tr data-testid="degraded-gateway" data-gateway="${d.gateway}">
                        <th scope="row">${d.gateway}</th>
                        <td>${overview.mode}</td>
                        <td>${companyTime(d.since)}</td>
                        <td>${companyTime(d.until)}</td>
                        <td>${d.lastFailureReason ?? ''}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <p class="muted">
              Their session openings kept failing: the checkout still offers them, last and noted, until the
              time shown or their next success.
            </p>`
        : html`<p class="muted" data-testid="no-degraded-gateways">
            Every gateway is opening sessions normally.
          </p>`
    }
  </section>`;
}

function body(overview: Overview): SafeHtml {
  const { totals } = overview;
  const stat = (label: string, value: string, testId: string) =>
    html`<div class="card">
      <span class="muted">${label}</span><span class="value" data-testid="${testId}">${value}</span>
    </div>`;
  return html`${AREA_STYLE}${STYLE}
    <h1>Overview <span class="badge">${overview.mode}</span></h1>
    ${controls(overview)}
    <div class="stats">
      ${stat('Payments', String(totals.count), 'total-count')}
      ${stat('Succeeded', String(totals.succeeded), 'total-succeeded')}
      ${stat('Success rate', percent(totals.successRate), 'total-rate')}
      ${stat('Succeeded amount', amounts(totals.succeededAmounts), 'total-amount')}
    </div>
    <section class="card" aria-labelledby="volume-title">
      <h2 id="volume-title">Payments per day</h2>
      ${volumeChart(overview.daily)} ${chartLegend()}
    </section>
    <section class="card" aria-labelledby="rate-title">
      <h2 id="rate-title">Success rate per day</h2>
      ${successRateChart(overview.daily)}
      <p class="muted">
        Succeeded ÷ (succeeded + failed + expired + cancelled); open checkouts are left out.
      </p>
    </section>
    ${degradedSection(overview)}
    ${breakdown('By app', 'by-app', overview.byApp, {
      head: 'App',
      cell: (row) => html`<a href="/admin/apps/${row.appId}">${row.appName}</a>`,
    })}
    ${breakdown('By gateway', 'by-gateway', overview.byGateway, {
      head: 'Gateway',
      cell: (row) => row.gateway ?? 'not chosen yet',
    })}
    <details>
      <summary>Numbers per day</summary>
      ${breakdown('Per day', 'by-day', [...overview.daily].reverse(), { head: 'Day', cell: (row) => row.date })}
    </details>`;
}

/** GET /admin: the overview for the mode and period in the query (TEST, 14 days by default). */
export async function overviewPage(deps: RouteDeps, ctx: Context): Promise<void> {
  let query: { mode: 'TEST' | 'LIVE'; days: number };
  let flash: { kind: 'error'; message: string } | null = null;
  try {
    query = parseWith(overviewQuery, queryFields(ctx, ['mode', 'days']));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    query = { mode: 'TEST', days: 14 };
    flash = { kind: 'error', message: problemText(error) };
  }
  const overview = await loadOverview(deps.orm.em.fork() as EntityManager, { ...query, now: now(deps) });
  render(ctx, { title: 'Overview', active: 'overview', body: body(overview), ...(flash && { flash }) });
}
