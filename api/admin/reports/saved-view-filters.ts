import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReportType } from '../../../domain/reports/report-types.js';
import { ApiError } from '../../../domain/shared/errors.js';

/** The filters a saved view gives a report of `type`; refused when the view is of another list. */
export async function savedViewFilters(
  _em: EntityManager,
  _savedViewId: number,
  _type: ReportType,
): Promise<Record<string, string>> {
  throw new ApiError('VALIDATION_ERROR', 'savedViewId: saved views cannot define reports yet');
}

/** The saved views a report can be defined by, for the forms' select. */
export async function savedViewChoices(
  _em: EntityManager,
): Promise<Array<{ id: number; list: string; name: string }>> {
  return [];
}
