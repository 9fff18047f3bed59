import type { EntityManager } from '@mikro-orm/postgresql';
import { accountCode, isBalanced, sourceTypeOf, type JournalEntryDraft } from '../../domain/ledger/ledger.js';
import { executeBound } from '../../platform/orm/bound-sql.js';

/**
 * Posts many journal entries in three statements, in the caller's transaction: a day's settlement
 * lines are posted thousands at a time. The same rule as one entry's posting holds: once per
 * (source, kind), so an entry an earlier try posted is left as it is and gets no second set of
 * postings; the database still checks each entry's balance at commit. Returns the ids of the
 * entries it created, by entryKey().
 */
export async function postJournalEntriesInBulk(
  tx: EntityManager,
  drafts: readonly JournalEntryDraft[],
): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  if (drafts.length === 0) return created;
  for (const draft of drafts) {
    if (!isBalanced(draft.postings)) throw new Error(`unbalanced ${draft.kind} entry for ${draft.sourceId}`);
  }
  const accounts = new Map<string, JournalEntryDraft['postings'][number]['account']>();
  for (const draft of drafts) for (const p of draft.postings) accounts.set(accountCode(p.account), p.account);
  await executeBound(
    tx,
    `insert into ledger_accounts (code, type, mode, currency, gateway, app_id)
     select x.code, x.type, x.mode, x.currency, x.gateway, x.app_id
       from jsonb_to_recordset(?::jsonb) as x(code text, type text, mode text, currency text, gateway text, app_id bigint)
     order by x.code
     on conflict (code) do nothing`,
    [
      JSON.stringify(
        [...accounts.entries()].map(([code, key]) => ({
          code,
          type: key.type,
          mode: key.mode,
          currency: key.currency,
          gateway: key.gateway ?? null,
          app_id: key.appId ?? null,
        })),
      ),
    ],
  );
  const rows = drafts.map((draft, n) => ({
    n,
    source_type: sourceTypeOf(draft.kind),
    source_id: draft.sourceId,
    kind: draft.kind,
    mode: draft.mode,
    currency: draft.currency,
    postings: draft.postings.map((p) => ({ code: accountCode(p.account), amount: p.amountMinor })),
  }));
  const posted = await executeBound<{ id: string; source_id: string; kind: string }>(
    tx,
    `with drafts as (
       select * from jsonb_to_recordset(?::jsonb)
         as x(n int, source_type text, source_id text, kind text, mode text, currency text, postings jsonb)
     ), entries as (
       insert into journal_entries (source_type, source_id, kind, mode, currency)
       select source_type, source_id, kind, mode, currency from drafts order by n
       on conflict (source_type, source_id, kind) do nothing
       returning id, source_type, source_id, kind
     ), posted as (
       insert into postings (entry_id, account_id, amount_minor)
       select e.id, a.id, (p.value ->> 'amount')::bigint
         from entries e
         join drafts d on d.source_type = e.source_type and d.source_id = e.source_id and d.kind = e.kind
         cross join lateral jsonb_array_elements(d.postings) with ordinality as p(value, ord)
         join ledger_accounts a on a.code = p.value ->> 'code'
        order by e.id, p.ord
       returning entry_id
     )
     -- A data-modifying CTE runs whether or not it is read: every entry's postings are written.
     select id, source_id, kind from entries`,
    [JSON.stringify(rows)],
  );
  for (const row of posted) created.set(entryKey(row.kind, row.source_id), Number(row.id));
  return created;
}

/** How postJournalEntriesInBulk names the entries it created: `<kind>|<source id>`. */
export const entryKey = (kind: string, sourceId: string) => `${kind}|${sourceId}`;
