import type { EntityManager } from '@mikro-orm/postgresql';
import {
  auditBatches,
  journalBatches,
  paymentBatches,
  refundBatches,
} from '../../../db/ledger/export-batches.js';
import type { CsvValue } from '../../../domain/shared/csv.js';
import type { RouteDeps } from '../../deps.js';
import { now } from '../session.js';
import { companyZone } from '../../../domain/shared/company-time.js';
import { exportFileName, rangeLabel, type CsvExport } from './csv-export.js';
import {
  JOURNAL_COLUMNS,
  PAYMENT_COLUMNS,
  REFUND_COLUMNS,
  journalRecord,
  paymentRecord,
  refundRecord,
} from '../../../activities/reports/report-records.js';
import { isoTime } from '../../../domain/reports/report-values.js';
import type {
  AuditExportQuery,
  JournalExportQuery,
  PaymentsExportQuery,
  RefundsExportQuery,
} from './schemas.js';

/**
 * The CSV exports for accountants' tools: each a header and, per row, its cells. Amounts come
 * twice: integer minor units (exact) and the currency's decimal (what a person reads).
 */

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

async function* mapped<T>(batches: AsyncIterable<T[]>, toRecord: (row: T) => CsvValue[]) {
  for await (const batch of batches) yield batch.map(toRecord);
}

/** One row per posting of each entry posted on the days (the company's, COMPANY_TIME_ZONE), oldest entry first. */
export function journalExport(deps: RouteDeps, query: JournalExportQuery): CsvExport {
  const { mode, from, to, kind } = query;
  const zone = companyZone(deps.config.COMPANY_TIME_ZONE);
  return {
    what: 'journal',
    fileName: exportFileName('journal', mode, `${from}-to-${to}`, ...(kind ? [kind] : [])),
    filters: query,
    header: JOURNAL_COLUMNS,
    batches: mapped(
      journalBatches(em(deps), {
        mode,
        fromDate: from,
        toDate: to,
        companyTimeZone: zone,
        ...(kind && { kind }),
      }),
      (p) => journalRecord(p, zone),
    ),
  };
}

/** The payments the list page's filters select, oldest first. */
export function paymentsExport(deps: RouteDeps, query: PaymentsExportQuery): CsvExport {
  return {
    what: 'payments',
    fileName: exportFileName('payments', query.mode, rangeLabel(query.from, query.to, now(deps))),
    filters: query,
    header: PAYMENT_COLUMNS,
    batches: mapped(paymentBatches(em(deps), query), paymentRecord),
  };
}

/** The refunds the refunds page's filters select, oldest first. */
export function refundsExport(deps: RouteDeps, query: RefundsExportQuery): CsvExport {
  const { awaitingConfirmation, ...filters } = query;
  return {
    what: 'refunds',
    fileName: exportFileName('refunds', query.mode, rangeLabel(query.from, query.to, now(deps))),
    filters: query,
    header: REFUND_COLUMNS,
    batches: mapped(
      refundBatches(em(deps), { ...filters, awaitingConfirmation: awaitingConfirmation === 'true' }),
      refundRecord,
    ),
  };
}

export const AUDIT_COLUMNS = [
  'id',
  'occurred_at',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target_type',
  'target_id',
  'ip',
  'before',
  'after',
] as const;

/** The audit log the audit page's filters select, oldest first; before and after as JSON. */
export function auditExport(deps: RouteDeps, query: AuditExportQuery): CsvExport {
  return {
    what: 'audit',
    fileName: exportFileName('audit', rangeLabel(query.from, query.to, now(deps))),
    filters: query,
    header: AUDIT_COLUMNS,
    batches: mapped(auditBatches(em(deps), query), (a) => [
      a.id,
      isoTime(a.occurredAt),
      a.actorType,
      a.actorId,
      a.actorLabel,
      a.action,
      a.targetType,
      a.targetId,
      a.ip,
      a.before === null ? null : JSON.stringify(a.before),
      a.after === null ? null : JSON.stringify(a.after),
    ]),
  };
}
