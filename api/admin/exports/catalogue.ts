import type { ZodType } from 'zod';
import type { FieldIssue } from '../../../domain/shared/errors.js';
import type { Action } from '../../../domain/operators/permissions.js';
import { zodIssues } from '../../validation.js';
import type { RouteDeps } from '../../deps.js';
import type { CsvExport } from './csv-export.js';
import { auditExportQuery, journalExportQuery, paymentsExportQuery, refundsExportQuery } from './schemas.js';
import { auditExport, journalExport, paymentsExport, refundsExport } from './service.js';

/**
 * Every CSV export: its file under /exports, the permission of the page it comes from, the
 * filters it takes and how it is built. The admin API and the dashboard serve the same table.
 */
export interface ExportKind {
  file: string;
  action: Action;
  summary: string;
  /** The filters it takes, for the OpenAPI document. */
  query: ZodType;
  /** The export the raw query asks for, or what is wrong with the query. */
  prepare(deps: RouteDeps, raw: unknown): { file: CsvExport } | { issues: FieldIssue[] };
}

function kind<Q>(k: {
  file: string;
  action: Action;
  summary: string;
  query: ZodType<Q>;
  build: (deps: RouteDeps, query: Q) => CsvExport;
}): ExportKind {
  const { build, ...described } = k;
  return {
    ...described,
    prepare(deps, raw) {
      const parsed = k.query.safeParse(raw);
      return parsed.success ? { file: build(deps, parsed.data) } : { issues: zodIssues(parsed.error) };
    },
  };
}

export const EXPORT_KINDS: ExportKind[] = [
  kind({
    file: 'journal.csv',
    action: 'ledger.read',
    query: journalExportQuery,
    build: journalExport,
    summary:
      "The journal of the days from–to (in the company's time zone, COMPANY_TIME_ZONE): one row per posting, oldest entry first",
  }),
  kind({
    file: 'payments.csv',
    action: 'payments.read',
    query: paymentsExportQuery,
    build: paymentsExport,
    summary: "Payments with the payments list's filters, oldest first",
  }),
  kind({
    file: 'refunds.csv',
    action: 'payments.read',
    query: refundsExportQuery,
    build: refundsExport,
    summary: "Refunds with the refunds list's filters, oldest first",
  }),
  kind({
    file: 'audit.csv',
    action: 'audit.read',
    query: auditExportQuery,
    build: auditExport,
    summary: "The audit log with the audit page's filters, oldest first",
  }),
];
