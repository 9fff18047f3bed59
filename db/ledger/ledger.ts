import type { EntityManager } from '@mikro-orm/postgresql';
import { accountCode, isBalanced, sourceTypeOf, type JournalEntryDraft } from '../../domain/ledger/ledger.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

/**
 * Posts a journal entry inside the caller's transaction, once per (source, kind): a retried
 * activity finds the existing entry and posts nothing. The database rejects an unbalanced entry.
 *
 * One statement when the entry's accounts exist (every posting after an account's first), and
 * no lock on any account row: no balance row is updated (balances are read from the postings),
 * so two captures for the same app never wait on each other here. An account is opened on first
 * use with INSERT … DO NOTHING, then the entry is posted again.
 */
export async function postJournalEntry(
  tx: EntityManager,
  draft: JournalEntryDraft,
): Promise<{ entryId: number; created: boolean }> {
  if (!isBalanced(draft.postings)) throw new Error(`unbalanced ${draft.kind} entry for ${draft.sourceId}`);
  const posted = await insertEntry(tx, draft);
  if (posted !== 'ACCOUNTS_MISSING') return posted;
  await openAccounts(tx, draft);
  // A new statement sees the accounts another transaction opened and committed meanwhile.
  const retried = await insertEntry(tx, draft);
  if (retried === 'ACCOUNTS_MISSING')
    throw new Error(`accounts of ${draft.kind} ${draft.sourceId} did not open`);
  return retried;
}

async function openAccounts(tx: EntityManager, draft: JournalEntryDraft): Promise<void> {
  const accounts = [
    ...new Map(draft.postings.map((p) => [accountCode(p.account), p.account] as const)).entries(),
  ];
  await tx.execute(
    `insert into ledger_accounts (code, type, mode, currency, gateway, app_id)
     values ${accounts.map(() => '(?, ?, ?, ?, ?, ?::bigint)').join(', ')}
     on conflict (code) do nothing`,
    accounts.flatMap(([code, key]) => [
      code,
      key.type,
      key.mode,
      key.currency,
      key.gateway ?? null,
      key.appId ?? null,
    ]),
  );
}

/**
 * Inserts the entry and its postings in one statement, unless one of its accounts does not
 * exist yet (then nothing is written). Reports the entry an earlier try posted, if any.
 *
 * The earlier entry is looked up only when nothing was inserted (a sub-plan under CASE runs only
 * when its branch is taken): on a table whose statistics lag its growth the planner may read that
 * lookup through the captures' partial index, a scan of every capture, on each posting.
 * Kept apart from `insertEntry` so its plan can be examined.
 */
export function entryStatement(draft: JournalEntryDraft): { sql: string; params: unknown[] } {
  const sourceType = sourceTypeOf(draft.kind);
  const codes = [...new Set(draft.postings.map((posting) => accountCode(posting.account)))];
  const lines = draft.postings.map(() => '(?::int, ?::text, ?::bigint)').join(', ');
  return {
    sql: `with ready as (
       select count(*) = ? as ok from ledger_accounts where code in (${codes.map(() => '?').join(', ')})
     ), entry as (
       insert into journal_entries (source_type, source_id, kind, mode, currency)
       select ?, ?, ?, ?, ? from ready where ready.ok
       on conflict (source_type, source_id, kind) do nothing returning id
     ), lines (n, code, amount_minor) as (values ${lines}),
     posted as (
       insert into postings (entry_id, account_id, amount_minor)
       select entry.id, a.id, lines.amount_minor
         from entry cross join lines join ledger_accounts a on a.code = lines.code
        order by lines.n
       returning entry_id
     )
     select (select ok from ready) as ready, (select id from entry) as created_id,
            case when not exists (select from entry) then
              (select id from journal_entries where source_type = ? and source_id = ? and kind = ?)
            end as existing_id`,
    params: [
      codes.length,
      ...codes,
      sourceType,
      draft.sourceId,
      draft.kind,
      draft.mode,
      draft.currency,
      ...draft.postings.flatMap((posting, n) => [n, accountCode(posting.account), posting.amountMinor]),
      sourceType,
      draft.sourceId,
      draft.kind,
    ],
  };
}

async function insertEntry(
  tx: EntityManager,
  draft: JournalEntryDraft,
): Promise<{ entryId: number; created: boolean } | 'ACCOUNTS_MISSING'> {
  const { sql, params } = entryStatement(draft);
  const [row] = await executePrepared<{
    ready: boolean;
    created_id: string | null;
    existing_id: string | null;
  }>(tx, sql, params);
  if (row?.created_id) return { entryId: Number(row.created_id), created: true };
  if (row?.existing_id) return { entryId: Number(row.existing_id), created: false };
  if (!row?.ready) return 'ACCOUNTS_MISSING';
  // Posted by a transaction that committed while this statement ran: visible to the next one.
  const [existing] = await tx.execute<Array<{ id: string }>>(
    'select id from journal_entries where source_type = ? and source_id = ? and kind = ?',
    [sourceTypeOf(draft.kind), draft.sourceId, draft.kind],
  );
  return { entryId: Number(existing!.id), created: false };
}

/** Posts entries in order, in the caller's transaction; true when the first was new. */
export async function postJournalEntries(tx: EntityManager, drafts: JournalEntryDraft[]): Promise<boolean> {
  let firstCreated = false;
  for (const [n, draft] of drafts.entries()) {
    const { created } = await postJournalEntry(tx, draft);
    if (n === 0) firstCreated = created;
  }
  return firstCreated;
}

export interface LedgerLine {
  kind: string;
  accountCode: string;
  amountMinor: number;
}

export async function ledgerLinesForSource(
  em: EntityManager,
  sourceType: string,
  sourceId: string,
): Promise<LedgerLine[]> {
  const rows = await em.execute<Array<{ kind: string; code: string; amount_minor: string }>>(
    `select e.kind, a.code, p.amount_minor from journal_entries e
       join postings p on p.entry_id = e.id join ledger_accounts a on a.id = p.account_id
      where e.source_type = ? and e.source_id = ? order by e.id, p.id`,
    [sourceType, sourceId],
  );
  return rows.map((r) => ({ kind: r.kind, accountCode: r.code, amountMinor: Number(r.amount_minor) }));
}
