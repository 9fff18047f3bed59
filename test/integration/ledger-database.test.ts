import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../db/orm.js';
import { postJournalEntry } from '../../db/ledger.js';
import type { JournalEntryDraft } from '../../domain/ledger.js';
import { scratchDatabase } from '../helpers/scratch-database.js';

/** The database itself guards the ledger, whatever the application does. */
describe('ledger in PostgreSQL', () => {
  let orm: Orm;
  let drop: () => Promise<void>;
  const em = () => orm.em.fork() as EntityManager;

  // Entries here record no real payment: they live in a database of their own.
  beforeAll(async () => {
    ({ orm, drop } = await scratchDatabase());
  });
  afterAll(() => drop());

  const entry = (sourceId: string, amountMinor: number): JournalEntryDraft => ({
    kind: 'CAPTURE',
    sourceId,
    mode: 'TEST',
    currency: 'BDT',
    postings: [
      {
        account: { type: 'GATEWAY_CLEARING', mode: 'TEST', currency: 'BDT', gateway: 'sslcommerz' },
        amountMinor,
      },
      { account: { type: 'UNAPPLIED_FUNDS', mode: 'TEST', currency: 'BDT' }, amountMinor: -amountMinor },
    ],
  });

  it('rejects an entry whose postings do not sum to zero, at commit', async () => {
    const attempt = em().transactional(async (tx) => {
      const [entry] = await tx.execute<Array<{ id: string }>>(
        "insert into journal_entries (source_type, source_id, kind, mode, currency) values ('payment', 'unbalanced', 'CAPTURE', 'TEST', 'BDT') returning id",
      );
      const [account] = await tx.execute<Array<{ id: string }>>(
        "insert into ledger_accounts (code, type, mode, currency) values ('test:unbalanced', 'UNAPPLIED_FUNDS', 'TEST', 'BDT') returning id",
      );
      await tx.execute(
        'insert into postings (entry_id, account_id, amount_minor) values (?, ?, 100), (?, ?, -99)',
        [entry!.id, account!.id, entry!.id, account!.id],
      );
    });
    await expect(attempt).rejects.toThrow(/unbalanced/);
    const left = await em().execute("select 1 from journal_entries where source_id = 'unbalanced'");
    expect(left).toEqual([]);
  });

  it('refuses to edit or delete a posted entry', async () => {
    const draft = entry('pay_immutable', 500);
    await em().transactional((tx) => postJournalEntry(tx, draft));
    await expect(
      em().execute('update postings set amount_minor = 1 where amount_minor = 500'),
    ).rejects.toThrow(/append-only/);
    await expect(
      em().execute("delete from journal_entries where source_id = 'pay_immutable'"),
    ).rejects.toThrow(/append-only/);
  });

  it('posts one entry per (source, kind) however often it is retried, even concurrently', async () => {
    const draft = entry('pay_retried', 700);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => em().transactional((tx) => postJournalEntry(tx, draft))),
    );
    const created = results.filter((r) => r.status === 'fulfilled' && r.value.created);
    expect(created).toHaveLength(1);
    const rows = await em().execute(
      "select count(*)::int as entries, (select count(*)::int from postings p join journal_entries e on e.id = p.entry_id where e.source_id = 'pay_retried') as postings from journal_entries where source_id = 'pay_retried'",
    );
    expect(rows).toEqual([{ entries: 1, postings: 2 }]);
  });
});
