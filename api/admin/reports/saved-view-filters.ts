import type { EntityManager } from '@mikro-orm/postgresql';
import type { ZodError } from 'zod';
import { findSavedView, listSavedViews } from '../../../db/reports/saved-views.js';
import { ENTRY_KIND_NAMES } from '../../../domain/ledger/ledger.js';
import type { SavedViewList } from '../../../domain/reports/saved-views.js';
import type { ReportType } from '../../../domain/reports/report-types.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { zodIssues } from '../../validation.js';
import { adminPaymentsQuery, paymentQueryFromForm } from '../payments/queries.js';
import { adminRefundsQuery } from '../refunds/schemas.js';

/**
 * A saved view as a report's definition: the list a report type is made of, and the view's
 * filters read as its page reads them (amounts in major units, an inclusive day), the report's
 * own keys (its days and mode, and paging) left out.
 */

/** The list whose saved views can define each report. */
export const REPORT_LIST: Partial<Record<ReportType, SavedViewList>> = {
  payments: 'payments',
  refunds: 'refunds',
  payouts: 'payouts',
  journal: 'journal',
  'settlement-days': 'reconciliation',
};

/** Keys a report sets itself, never a view: the period, the mode and paging. */
const OWN_KEYS = new Set(['from', 'to', 'mode', 'page', 'size', 'after']);
const kept = (filters: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(filters).filter(([key, value]) => !OWN_KEYS.has(key) && value !== undefined),
  );

function checked<T>(
  parsed: { success: true; data: T } | { success: false; error: ZodError },
): Record<string, unknown> {
  if (!parsed.success)
    throw new ApiError(
      'VALIDATION_ERROR',
      'savedViewId: the view has filters this report cannot take',
      zodIssues(parsed.error),
    );
  return parsed.data as Record<string, unknown>;
}

/** The filters a view of `list` gives its report. */
function filtersOfView(list: SavedViewList, raw: Record<string, string>): Record<string, unknown> {
  switch (list) {
    case 'payments':
      return kept(
        checked(adminPaymentsQuery.safeParse(paymentQueryFromForm({ mode: 'TEST', ...raw }, undefined))),
      );
    case 'refunds':
      return kept(checked(adminRefundsQuery.safeParse({ mode: 'TEST', ...raw })));
    case 'journal': {
      const kind = raw.kind;
      return kind && (ENTRY_KIND_NAMES as readonly string[]).includes(kind) ? { kind } : {};
    }
    case 'reconciliation':
      return raw.gateway ? { gateway: raw.gateway } : {};
    default:
      return {};
  }
}

/**
 * The filters and the app a saved view gives a report of `type` (the view's app when the report
 * names none); refused when the view is of another list than the report is made of.
 */
export async function savedViewReportFilters(
  em: EntityManager,
  savedViewId: number,
  type: ReportType,
): Promise<{ filters: Record<string, unknown>; appId: number | null; viewName: string }> {
  const view = await findSavedView(em, savedViewId);
  if (!view) throw new ApiError('SAVED_VIEW_NOT_FOUND');
  if (REPORT_LIST[type] !== view.list) {
    throw new ApiError(
      'VALIDATION_ERROR',
      `savedViewId: "${view.name}" is a view of ${view.list}; a ${type} report takes a view of ${REPORT_LIST[type] ?? 'no list'}`,
      [{ field: 'savedViewId', message: `a view of ${view.list} cannot define a ${type} report` }],
    );
  }
  const { appId: viewApp, ...filters } = filtersOfView(view.list, view.filters);
  return { filters, appId: typeof viewApp === 'number' ? viewApp : null, viewName: view.name };
}

/** The saved views a report can be defined by, for the forms' select. */
export async function savedViewChoices(
  em: EntityManager,
): Promise<Array<{ id: number; list: string; name: string }>> {
  const reportable = new Set(Object.values(REPORT_LIST));
  return (await listSavedViews(em))
    .filter((v) => reportable.has(v.list))
    .map((v) => ({ id: v.id, list: v.list, name: v.name }));
}
