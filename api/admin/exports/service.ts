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
import { companyDate, decimal, exportFileName, isoTime, rangeLabel, type CsvExport } from './csv-export.js';
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

export const JOURNAL_COLUMNS = [
  'entry_id',
  'posted_at',
  'posted_date',
  'kind',
  'source_type',
  'source_id',
  'mode',
  'currency',
  'posting_id',
  'account_code',
  'account_type',
  'amount_minor',
  'amount',
  'debit',
  'credit',
] as const;

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
      (p) => [
        p.entryId,
        isoTime(p.postedAt),
        companyDate(p.postedAt, zone),
        p.kind,
        p.sourceType,
        p.sourceId,
        p.mode,
        p.currency,
        p.postingId,
        p.accountCode,
        p.accountType,
        p.amountMinor,
        decimal(p.amountMinor, p.currency),
        p.amountMinor > 0 ? decimal(p.amountMinor, p.currency) : null,
        p.amountMinor < 0 ? decimal(-p.amountMinor, p.currency) : null,
      ],
    ),
  };
}

export const PAYMENT_COLUMNS = [
  'id',
  'reference',
  'app_id',
  'app_name',
  'mode',
  'status',
  'currency',
  'amount_minor',
  'amount',
  'refunded_minor',
  'refunded',
  'gateway',
  'payment_method',
  'payment_method_type',
  'gateway_transaction_id',
  'order_id',
  'customer_reference',
  'customer_name',
  'product_name',
  'failure_reason',
  'created_at',
  'settled_at',
] as const;

/** The payments the list page's filters select, oldest first. */
export function paymentsExport(deps: RouteDeps, query: PaymentsExportQuery): CsvExport {
  return {
    what: 'payments',
    fileName: exportFileName('payments', query.mode, rangeLabel(query.from, query.to, now(deps))),
    filters: query,
    header: PAYMENT_COLUMNS,
    batches: mapped(paymentBatches(em(deps), query), (p) => [
      p.id,
      p.reference,
      p.appId,
      p.appName,
      p.mode,
      p.status,
      p.currency,
      p.amountMinor,
      decimal(p.amountMinor, p.currency),
      p.refundedMinor,
      decimal(p.refundedMinor, p.currency),
      p.gateway,
      p.paymentMethod,
      p.paymentMethodType,
      p.gatewayTransactionId,
      p.orderId,
      p.customerReference,
      p.customerName,
      p.productName,
      p.failureReason,
      isoTime(p.createdAt),
      isoTime(p.settledAt),
    ]),
  };
}

export const REFUND_COLUMNS = [
  'id',
  'reference',
  'payment_reference',
  'app_id',
  'app_name',
  'mode',
  'status',
  'currency',
  'amount_minor',
  'amount',
  'funds',
  'reason',
  'gateway_refund_id',
  'failure_reason',
  'decided_by',
  'created_at',
  'settled_at',
] as const;

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
      (r) => [
        r.id,
        r.reference,
        r.paymentReference,
        r.appId,
        r.appName,
        r.mode,
        r.status,
        r.currency,
        r.amountMinor,
        decimal(r.amountMinor, r.currency),
        r.funds,
        r.reason,
        r.gatewayRefundId,
        r.failureReason,
        r.decision?.by ?? null,
        isoTime(r.createdAt),
        isoTime(r.settledAt),
      ],
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
