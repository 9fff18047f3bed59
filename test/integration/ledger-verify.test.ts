import type { EntityManager } from '@mikro-orm/postgresql';
import { registerApp } from '../../db/apps.js';
import { postJournalEntries, postJournalEntry } from '../../db/ledger.js';
import { refreshBalanceSnapshots } from '../../db/ledger-balances.js';
import type { Orm } from '../../db/orm.js';
import { insertPayment, transitionPayment } from '../../db/payments.js';
import { newPaymentReference } from '../../domain/ids.js';
import { captureEntries } from '../../domain/ledger.js';
import { runCli } from '../helpers/cli.js';
import { scratchDatabase } from '../helpers/scratch-database.js';
import { TEST_PEPPER } from '../helpers/stack.js';

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
 * `ledger:verify` is the finance team's proof that every taka is accounted for. This file runs
 * after every other suite (test/helpers/ledger-last-sequencer.js), so the first test checks the
 * ledger the whole suite wrote: payments, refunds, failures, late captures, crashes and all.
 */
describe('ledger:verify', () => {
  it('passes on everything the suite wrote to the shared database', async () => {
    const { code, report } = await verify();
    expect(breached(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
  });

  describe('on deliberately corrupted data', () => {
    let orm: Orm;
    let url: string;
    let drop: () => Promise<void>;
    const em = () => orm.em.fork() as EntityManager;
    let appId: number;

    beforeAll(async () => {
      ({ orm, url, drop } = await scratchDatabase());
      appId = (await registerApp(em(), { name: 'ledger-audit' }, TEST_PEPPER)).app.id;
    });
    afterAll(() => drop());

    /** A payment the way the service settles it: SUCCEEDED, with its capture and fee posted. */
    const settledPayment = async (post = true) =>
      em().transactional(async (tx) => {
        const payment = await insertPayment(tx, {
          reference: newPaymentReference(),
          appId,
          mode: 'TEST',
          amountMinor: 10_000,
          currency: 'BDT',
          customerReference: 'cust_audit',
          customerEmail: null,
          customerPhone: null,
          customerName: null,
          productName: null,
          invoiceId: null,
          orderId: null,
          metadata: {},
          returnUrl: null,
          cancelUrl: null,
          gateway: 'sslcommerz',
          expiresAt: new Date(Date.now() + 3_600_000),
          idempotencyKey: null,
        });
        await transitionPayment(tx, { paymentId: payment.id, from: ['CREATED'], to: 'SUCCEEDED' });
        if (post) {
          await postJournalEntries(
            tx,
            captureEntries({
              paymentReference: payment.reference,
              appId: String(appId),
              mode: 'TEST',
              gateway: 'sslcommerz',
              currency: 'BDT',
              amountMinor: 10_000,
              feeMinor: 250,
            }),
          );
        }
        return payment;
      });

    it('passes on a clean ledger, then names each breach and exits 1', async () => {
      await settledPayment();
      await refreshBalanceSnapshots(em());
      const clean = await verify(url);
      expect(breached(clean.report)).toEqual([]);
      expect(clean.code).toBe(0);

      // A settled payment whose capture was never posted.
      const unposted = await settledPayment(false);
      let run = await verify(url);
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
            appId: String(appId),
            mode: 'TEST',
            gateway: 'sslcommerz',
            currency: 'BDT',
            amountMinor: 500,
            feeMinor: null,
          })[0]!,
        ),
      );
      run = await verify(url);
      expect(breached(run.report)).toEqual(expect.arrayContaining(['entry-sources']));

      // A snapshot that disagrees with the postings it covers.
      await em().execute('update ledger_balance_snapshots set balance_minor = balance_minor + 1');
      run = await verify(url);
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
      run = await verify(url);
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
      const text = await runCli(['ledger:verify'], null, { DATABASE_URL: url });
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/BREACH\s+balanced-entries/);
      expect(text.stdout).toMatch(/ok\s+refunds-within-captures/);
      expect(text.stderr).toMatch(/the ledger breaks 4 rule/);
    });
  });
});
