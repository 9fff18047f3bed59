import { postJournalEntry } from '../../../db/ledger/ledger.js';
import { refreshBalanceSnapshots } from '../../../db/ledger/ledger-balances.js';
import {
  adjustmentEntry,
  captureEntries,
  feeAdjustmentEntry,
  settlementEntry,
} from '../../../domain/ledger/ledger.js';
import { runCli } from '../../helpers/cli.js';
import { capturedPayment, scratchLedger, type ScratchLedger } from '../../helpers/scratch-ledger.js';
import { eventually } from '../../helpers/eventually.js';

interface Report {
  ok: boolean;
  totals: { entries: number; postings: number; accounts: number };
  checks: Array<{ name: string; breaches: Array<{ subject: string; problem: string }> }>;
}

const verify = async (databaseUrl?: string) => {
  const run = await runCli(
    ['ledger:verify', '--json'],
    null,
    databaseUrl ? { DATABASE_URL: databaseUrl } : {},
  );
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
};
const breached = (report: Report) => report.checks.filter((c) => c.breaches.length > 0).map((c) => c.name);

/**
 * `ledger:verify` is the finance team's proof that every taka is accounted for. Once every suite
 * is done, global teardown runs it on each suite's database: payments, refunds, failures, late
 * captures, crashes and all. Here it is shown to find each breach it names.
 */
