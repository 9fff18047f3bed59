import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../../platform/orm/orm.js';
import { entryStatement, postJournalEntry } from '../../../db/ledger/ledger.js';
import {
  adjustmentEntry,
  disputeEntry,
  disputeReversalEntry,
  feeAdjustmentEntry,
  settlementEntry,
  type JournalEntryDraft,
} from '../../../domain/ledger/ledger.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';

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

  it('takes settlements, fee corrections, disputes and adjustments into their own accounts, once each', async () => {
    const [app] = await em().execute<Array<{ id: string }>>(
      "insert into apps (name, display_name) values ('ledger-db', 'Ledger DB') returning id",
    );
    const money = { gateway: 'nagad', mode: 'LIVE' as const, currency: 'BDT' as const };
    const dispute = { ...money, disputeReference: 'dsp_db', appId: app!.id, amountMinor: 250 };
    const drafts = [
      settlementEntry({ ...money, lineKey: 'line_db', netMinor: 985 }),
      feeAdjustmentEntry({ ...money, lineKey: 'line_db', differenceMinor: -3 }),
      disputeEntry(dispute),
      disputeReversalEntry(dispute),
      adjustmentEntry({ ...money, exceptionReference: 'rex_db', amountMinor: -40 }),
    ].map((d) => d!);
    for (const draft of drafts) {
      await em().transactional((tx) => postJournalEntry(tx, draft));
      const again = await em().transactional((tx) => postJournalEntry(tx, draft));
      expect(again.created).toBe(false);
    }
    const rows = await em().execute<
      Array<{ kind: string; source_type: string; code: string; amount: string }>
    >(
      `select e.kind, e.source_type, a.code, p.amount_minor::text as amount from journal_entries e
         join postings p on p.entry_id = e.id join ledger_accounts a on a.id = p.account_id
        where e.source_id in ('line_db', 'dsp_db', 'rex_db') order by e.id, p.id`,
    );
    expect(rows.map((r) => [r.kind, r.source_type, r.code, Number(r.amount)])).toEqual([
      ['SETTLEMENT', 'settlement_line', 'bank:nagad:LIVE:BDT', 985],
      ['SETTLEMENT', 'settlement_line', 'gateway_clearing:nagad:LIVE:BDT', -985],
      ['FEE_ADJUSTMENT', 'settlement_line', 'gateway_clearing:nagad:LIVE:BDT', 3],
      ['FEE_ADJUSTMENT', 'settlement_line', 'gateway_fees:nagad:LIVE:BDT', -3],
      ['DISPUTE', 'dispute', `app_payable:${app!.id}:LIVE:BDT`, 250],
      ['DISPUTE', 'dispute', 'gateway_clearing:nagad:LIVE:BDT', -250],
      ['DISPUTE_REVERSAL', 'dispute', 'gateway_clearing:nagad:LIVE:BDT', 250],
      ['DISPUTE_REVERSAL', 'dispute', `app_payable:${app!.id}:LIVE:BDT`, -250],
      ['ADJUSTMENT', 'recon_exception', 'recon_adjustments:LIVE:BDT', 40],
      ['ADJUSTMENT', 'recon_exception', 'gateway_clearing:nagad:LIVE:BDT', -40],
    ]);
  });

  it('refuses an entry whose source is not the one its kind comes from, and a bank account of no gateway', async () => {
    await expect(
      em().execute(
        "insert into journal_entries (source_type, source_id, kind, mode, currency) values ('payment', 'pay_x', 'SETTLEMENT', 'TEST', 'BDT')",
      ),
    ).rejects.toThrow(/journal_entries_source_check/);
    await expect(
      em().execute(
        "insert into ledger_accounts (code, type, mode, currency) values ('bank:nobody', 'BANK', 'TEST', 'BDT')",
      ),
    ).rejects.toThrow(/ledger_accounts_owner_check/);
  });
  it("posts a capture without reading every capture, while the table's statistics lag its growth", async () => {
    // Statistics of a table that grew fast, before autovacuum analyses it: the planner then
    // thinks the captures' partial index (by day, for reconciliation) finds one row cheaply.
    await em().execute('alter table journal_entries set (autovacuum_enabled = false)');
    await em().execute(
      `insert into journal_entries (source_type, source_id, kind, mode, currency)
       select 'payment', 'pay_bulk_' || g, 'CAPTURE', 'TEST', 'BDT' from generate_series(1, 20000) g`,
    );
    await em().transactional((tx) => postJournalEntry(tx, entry('pay_plan_warm', 100)));

    const { sql, params } = entryStatement(entry('pay_plan', 100));
    const plan = await em()
      .transactional(async (tx) => {
        const [row] = await tx.execute<Array<{ 'QUERY PLAN': unknown }>>(
          `explain (analyze, format json) ${sql}`,
          params,
        );
        // Rolled back: nothing of the examined statement stays.
        throw Object.assign(new Error('roll back'), { plan: row!['QUERY PLAN'] });
      })
      .catch((error: { plan?: unknown }) => error.plan);

    const nodes: Array<Record<string, unknown>> = [];
    const walk = (node: Record<string, unknown>) => {
      nodes.push(node);
      for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
    };
    walk((plan as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan);
    const journalReads = nodes.filter(
      (node) => node['Relation Name'] === 'journal_entries' && Number(node['Actual Loops']) > 0,
    );
    // The insert's conflict check uses the unique index; no capture is read by any scan.
    expect(journalReads.map((node) => node['Node Type'])).toEqual(['ModifyTable']);
    expect(await em().execute("select 1 from journal_entries where source_id = 'pay_plan'")).toEqual([]);
  });
});
