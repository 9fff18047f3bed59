import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listAudit, type AuditFilters } from '../../../db/operators/audit.js';
import type { AuditEntry } from '../../../platform/orm/entities.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { parseWith } from '../../validation.js';
import { render } from '../pages/page-context.js';
import { companyTime } from '../pages/times.js';
import { AREA_STYLE, problemText, queryFields } from './page-helpers.js';
import { downloadLink } from '../exports/views.js';
import { auditQuery } from './schemas.js';

const FILTERS = ['action', 'actor', 'targetType', 'targetId', 'from', 'to'] as const;
const PAGE_SIZE = 50;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function when(date: Date): SafeHtml | string {
  return companyTime(date);
}

function summary(value: Record<string, unknown> | null): string {
  if (!value) return '';
  return Object.entries(value)
    .map(([key, v]) => `${key}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

function row(entry: AuditEntry): SafeHtml {
  const before = summary(entry.before);
  const after = summary(entry.after);
  return html`<tr>
    <td class="mono">${when(entry.occurredAt)}</td>
    <td>${entry.actorLabel} <span class="muted">${entry.actorType.toLowerCase()}</span></td>
    <td class="mono" data-testid="audit-action">${entry.action}</td>
    <td>
      ${entry.targetType ? html`${entry.targetType} <span class="mono">${entry.targetId ?? ''}</span>` : '—'}
    </td>
    <td class="mono">${entry.ip ?? ''}</td>
    <td>
      ${before ? html`<div><span class="muted">before</span> ${before}</div>` : ''}
      ${after ? html`<div><span class="muted">after</span> ${after}</div>` : ''}
    </td>
  </tr>`;
}

function filterForm(values: Record<string, string>): SafeHtml {
  const field = (name: string, label: string, type = 'text', placeholder = '') =>
    html`<label
      >${label}
      <input type="${type}" name="${name}" value="${values[name] ?? ''}" placeholder="${placeholder}"
    /></label>`;
  return html`<form method="get" action="/admin/audit" class="card" data-testid="audit-filters">
    <div class="row">
      ${field('action', 'Action starts with', 'text', 'operator.')}
      ${field('actor', 'Actor contains', 'text', 'name@example.com')} ${field('targetType', 'Target type')}
      ${field('targetId', 'Target id')} ${field('from', 'From (date)', 'date')}
      ${field('to', 'To (date, inclusive)', 'date')}
      <button type="submit">Filter</button>
      <a class="button secondary" href="/admin/audit">Clear</a>
    </div>
  </form>`;
}

function pager(values: Record<string, string>, page: number, totalPages: number): SafeHtml {
  const link = (target: number, label: string, rel: string) => {
    const params = new URLSearchParams({ ...values, page: String(target) });
    return html`<a class="button secondary" rel="${rel}" href="/admin/audit?${params.toString()}"
      >${label}</a
    >`;
  };
  return html`<nav class="row" aria-label="Pages" style="margin-top:1rem">
    ${page > 1 ? link(page - 1, 'Newer', 'prev') : ''}
    <span class="muted" data-testid="audit-page">Page ${page} of ${Math.max(1, totalPages)}</span>
    ${page < totalPages ? link(page + 1, 'Older', 'next') : ''}
  </nav>`;
}

/** GET /admin/audit: the audit trail, newest first, with the filters of the JSON API. */
export async function auditPage(deps: RouteDeps, ctx: Context): Promise<void> {
  const values = queryFields(ctx, FILTERS);
  let filters: AuditFilters;
  let flash: { kind: 'error'; message: string } | null = null;
  try {
    const parsed = parseWith(auditQuery, { ...values, ...queryFields(ctx, ['page']), size: PAGE_SIZE });
    // A date in the "to" field means up to the end of that day.
    if (parsed.to && DATE_ONLY.test(values.to ?? '')) parsed.to = new Date(parsed.to.getTime() + 86_400_000);
    filters = parsed;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    filters = { page: 1, size: PAGE_SIZE };
    flash = { kind: 'error', message: problemText(error) };
  }
  const { items, total } = await listAudit(deps.orm.em.fork() as EntityManager, filters);
  const totalPages = Math.ceil(total / PAGE_SIZE);
  render(ctx, {
    title: 'Audit log',
    active: 'audit',
    ...(flash && { flash }),
    body: html`${AREA_STYLE}
      <h1>Audit log</h1>
      <p class="muted">
        Every operator action and credential event, as it happened. Entries are never edited.
      </p>
      ${filterForm(values)}
      <p class="muted" data-testid="audit-total">${total} ${total === 1 ? 'entry' : 'entries'}</p>
      ${flash ? '' : downloadLink('audit.csv', filters)}
      <div class="table-wrap">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">IP</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            ${
              items.length
                ? items.map(row)
                : html`<tr>
                    <td colspan="6" class="muted">No entries match these filters.</td>
                  </tr>`
            }
          </tbody>
        </table>
      </div>
      ${pager(values, filters.page, totalPages)}`,
  });
}
