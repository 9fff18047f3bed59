import type { Context } from 'koa';
import type { ApiError } from '../../../domain/shared/errors.js';
import { SafeHtml } from '../../pages/html.js';

/** Styles the oversight pages add to the dashboard's own (row headers, controls that fit narrow screens). */
export const AREA_STYLE = new SafeHtml(`<style>
  tbody th { background:transparent; color:var(--ink); }
  main label { max-width:100%; min-width:0; } main select, main input { max-width:100%; }
</style>`);

/** An error as one sentence for a flash message, with the fields that were wrong. */
export function problemText(error: ApiError): string {
  const details = Array.isArray(error.details)
    ? error.details.map((issue) => `${issue.field} ${issue.message}`).join('; ')
    : '';
  return details ? `${error.message}: ${details}` : error.message;
}

/**
 * The query fields a page understands; others (the flash's ok/error) are not filters, so the
 * strict schemas shared with the JSON API never see them.
 */
export function queryFields(ctx: Context, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = ctx.query[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}
