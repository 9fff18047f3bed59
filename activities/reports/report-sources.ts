import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdminPaymentFilters } from '../../db/payments/payment-admin.js';
import { journalBatches, paymentBatches, refundBatches } from '../../db/ledger/export-batches.js';
import type { RefundListFilters } from '../../db/refunds/refunds.js';
import { payoutReportBatches, settlementDayRows, statementRows } from '../../db/reports/report-rows.js';
import type { EntryKind } from '../../domain/ledger/ledger.js';
import { addDays } from '../../domain/reports/report-schedules.js';
import { instantInZone } from '../../domain/shared/company-day.js';
import type { ReportType } from '../../domain/reports/report-types.js';
import type { CsvValue } from '../../domain/shared/csv.js';
import type { Mode } from '../../domain/shared/mode.js';
import {
  JOURNAL_COLUMNS,
  PAYMENT_COLUMNS,
  PAYOUT_COLUMNS,
  REFUND_COLUMNS,
  SETTLEMENT_DAY_COLUMNS,
  STATEMENT_COLUMNS,
  journalRecord,
  paymentRecord,
  payoutRecord,
  refundRecord,
  settlementDayRecord,
  statementRecord,
  statementTotals,
} from './report-records.js';

/** What a report covers: its kind, the books' mode, one app or all, the days and the list's filters. */
export interface ReportSpec {
  type: ReportType;
  mode: Mode;
  appId: number | null;
  /** YYYY-MM-DD in the company's zone, included. */
  from: string;
  to: string;
  /** A saved view's filters (validated when the schedule was made), without dates. */
  filters: Record<string, unknown>;
}

/** A report's columns and its rows, a batch at a time. */
export interface ReportSource {
  columns: readonly string[];
  batches: AsyncIterable<CsvValue[][]>;
}

async function* mapped<T>(batches: AsyncIterable<T[]>, toRecord: (row: T) => CsvValue[]) {
  for await (const batch of batches) yield batch.map(toRecord);
}

async function* once(rows: () => Promise<CsvValue[][]>) {
  const all = await rows();
  if (all.length) yield all;
}

/** The report's rows, read from PostgreSQL as it runs: a file is current to the minute it was made. */
export function reportSource(em: EntityManager, zone: string, spec: ReportSpec): ReportSource {
  const { mode, from, to } = spec;
  const appId = spec.appId ?? undefined;
  const period = {
    from: instantInZone(from, '00:00', zone),
    to: instantInZone(addDays(to, 1), '00:00', zone),
  };
  switch (spec.type) {
    case 'payments': {
      const filters = spec.filters as Partial<AdminPaymentFilters>;
      return {
        columns: PAYMENT_COLUMNS,
        batches: mapped(
          paymentBatches(em, { ...filters, mode, ...(appId !== undefined && { appId }), ...period }),
          paymentRecord,
        ),
      };
    }
    case 'refunds': {
      const { awaitingConfirmation, ...filters } = spec.filters as Omit<
        Partial<RefundListFilters>,
        'awaitingConfirmation'
      > & {
        awaitingConfirmation?: unknown;
      };
      return {
        columns: REFUND_COLUMNS,
        batches: mapped(
          refundBatches(em, {
            ...filters,
            mode,
            ...(appId !== undefined && { appId }),
            ...period,
            awaitingConfirmation: awaitingConfirmation === true || awaitingConfirmation === 'true',
          }),
          refundRecord,
        ),
      };
    }
    case 'payouts': {
      const filters = spec.filters as { status?: string[]; rail?: string };
      return {
        columns: PAYOUT_COLUMNS,
        batches: mapped(payoutReportBatches(em, { ...filters, mode, appId, from, to, zone }), payoutRecord),
      };
    }
    case 'settlement-days': {
      const gateway = typeof spec.filters.gateway === 'string' ? spec.filters.gateway : undefined;
      return {
        columns: SETTLEMENT_DAY_COLUMNS,
        batches: once(async () =>
          (await settlementDayRows(em, { mode, from, to, ...(gateway && { gateway }) })).map(
            settlementDayRecord,
          ),
        ),
      };
    }
    case 'journal': {
      const kind = typeof spec.filters.kind === 'string' ? (spec.filters.kind as EntryKind) : undefined;
      return {
        columns: JOURNAL_COLUMNS,
        batches: mapped(
          journalBatches(em, {
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
    case 'statement': {
      if (appId === undefined) throw new TypeError('a statement is of one app');
      return {
        columns: STATEMENT_COLUMNS,
        batches: once(async () => {
          const rows = await statementRows(em, { mode, appId, from, to, zone });
          return [...rows.map((r) => statementRecord(r, zone)), ...statementTotals(rows, { from, to })];
        }),
      };
    }
  }
}
