import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntryKind } from '../../domain/ledger/ledger.js';
import type { Mode } from '../../domain/shared/mode.js';
import { auditWhere, type AuditFilters } from '../operators/audit.js';
import {
  AppSchema,
  AuditEntrySchema,
  PaymentSchema,
  type AuditEntry,
  type Payment,
} from '../../platform/orm/entities.js';
import { paymentWhere, type AdminPaymentFilters } from '../payments/payment-admin.js';
import { refundFilterSql, selectRefunds, type Refund, type RefundListFilters } from '../refunds/refunds.js';
import type { Row } from '../../platform/orm/row-values.js';

/**
 * What an export reads, a batch at a time, oldest first: keyset pagination on the primary key
 * (`id > last id of the previous batch`), each batch its own short query on a fresh entity
 * manager, so an export of a million rows holds one batch in memory and no connection between
 * batches. The rows are those that existed when the export began (ids up to the largest then).
 */

export const EXPORT_BATCH_SIZE = 1000;

/** One batch as read: its rows, and the key the next batch continues after (null: the last batch). */
interface Batch<T> {
  rows: T[];
  next: number | null;
}

async function* byKeyset<T>(
  em: EntityManager,
  table: string,
  read: (db: EntityManager, after: number, upTo: number) => Promise<Batch<T>>,
): AsyncGenerator<T[]> {
  const [bound] = await em
    .fork()
    .execute<Array<{ max: string | null }>>(`select max(id) as max from ${table}`);
  const upTo = Number(bound?.max ?? 0);
  let after: number | null = 0;
  while (after !== null) {
    const batch: Batch<T> = await read(em.fork() as EntityManager, after, upTo);
    if (batch.rows.length > 0) yield batch.rows;
    after = batch.next;
  }
}

/** The key to continue after, when the batch was full (a next one may follow). */
function nextAfter(ids: number[], batchSize: number): number | null {
  return ids.length === batchSize ? ids.at(-1)! : null;
}

/** App names by id, read once per batch for the batch's apps. */
async function appNamesOf(em: EntityManager, appIds: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(appIds)];
  if (!unique.length) return new Map();
  const apps = await em.find(AppSchema, { id: { $in: unique } }, { fields: ['id', 'name'] });
  return new Map(apps.map((a) => [a.id, a.name]));
}

export interface JournalExportFilters {
  mode: Mode;
  /** Calendar dates in the company's time zone, both included. */
  fromDate: string;
  toDate: string;
  /** The company's time zone (COMPANY_TIME_ZONE), whose midnights bound the dates. */
  companyTimeZone: string;
  kind?: EntryKind;
}

export interface JournalExportPosting {
  entryId: number;
  postedAt: Date;
  kind: EntryKind;
  sourceType: string;
  sourceId: string;
  mode: Mode;
  currency: string;
  postingId: number;
  accountCode: string;
  accountType: string;
  /** Debits positive, credits negative, as postings store them. */
  amountMinor: number;
}

/** The journal's postings of the entries posted on the dates, entry by entry, oldest first. */
export function journalBatches(
  em: EntityManager,
  filters: JournalExportFilters,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<JournalExportPosting[]> {
  const conditions = [
    'e.mode = ?',
    `e.created_at >= (?::date)::timestamp at time zone ?::text`,
    `e.created_at < (?::date + 1)::timestamp at time zone ?::text`,
  ];
  const zone = filters.companyTimeZone;
  const params: unknown[] = [filters.mode, filters.fromDate, zone, filters.toDate, zone];
  if (filters.kind) {
    conditions.push('e.kind = ?');
    params.push(filters.kind);
  }
  // Batches of entries (never splitting an entry's postings), each with its postings.
  return byKeyset(em, 'journal_entries', async (db, after, upTo) => {
    const rows = await db.execute<Row[]>(
      `with batch as (
         select e.id, e.kind, e.source_type, e.source_id, e.mode, e.currency, e.created_at
           from journal_entries e
          where ${conditions.join(' and ')} and e.id > ? and e.id <= ?
          order by e.id limit ?
       )
       select batch.*, (select count(*) from batch) as batch_entries, (select max(id) from batch) as last_entry,
              p.id as posting_id, p.amount_minor, a.code as account_code, a.type as account_type
         from batch join postings p on p.entry_id = batch.id join ledger_accounts a on a.id = p.account_id
        order by batch.id, p.id`,
      [...params, after, upTo, batchSize],
    );
    const first = rows[0];
    const full = first !== undefined && Number(first.batch_entries) === batchSize;
    return {
      next: full ? Number(first.last_entry) : null,
      rows: rows.map((row) => ({
        entryId: Number(row.id),
        postedAt: new Date(row.created_at as string),
        kind: row.kind as EntryKind,
        sourceType: String(row.source_type),
        sourceId: String(row.source_id),
        mode: row.mode as Mode,
        currency: String(row.currency),
        postingId: Number(row.posting_id),
        accountCode: String(row.account_code),
        accountType: String(row.account_type),
        amountMinor: Number(row.amount_minor),
      })),
    };
  });
}

export type PaymentExportRow = Payment & { appName: string | null };

/** The operators' payments matching the list page's filters, oldest first, with their app's name. */
export function paymentBatches(
  em: EntityManager,
  filters: Omit<AdminPaymentFilters, 'page' | 'size'>,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<PaymentExportRow[]> {
  const where = paymentWhere(filters);
  return byKeyset(em, 'payments', async (db, after, upTo) => {
    const items = await db.find(
      PaymentSchema,
      { $and: [where, { id: { $gt: after, $lte: upTo } }] },
      { orderBy: { id: 'asc' }, limit: batchSize },
    );
    const names = await appNamesOf(
      db,
      items.map((p) => p.appId),
    );
    return {
      rows: items.map((p) => Object.assign(p, { appName: names.get(p.appId) ?? null })),
      next: nextAfter(
        items.map((p) => p.id),
        batchSize,
      ),
    };
  });
}

export type RefundExportRow = Refund & { appName: string | null };

/** The operators' refunds matching the list page's filters, oldest first, with their app's name. */
export function refundBatches(
  em: EntityManager,
  filters: Omit<RefundListFilters, 'page' | 'size'>,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<RefundExportRow[]> {
  const { where, params } = refundFilterSql(filters);
  return byKeyset(em, 'refunds', async (db, after, upTo) => {
    const items = await selectRefunds(db, `${where} and r.id > ? and r.id <= ? order by r.id limit ?`, [
      ...params,
      after,
      upTo,
      batchSize,
    ]);
    const names = await appNamesOf(
      db,
      items.map((r) => r.appId),
    );
    return {
      rows: items.map((r) => ({ ...r, appName: names.get(r.appId) ?? null })),
      next: nextAfter(
        items.map((r) => r.id),
        batchSize,
      ),
    };
  });
}

/** The audit log matching the audit page's filters, oldest first. */
export function auditBatches(
  em: EntityManager,
  filters: Omit<AuditFilters, 'page' | 'size' | 'after'>,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<AuditEntry[]> {
  const where = auditWhere(filters);
  return byKeyset(em, 'audit_log', async (db, after, upTo) => {
    const items = await db.find(
      AuditEntrySchema,
      { $and: [where, { id: { $gt: after, $lte: upTo } }] },
      { orderBy: { id: 'asc' }, limit: batchSize },
    );
    return {
      rows: items,
      next: nextAfter(
        items.map((a) => a.id),
        batchSize,
      ),
    };
  });
}