describe('ledger:verify', () => {
  describe('on deliberately corrupted data', () => {
    let ledger: ScratchLedger;
    const em = () => ledger.em();

    beforeAll(async () => {
      ledger = await scratchLedger('ledger-audit');
    });
    afterAll(() => ledger.drop());

    /** A payment the way the service settles it: SUCCEEDED, with its capture and fee posted. */
    const settledPayment = async (post = true) =>
      capturedPayment(ledger, {
        gateway: 'sslcommerz',
        feeMinor: 250,
        customerReference: 'cust_audit',
        post,
      });

    it('passes on a clean ledger, then names each breach and exits 1', async () => {
      await settledPayment();
      // A snapshot covers the postings older than every transaction open on the server, other
      // suites' included: taken again until the horizon has passed this payment's.
      await eventually(
        async () => {
          await refreshBalanceSnapshots(em());
          const [row] = await em().execute<Array<{ n: number }>>(
            'select count(*)::int as n from ledger_balance_snapshots where postings_counted > 0',
          );
          return row!.n > 0;
        },
        20_000,
        'balance snapshots past the transaction horizon',
      );
      const clean = await verify(ledger.url);
      expect(breached(clean.report)).toEqual([]);
      expect(clean.code).toBe(0);

      // A settled payment whose capture was never posted.
      const unposted = await settledPayment(false);
      let run = await verify(ledger.url);
      expect(run.code).toBe(1);
      expect(breached(run.report)).toEqual(['payment-captures']);
      expect(run.report.checks.find((c) => c.name === 'payment-captures')!.breaches).toEqual([
        { subject: unposted.reference, problem: expect.stringContaining('0 CAPTURE entries') },
      ]);

      // An entry that records no payment at all.
      await em().transactional((tx) =>
        postJournalEntry(
          tx,
          captureEntries({
            paymentReference: 'pay_nobodyeverpaidthis',
            appId: String(ledger.appId),
            mode: 'TEST',
            gateway: 'sslcommerz',
            currency: 'BDT',
            amountMinor: 500,
            feeMinor: null,
          })[0]!,
        ),
      );
      run = await verify(ledger.url);
      expect(breached(run.report)).toEqual(expect.arrayContaining(['entry-sources']));

      // A snapshot that disagrees with the postings it covers.
      await em().execute('update ledger_balance_snapshots set balance_minor = balance_minor + 1');
      run = await verify(ledger.url);
      expect(breached(run.report)).toEqual(expect.arrayContaining(['snapshot-balances']));

      // An unbalanced entry, slipped past the database's own guard (a superuser can).
      await em().transactional(async (tx) => {
        await tx.execute("set local session_replication_role = 'replica'");
        const [entry] = await tx.execute<Array<{ id: string }>>(
          `insert into journal_entries (source_type, source_id, kind, mode, currency)
           values ('payment', ?, 'FEE', 'TEST', 'BDT') returning id`,
          [unposted.reference],
        );
        const [account] = await tx.execute<Array<{ id: string }>>(
          "select id from ledger_accounts where type = 'GATEWAY_FEES' limit 1",
        );
        await tx.execute('insert into postings (entry_id, account_id, amount_minor) values (?, ?, 7)', [
          entry!.id,
          account!.id,
        ]);
      });
      run = await verify(ledger.url);
      expect(run.code).toBe(1);
      expect(breached(run.report)).toEqual(
        expect.arrayContaining([
          'balanced-entries',
          'payment-captures',
          'entry-sources',
          'snapshot-balances',
        ]),
      );

      // The plain report says the same to a person.
      const text = await runCli(['ledger:verify'], null, { DATABASE_URL: ledger.url });
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/BREACH\s+balanced-entries/);
      expect(text.stdout).toMatch(/ok\s+refunds-within-captures/);
      expect(text.stderr).toMatch(/the ledger breaks 4 rule/);
    });
  });

  describe('on settlement lines', () => {
    let ledger: ScratchLedger;
    const em = () => ledger.em();
    let importId: number;
    let runId: number;
    let lineCount = 0;

    beforeAll(async () => {
      ledger = await scratchLedger('ledger-settlements');
      const [imported] = await em().execute<Array<{ id: string }>>(
        `insert into settlement_imports (gateway, mode, file_name, file_sha256, format, line_count, stored_line_count)
         values ('sslcommerz', 'TEST', 'day.csv', repeat('a', 64), 'sslcommerz', 0, 0) returning id`,
      );
      importId = Number(imported!.id);
      const [run] = await em().execute<Array<{ id: string }>>(
        `insert into recon_runs (gateway, mode, settlement_date, workflow_id)
         values ('sslcommerz', 'TEST', '2026-11-20', 'recon-sslcommerz-TEST-2026-11-20') returning id`,
      );
      runId = Number(run!.id);
    });
    afterAll(() => ledger.drop());

    /** A settled SSLCOMMERZ payment of 100.00 BDT with its capture and a 2.50 fee booked. */
    const settledPayment = async () =>
      capturedPayment(ledger, { gateway: 'sslcommerz', feeMinor: 250, customerReference: 'cust_settled' });

    /** A PAYMENT line of the gateway's report; its key is its identity, as the import gives it. */
    const line = async (payment: { reference: string }, feeMinor = 250) => {
      lineCount += 1;
      const lineKey = String(lineCount).padStart(64, '0');
      const [row] = await em().execute<Array<{ id: string }>>(
        `insert into settlement_lines (import_id, gateway, mode, gateway_transaction_id, reference, type, currency,
           gross_minor, fee_minor, net_minor, settlement_date, payout_batch, line_key)
         values (?, 'sslcommerz', 'TEST', ?, ?, 'PAYMENT', 'BDT', 10000, ?, ?, '2026-11-20', 'B1', ?) returning id`,
        [importId, `txn-${lineCount}`, payment.reference, feeMinor, 10_000 - feeMinor, lineKey],
      );
      return { id: Number(row!.id), lineKey, netMinor: 10_000 - feeMinor, feeMinor };
    };

    const money = { gateway: 'sslcommerz', mode: 'TEST' as const, currency: 'BDT' as const };

    /** Matched and posted the way reconciliation does it: one transaction, the match and its entries. */
    const settle = async (
      payment: { id: number },
      settled: { id: number; lineKey: string; netMinor: number },
      options: { postedNet?: number; feeDifference?: number; post?: boolean } = {},
    ) =>
      em().transactional(async (tx) => {
        await tx.execute(
          'insert into recon_matches (run_id, line_id, payment_id, fee_difference_minor) values (?, ?, ?, ?)',
          [runId, settled.id, payment.id, options.feeDifference ?? 0],
        );
        if (options.post === false) return;
        await postJournalEntry(
          tx,
          settlementEntry({
            ...money,
            lineKey: settled.lineKey,
            netMinor: options.postedNet ?? settled.netMinor,
          })!,
        );
        const fee = feeAdjustmentEntry({
          ...money,
          lineKey: settled.lineKey,
          differenceMinor: options.feeDifference ?? 0,
        });
        if (fee) await postJournalEntry(tx, fee);
      });

    const breachesOf = (report: Report, name: string) => report.checks.find((c) => c.name === name)!.breaches;

    it('passes when each payment is settled once and its clearing emptied, then names each breach', async () => {
      // Settled as reported, and settled with the gateway's higher fee corrected by a FEE_ADJUSTMENT.
      const paid = await settledPayment();
      await settle(paid, await line(paid));
      const dearer = await settledPayment();
      const dearerLine = await line(dearer, 300);
      await settle(dearer, dearerLine, { feeDifference: 50 });
      let run = await verify(ledger.url);
      expect(breached(run.report)).toEqual([]);
      expect(run.code).toBe(0);

      // The same payment settled again by a second PAYMENT line.
      await settle(paid, await line(paid));
      run = await verify(ledger.url);
      expect(run.code).toBe(1);
      expect(breachesOf(run.report, 'payments-settled-once')).toEqual([
        { subject: paid.reference, problem: expect.stringMatching(/^2 PAYMENT lines settle it/) },
      ]);

      // A higher fee left uncorrected: 50 stays in clearing.
      const unadjusted = await settledPayment();
      await settle(unadjusted, await line(unadjusted, 300));
      // A line posted for another amount than its net, and a matched line never posted.
      const misposted = await settledPayment();
      const mispostedLine = await line(misposted);
      await settle(misposted, mispostedLine, { postedNet: 9_700 });
      const unposted = await settledPayment();
      const unpostedLine = await line(unposted);
      await settle(unposted, unpostedLine, { post: false });
      run = await verify(ledger.url);
      expect(breachesOf(run.report, 'payments-settled-once')).toEqual(
        expect.arrayContaining([
          { subject: unadjusted.reference, problem: expect.stringMatching(/^leaves 50 in clearing/) },
          { subject: misposted.reference, problem: expect.stringMatching(/^leaves 50 in clearing/) },
          { subject: unposted.reference, problem: expect.stringMatching(/^leaves 9750 in clearing/) },
        ]),
      );
      expect(breachesOf(run.report, 'settlement-entries')).toEqual(
        expect.arrayContaining([
          { subject: mispostedLine.lineKey, problem: 'moves 9700 to the bank for a net of 9750' },
          { subject: unpostedLine.lineKey, problem: 'matched, but its net of 9750 was never posted' },
        ]),
      );

      // A line posted without being matched, an entry for a line that does not exist, and an
      // adjustment for an exception nobody resolved.
      const stray = await line(await settledPayment());
      await em().transactional((tx) =>
        postJournalEntry(
          tx,
          settlementEntry({ ...money, lineKey: stray.lineKey, netMinor: stray.netMinor })!,
        ),
      );
      await em().transactional((tx) =>
        postJournalEntry(tx, settlementEntry({ ...money, lineKey: 'f'.repeat(64), netMinor: 100 })!),
      );
      await em().execute(
        `insert into recon_exceptions (reference, run_id, kind, subject, currency)
         values ('rex_stillopen', ?, 'UNKNOWN_LINE', 'line:1', 'BDT')`,
        [runId],
      );
      await em().transactional((tx) =>
        postJournalEntry(
          tx,
          adjustmentEntry({ ...money, exceptionReference: 'rex_stillopen', amountMinor: 5 })!,
        ),
      );
      run = await verify(ledger.url);
      expect(breachesOf(run.report, 'settlement-entries')).toEqual(
        expect.arrayContaining([{ subject: stray.lineKey, problem: 'posted to the bank but never matched' }]),
      );
      expect(breachesOf(run.report, 'entry-sources')).toEqual(
        expect.arrayContaining([
          { subject: `SETTLEMENT ${'f'.repeat(64)}`, problem: 'its settlement_line does not exist' },
          { subject: 'ADJUSTMENT rex_stillopen', problem: 'exception is OPEN' },
        ]),
      );
    });
  });
});
