import type { EntityManager } from '@mikro-orm/postgresql';
import { isBalanced, type JournalEntryDraft } from '../domain/ledger.js';

/**
 * Posts a journal entry inside the caller's transaction, once per (source, kind): a retried
 * activity finds the existing entry and posts nothing. The database rejects an unbalanced entry.
 */
export async function postJournalEntry(
  tx: EntityManager,
  draft: JournalEntryDraft,
): Promise<{ entryId: number; created: boolean }> {
  if (!isBalanced(draft.postings)) throw new Error(`unbalanced journal entry for ${draft.sourceId}`);
  const inserted: Array<{ id: string }> = await tx.execute(
    `insert into journal_entries (source_type, source_id, kind, currency) values (?, ?, ?, ?)
     on conflict (source_type, source_id, kind) do nothing returning id`,
    [draft.sourceType, draft.sourceId, draft.kind, draft.currency],
  );
  if (inserted.length === 0) {
    const [existing] = await tx.execute<Array<{ id: string }>>(
      'select id from journal_entries where source_type = ? and source_id = ? and kind = ?',
      [draft.sourceType, draft.sourceId, draft.kind],
    );
    return { entryId: Number(existing!.id), created: false };
  }
  const entryId = Number(inserted[0]!.id);
  for (const posting of draft.postings) {
    // Accounts open on first use; the no-op update makes RETURNING yield the existing row too.
    const [account] = await tx.execute<Array<{ id: string }>>(
      `insert into ledger_accounts (code, currency) values (?, ?)
       on conflict (code) do update set code = excluded.code returning id`,
      [posting.accountCode, draft.currency],
    );
    await tx.execute('insert into postings (entry_id, account_id, amount_minor) values (?, ?, ?)', [
      entryId,
      Number(account!.id),
      posting.amountMinor,
    ]);
  }
  return { entryId, created: true };
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
