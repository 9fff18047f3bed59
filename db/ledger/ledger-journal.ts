import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntryKind } from '../../domain/ledger/ledger.js';
import type { Mode } from '../../domain/shared/mode.js';
import { findAccount, type AccountBalance } from './ledger-balances.js';
import type { Row } from '../../platform/orm/row-values.js';

export interface JournalPosting {
  accountId: number;
  accountCode: string;
  amountMinor: number;
}

export interface JournalEntryView {
  id: number;
  kind: EntryKind;
  sourceType: string;
  sourceId: string;
  mode: Mode;
  currency: string;
  createdAt: Date;
  postings: JournalPosting[];
}

export interface JournalFilters {
  mode: Mode;
  kind?: EntryKind;
  /** A payment's or refund's reference. */
  source?: string;
  from?: Date;
  to?: Date;
  page: number;
  size: number;
  /** Continue after this entry (a cursor's entry id) instead of paging by number. */
  after?: number;
}

/**
 * The journal of one mode, newest first, each entry with its postings; `lastId` names the last
 * entry when a next page may follow (the page was full).
 */
export async function listJournal(
  em: EntityManager,
  filters: JournalFilters,
): Promise<{ items: JournalEntryView[]; total: number; lastId: number | null }> {
  const conditions = ['e.mode = ?'];
  const params: unknown[] = [filters.mode];
  if (filters.kind) {
    conditions.push('e.kind = ?');
    params.push(filters.kind);
  }
  if (filters.source) {
    conditions.push('e.source_id = ?');
    params.push(filters.source);
  }
  if (filters.from) {
    conditions.push('e.created_at >= ?');
    params.push(filters.from);
  }
  if (filters.to) {
    conditions.push('e.created_at < ?');
    params.push(filters.to);
  }
  const where = conditions.join(' and ');
  const countParams = [...params];
  // Keyset: entry ids grow with time, so the entries before the cursor's are those of smaller id,
  // read from journal_entries_journal_idx (mode, id desc) at any depth.
  const pageWhere = filters.after === undefined ? where : `${where} and e.id < ?`;
  if (filters.after !== undefined) params.push(filters.after);
  const offset = filters.after === undefined ? (filters.page - 1) * filters.size : 0;
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from journal_entries e where ${where}`,
    countParams,
  );
  const rows = await em.execute<Row[]>(
    `with page as (
       select e.* from journal_entries e where ${pageWhere} order by e.id desc limit ? offset ?
     )
     select page.id, page.kind, page.source_type, page.source_id, page.mode, page.currency, page.created_at,
            coalesce(json_agg(json_build_object('accountId', a.id, 'accountCode', a.code, 'amountMinor', p.amount_minor)
              order by p.id) filter (where p.id is not null), '[]') as postings
       from page left join postings p on p.entry_id = page.id left join ledger_accounts a on a.id = p.account_id
      group by page.id, page.kind, page.source_type, page.source_id, page.mode, page.currency, page.created_at
      order by page.id desc`,
    [...params, filters.size, offset],
  );
  const last = rows.at(-1);
  return {
    lastId: last && rows.length === filters.size ? Number(last.id) : null,
    items: rows.map((row) => ({
      id: Number(row.id),
      kind: row.kind as EntryKind,
      sourceType: String(row.source_type),
      sourceId: String(row.source_id),
      mode: row.mode as Mode,
      currency: String(row.currency),
      createdAt: new Date(row.created_at as string),
      postings: (
        (typeof row.postings === 'string' ? JSON.parse(row.postings) : row.postings) as JournalPosting[]
      ).map((p) => ({ ...p, accountId: Number(p.accountId), amountMinor: Number(p.amountMinor) })),
    })),
    total: Number(counted?.total ?? 0),
  };
}

export interface StatementLine {
  postingId: number;
  entryId: number;
  kind: EntryKind;
  sourceType: string;
  sourceId: string;
  createdAt: Date;
  amountMinor: number;
  /** The account's signed balance just after this posting, in the statement's order. */
  balanceAfterMinor: number;
}

/**
 * An account's statement, newest first, with the balance after each line. Read in one
 * repeatable-read transaction, so the closing balance and the lines agree however many
 * postings arrive meanwhile; each page costs its own lines plus one indexed sum.
 */
export async function accountStatement(
  em: EntityManager,
  accountId: number,
  page: { page: number; size: number },
): Promise<{ account: AccountBalance; lines: StatementLine[]; total: number } | null> {
  return em.transactional(
    async (db) => {
      const tx = db as EntityManager;
      const account = await findAccount(tx, accountId);
      if (!account) return null;
      const [counted] = await tx.execute<Array<{ total: string }>>(
        'select count(*) as total from postings where account_id = ?',
        [accountId],
      );
      const rows = await tx.execute<Row[]>(
        `select p.id, p.entry_id, p.amount_minor, e.kind, e.source_type, e.source_id, e.created_at
           from postings p join journal_entries e on e.id = p.entry_id
          where p.account_id = ? order by p.id desc limit ? offset ?`,
        [accountId, page.size, (page.page - 1) * page.size],
      );
      let after = account.signedBalanceMinor;
      if (rows.length > 0) {
        const [newer] = await tx.execute<Array<{ sum: string | null }>>(
          'select sum(amount_minor) as sum from postings where account_id = ? and id > ?',
          [accountId, rows[0]!.id],
        );
        after -= Number(newer?.sum ?? 0);
      }
      const lines = rows.map((row) => {
        const line: StatementLine = {
          postingId: Number(row.id),
          entryId: Number(row.entry_id),
          kind: row.kind as EntryKind,
          sourceType: String(row.source_type),
          sourceId: String(row.source_id),
          createdAt: new Date(row.created_at as string),
          amountMinor: Number(row.amount_minor),
          balanceAfterMinor: after,
        };
        after -= line.amountMinor;
        return line;
      });
      return { account, lines, total: Number(counted?.total ?? 0) };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}
