import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { reconciliationPolicyOf } from '../../platform/config/index.js';
import { verifyLedger } from '../../db/ledger/ledger-verify.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { addDays, dhakaDate } from '../../gateways/simulator-kit/settlement.js';
import { startReconciliations } from '../../activities/reconciliation/reconciliation-starts.js';
import type { StripeSettlementImportResult } from '../../workflows/reconciliation/stripe-settlement.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { submitPageForm } from '../helpers/gateway-e2e.js';
import type { HostedGateway } from '../helpers/gateway-simulators.js';
import { EXPECTED_STATUS_ERRORS, signInThroughPage } from '../helpers/oversight-browser.js';
import { enableGateways } from '../helpers/picker.js';
import { eventually, startStack, type Credentials, type Stack } from '../helpers/stack.js';

/**
 * A day of traffic on all four gateways, settled by each gateway with every settlement fault, ends
 * with each fault as exactly its exception; finance resolves them in Chromium, every day closes,
 * each clearing account holds what its gateway still holds, and the ledger verifies.
 *
 * Faults, spread over the gateways that have them:
 *   SSLCOMMERZ  settlementOmit, settlementFeeMismatch (report uploaded through the dashboard)
 *   bKash       settlementAmountMismatch, settlementDuplicate, settlementRefundNettedLater
 *   Nagad       settlementExtra, settlementLate, settlementChargeback
 *   Stripe      settlementChargeback (a dispute), through its payout import
 */

type Gateway = 'sslcommerz' | 'bkash' | 'nagad' | 'stripe';

interface ExceptionRow {
  reference: string;
  gateway: string;
  settlement_date: string;
  kind: string;
  status: string;
  action: string | null;
  payment_reference: string | null;
  line_type: string | null;
  line_transaction_id: string | null;
  line_payout_batch: string | null;
  expected_minor: string | null;
  actual_minor: string | null;
}

describe('a settlement day on every gateway, end to end in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'settlement-day-'));
    browser = await launchBrowser();
    stack = await startStack();
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await stack?.close();
    await rm(folder, { recursive: true, force: true });
  });

  // ---- traffic ---------------------------------------------------------------------------------

  const readPayment = async (creds: Credentials, reference: string) =>
    (await stack.api('GET', `/api/v1/payments/${reference}`, { creds })).body.data as Record<string, any>;

  const succeeded = (creds: Credentials, reference: string) =>
    eventually(
      async () => ((await readPayment(creds, reference)).status === 'SUCCEEDED' ? true : null),
      20_000,
      `${reference} SUCCEEDED`,
    );

  /** The customer pays on a hosted gateway's page and comes back to our checkout. */
  async function paidHosted(creds: Credentials, gateway: HostedGateway, amountMinor: number) {
    const currency = gateway === 'stripe' ? 'USD' : 'BDT';
    const payment = await stack.createPayment(creds, { gateway, amountMinor, currency });
    const pageUrl = await stack.openCheckout(payment.reference);
    const choice = { bkash: 'success', nagad: 'Success', stripe: 'pay' }[gateway];
    const chosen = await submitPageForm(pageUrl, 'choice', choice);
    if (chosen.location) await (await fetch(chosen.location, { redirect: 'manual' })).arrayBuffer();
    await succeeded(creds, payment.reference);
    return payment.reference;
  }

  async function refunded(creds: Credentials, reference: string, amountMinor: number) {
    const response = await stack.api('POST', `/api/v1/payments/${reference}/refunds`, {
      creds,
      body: { amountMinor, reason: 'one item returned' },
    });
    expect(response.status).toBe(201);
    const refund = response.body.data.reference as string;
    await eventually(
      async () =>
        (await stack.api('GET', `/api/v1/refunds/${refund}`, { creds })).body.data.status === 'SUCCEEDED',
      30_000,
      `refund ${refund} SUCCEEDED`,
    );
    return refund;
  }

  /** Arms settlement faults on a simulator for one transaction, by the key that simulator knows it by. */
  async function arm(gateway: Gateway, reference: string, faults: Record<string, unknown>) {
    if (gateway === 'sslcommerz') return stack.setFaults(faults, reference);
    const key = {
      bkash: { merchantInvoiceNumber: reference },
      // Nagad's orderId is our reference without its underscore.
      nagad: { orderId: reference.replace('_', '') },
      stripe: { reference },
    }[gateway];
    await stack.gatewaySimulators.control(gateway, 'PUT', '/__simulator/faults', { ...key, faults });
  }

  // ---- reports in ------------------------------------------------------------------------------

  async function downloadReport(gateway: Exclude<Gateway, 'stripe'>, date: string) {
    const base = gateway === 'sslcommerz' ? stack.simulatorUrl : `${stack.gatewaySimulators.url}/${gateway}`;
    const response = await fetch(`${base}/__simulator/settlement-report?date=${date}`);
    expect(response.status).toBe(200);
    const file = path.join(folder, `${gateway}-settlement-${date}.${gateway === 'bkash' ? 'xlsx' : 'csv'}`);
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return file;
  }

  /**
   * Another suite's stack (its worker gone) may have left a day with these ids waiting on its own
   * task queue: it is ended, so this stack's import starts the day on its own worker.
   */
  async function freeDay(gateway: Gateway, date: string) {
    const handle = stack.client.workflow.getHandle(workflowIds.reconciliation(gateway, 'TEST', date));
    const running = await handle.describe().then(
      (d) => d.status.name === 'RUNNING' && d.taskQueue !== stack.config.TEMPORAL_TASK_QUEUE,
      () => false,
    );
    if (running) await handle.terminate('left waiting by a stack that is gone');
  }

  // ---- what the reconciliation decided -----------------------------------------------------------
  // The database is shared with every other suite of a run: each question is asked of this day's
  // own lines (imported by its finance operator, or on its Stripe payout) and its apps' payments.
  const mine = { financeId: 0, appIds: [0, 0], payoutId: '' };
  const MY_LINES = `select l.id from settlement_lines l join settlement_imports i on i.id = l.import_id
      where l.mode = 'TEST' and (i.imported_by = ? or (l.gateway = 'stripe' and l.payout_batch = ?))`;
  const myLines = () => [mine.financeId, mine.payoutId];
  const MY_PAYMENTS = `select id from payments where app_id in (?, ?)`;

  const exceptions = () =>
    stack.em().execute<ExceptionRow[]>(
      `select e.reference, r.gateway, to_char(r.settlement_date, 'YYYY-MM-DD') as settlement_date, e.kind,
              e.status, e.action, p.reference as payment_reference, l.type as line_type,
              l.gateway_transaction_id as line_transaction_id, l.payout_batch as line_payout_batch,
              e.expected_minor, e.actual_minor
         from recon_exceptions e join recon_runs r on r.id = e.run_id
         left join payments p on p.id = e.payment_id
         left join settlement_lines l on l.id = e.line_id
        where r.mode = 'TEST' and (e.line_id in (${MY_LINES}) or e.payment_id in (${MY_PAYMENTS}))
        order by r.gateway, r.settlement_date, e.kind`,
      [...myLines(), ...mine.appIds],
    );

  /** The runs of these days (gateway and date). */
  const runs = async (days: ReadonlyArray<readonly [string, string]>) =>
    (
      await stack.em().execute<
        Array<{
          id: string;
          gateway: string;
          settlement_date: string;
          status: string;
          line_count: number;
          matched_count: number;
          open_exception_count: number;
        }>
      >(
        `select id, gateway, to_char(settlement_date, 'YYYY-MM-DD') as settlement_date, status, line_count,
              matched_count, open_exception_count
         from recon_runs where mode = 'TEST' order by gateway, settlement_date`,
      )
    ).filter((r) => days.some(([gateway, date]) => r.gateway === gateway && r.settlement_date === date));

  /** Every run has matched every line it holds (no line waits for matching). */
  const settledDown = (expectedLines: number) =>
    eventually(
      async () => {
        const [counts] = await stack.em().execute<Array<{ lines: string; decided: string }>>(
          `select (select count(*) from (${MY_LINES}) mine) as lines,
                  (select count(*) from (${MY_LINES}) mine where
                     exists (select 1 from recon_matches m where m.line_id = mine.id)
                     or exists (select 1 from recon_exceptions e where e.line_id = mine.id)) as decided`,
          [...myLines(), ...myLines()],
        );
        if (Number(counts!.lines) === expectedLines && Number(counts!.decided) === expectedLines) return true;
        // Thrown, so a timeout names how far the day got.
        throw new Error(`${counts!.lines} lines, ${counts!.decided} matched or an exception`);
      },
      // Four gateways' reports fetched and matched by their workflows: slow on a busy machine.
      60_000,
      `${expectedLines} settlement lines each matched or an exception`,
    );

  /** A gateway's clearing account, as far as this day's payments, refunds, disputes, lines and exceptions moved it. */
  const clearing = async (gateway: Gateway, currency: string) => {
    const [row] = await stack.em().execute<Array<{ balance: string | null }>>(
      `select sum(po.amount_minor) as balance from postings po join ledger_accounts a on a.id = po.account_id
         join journal_entries e on e.id = po.entry_id
        where a.code = ? and (
          (e.source_type = 'payment' and e.source_id in (select reference from payments where app_id in (?, ?)))
          or (e.source_type = 'refund' and e.source_id in (select r.reference from refunds r
                join payments p on p.id = r.payment_id where p.app_id in (?, ?)))
          or (e.source_type = 'dispute' and e.source_id in (select d.reference from disputes d
                join payments p on p.id = d.payment_id where p.app_id in (?, ?)))
          or (e.source_type = 'settlement_line' and e.source_id in (select line_key from settlement_lines
                where id in (${MY_LINES})))
          or (e.source_type = 'recon_exception' and e.source_id in (select reference from recon_exceptions
                where line_id in (${MY_LINES}) or payment_id in (${MY_PAYMENTS}))))`,
      [
        `gateway_clearing:${gateway}:TEST:${currency}`,
        ...mine.appIds,
        ...mine.appIds,
        ...mine.appIds,
        ...myLines(),
        ...myLines(),
        ...mine.appIds,
      ],
    );
    return Number(row?.balance ?? 0);
  };

  /** A gateway's clearing account as a whole (what the dashboard shows). */
  const wholeClearing = async (gateway: Gateway, currency: string) => {
    const [row] = await stack.em().execute<Array<{ balance: string | null }>>(
      `select sum(po.amount_minor) as balance from postings po join ledger_accounts a on a.id = po.account_id
        where a.code = ?`,
      [`gateway_clearing:${gateway}:TEST:${currency}`],
    );
    return Number(row?.balance ?? 0);
  };

  const feeBooked = async (reference: string) => {
    const [row] = await stack.em().execute<Array<{ fee: string }>>(
      `select coalesce(sum(po.amount_minor), 0) as fee from journal_entries e
         join postings po on po.entry_id = e.id join ledger_accounts a on a.id = po.account_id
        where e.source_type = 'payment' and e.source_id = ? and e.kind = 'FEE' and a.type = 'GATEWAY_FEES'`,
      [reference],
    );
    return Number(row!.fee);
  };

  // Four gateways' days, each with every fault, driven through the dashboard: about 40 s on a quiet
  // 2-core machine and more beside other suites, so it has more than the default 60 s.
  it('settles a day with every fault as its exception, resolved in Chromium, every day closed', async () => {
    const today = dhakaDate(Date.now());
    const day = addDays(today, 1);
    const nextDay = addDays(today, 2);

    // ---- a day of traffic ----------------------------------------------------------------------
    const shop = await stack.registerApp(); // SSLCOMMERZ, the service's default
    const store = await stack.registerApp();
    mine.appIds = [shop.app.id, store.app.id];
    await enableGateways(stack, store.app.id, ['bkash', 'nagad', 'stripe']);

    // Each gateway's traffic goes on beside the others', and each gateway's payments side by side:
    // every fault is armed on its own transaction once it is paid, before that gateway's refund.
    const paidEach = <T extends Record<string, Promise<string>>>(payments: T) =>
      Promise.all(Object.entries(payments).map(async ([name, paid]) => [name, await paid] as const)).then(
        (entries) => Object.fromEntries(entries) as { [K in keyof T]: string },
      );
    const sslTraffic = async () => {
      const paid = (amountMinor: number) =>
        stack.paidPayment(shop.test, { amountMinor }).then((payment) => payment.reference);
      const ssl = await paidEach({ clean: paid(100_000), omitted: paid(45_000), feeOff: paid(80_000) });
      await arm('sslcommerz', ssl.omitted, { settlementOmit: true });
      await arm('sslcommerz', ssl.feeOff, { settlementFeeMismatch: 300 });
      return { ssl, sslRefund: await refunded(shop.test, ssl.clean, 20_000) };
    };
    const bkashTraffic = async () => {
      const bkash = await paidEach({
        clean: paidHosted(store.test, 'bkash', 60_000),
        amountOff: paidHosted(store.test, 'bkash', 30_000),
        twice: paidHosted(store.test, 'bkash', 25_000),
      });
      await arm('bkash', bkash.clean, { settlementRefundNettedLater: true });
      await arm('bkash', bkash.amountOff, { settlementAmountMismatch: 500 });
      await arm('bkash', bkash.twice, { settlementDuplicate: true });
      return { bkash, bkashRefund: await refunded(store.test, bkash.clean, 10_000) };
    };
    const nagadTraffic = async () => {
      const nagad = await paidEach({
        withExtra: paidHosted(store.test, 'nagad', 40_000),
        late: paidHosted(store.test, 'nagad', 35_000),
        chargedBack: paidHosted(store.test, 'nagad', 20_000),
      });
      await arm('nagad', nagad.withExtra, { settlementExtra: true });
      await arm('nagad', nagad.late, { settlementLate: true });
      await arm('nagad', nagad.chargedBack, { settlementChargeback: true });
      return nagad;
    };
    const stripeTraffic = async () => {
      const stripe = await paidEach({
        clean: paidHosted(store.test, 'stripe', 5_000),
        disputed: paidHosted(store.test, 'stripe', 2_500),
      });
      await arm('stripe', stripe.disputed, { settlementChargeback: true });
      return { stripe, stripeRefund: await refunded(store.test, stripe.clean, 1_000) };
    };
    const [{ ssl, sslRefund }, { bkash, bkashRefund }, nagad, { stripe, stripeRefund }] = await Promise.all([
      sslTraffic(),
      bkashTraffic(),
      nagadTraffic(),
      stripeTraffic(),
    ]);

    // ---- the reports in ------------------------------------------------------------------------
    const finance = await stack.createOperator('FINANCE');
    mine.financeId = finance.id;
    const admin = await stack.adminLogin(finance.email, finance.password);
    for (const gateway of ['sslcommerz', 'bkash', 'nagad'] as const) {
      await freeDay(gateway, day);
      await freeDay(gateway, nextDay);
    }
    const upload = async (gateway: Gateway, file: string) => {
      const form = new FormData();
      form.set('gateway', gateway);
      form.set('mode', 'TEST');
      form.set('file', new Blob([await readFile(file)]), path.basename(file));
      const response = await fetch(`${stack.apiUrl}/api/v1/admin/settlements/imports`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
        body: form,
      });
      const body = (await response.json()) as { data: Record<string, any> };
      expect({ gateway, status: response.status }).toEqual({ gateway, status: 201 });
      return body.data;
    };
    expect((await upload('bkash', await downloadReport('bkash', day))).settlementDates).toEqual([day]);
    expect((await upload('bkash', await downloadReport('bkash', nextDay))).settlementDates).toEqual([
      nextDay,
    ]);
    expect((await upload('nagad', await downloadReport('nagad', day))).settlementDates).toEqual([day]);
    expect((await upload('nagad', await downloadReport('nagad', nextDay))).settlementDates).toEqual([
      nextDay,
    ]);

    // SSLCOMMERZ's report through the dashboard's upload form.
    session = await openPage(browser);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, finance, '/admin/settlements');
    await page.getByTestId('settlement-gateway').selectOption('sslcommerz');
    await page.getByTestId('settlement-mode').selectOption('TEST');
    await page.getByTestId('settlement-file').setInputFiles(await downloadReport('sslcommerz', day));
    await page.getByTestId('settlement-submit').click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/settlements/imports/'));
    await page.getByText(`Imported 3 line(s), 3 new, settled on ${day}`).waitFor();

    // Stripe: today's balance paid out, its payout imported by the schedule's workflow.
    const { payouts } = await stack.gatewaySimulators.control<{
      payouts: Array<{ id: string; arrival_date: number }>;
    }>('stripe', 'POST', '/__simulator/payouts', {});
    expect(payouts).toHaveLength(1);
    mine.payoutId = payouts[0]!.id;
    const stripeDay = new Date(payouts[0]!.arrival_date * 1000).toISOString().slice(0, 10);
    await freeDay('stripe', stripeDay);
    // The chargeback is a dispute Stripe announces: recorded on the payment before its payout is read.
    await eventually(
      async () =>
        (
          await stack
            .em()
            .execute(
              `select 1 from disputes d join payments p on p.id = d.payment_id where p.reference = ?`,
              [stripe.disputed],
            )
        ).length === 1,
      20_000,
      'the Stripe dispute recorded',
    );
    const imported = (await stack.client.workflow.execute('stripeSettlementImportWorkflow', {
      workflowId: `stripe-settlements-day-${Date.now()}`,
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ modes: ['TEST'] }],
    })) as StripeSettlementImportResult[];
    expect(imported.find((result) => result.mode === 'TEST')).toMatchObject({ dates: [stripeDay] });

    // SSLCOMMERZ 3 (the omitted one missing, the refund's line); bKash 4 + 1 (the duplicate's
    // second batch; the refund a day later); Nagad 4 + 1 (the phantom and the chargeback; the late
    // payment a day later); Stripe 4 (two charges, the refund, the dispute's withdrawal).
    await settledDown(3 + 5 + 5 + 4);

    // Within the days' grace periods, a payment no line settled is not an exception yet.
    expect((await exceptions()).map((e) => e.kind)).not.toContain('UNSETTLED_PAYMENT');

    // ---- the grace periods end -----------------------------------------------------------------
    // A day waits two days after its date for lines still coming. The deployment's setting is
    // what decides it, never a workflow's input: here the worker is restarted with a setting under
    // which that time has passed, and each day's workflow started again.
    await stack.stopWorker();
    await stack.startWorker({
      reconciliation: { ...reconciliationPolicyOf(stack.config), graceDays: { other: -5, gateways: {} } },
    });
    const days: Array<[Gateway, string]> = [
      ['sslcommerz', day],
      ['bkash', day],
      ['bkash', nextDay],
      ['nagad', day],
      ['nagad', nextDay],
      ['stripe', stripeDay],
    ];
    for (const [gateway, date] of days) {
      await stack.client.workflow
        .getHandle(workflowIds.reconciliation(gateway, 'TEST', date))
        .terminate('grace over');
      await startReconciliations(
        { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
        { gateway, mode: 'TEST', dates: [date], reason: 'grace over' },
      );
    }
    await eventually(
      async () => (await exceptions()).some((e) => e.kind === 'UNSETTLED_PAYMENT'),
      30_000,
      'the omitted payment found unsettled',
    );

    // ---- each fault is exactly its exception -----------------------------------------------------
    const found = await exceptions();
    const summary = found.map((e) => ({
      gateway: e.gateway,
      date: e.settlement_date,
      kind: e.kind,
      payment: e.payment_reference,
      line: e.line_type,
    }));
    expect(summary).toEqual(
      [
        { gateway: 'bkash', date: day, kind: 'AMOUNT_MISMATCH', payment: bkash.amountOff, line: 'PAYMENT' },
        { gateway: 'bkash', date: day, kind: 'DUPLICATE_LINE', payment: bkash.twice, line: 'PAYMENT' },
        { gateway: 'nagad', date: day, kind: 'CHARGEBACK', payment: nagad.chargedBack, line: 'CHARGEBACK' },
        { gateway: 'nagad', date: day, kind: 'UNKNOWN_LINE', payment: null, line: 'PAYMENT' },
        { gateway: 'sslcommerz', date: day, kind: 'FEE_MISMATCH', payment: ssl.feeOff, line: 'PAYMENT' },
        { gateway: 'sslcommerz', date: day, kind: 'UNSETTLED_PAYMENT', payment: ssl.omitted, line: null },
        {
          gateway: 'stripe',
          date: stripeDay,
          kind: 'CHARGEBACK',
          payment: stripe.disputed,
          line: 'CHARGEBACK',
        },
      ].sort((a, b) => `${a.gateway}${a.date}${a.kind}`.localeCompare(`${b.gateway}${b.date}${b.kind}`)),
    );
    expect(found.every((e) => e.status === 'OPEN')).toBe(true);
    // The differences are the ones armed: 5.00 more gross on bKash, 3.00 more fee on SSLCOMMERZ.
    const difference = (e: ExceptionRow) => Number(e.actual_minor) - Number(e.expected_minor);
    expect(difference(found.find((e) => e.kind === 'AMOUNT_MISMATCH')!)).toBe(500);
    expect(difference(found.find((e) => e.kind === 'FEE_MISMATCH')!)).toBe(300);
    // The phantom line names a transaction none of Nagad's payments has.
    const phantom = found.find((e) => e.kind === 'UNKNOWN_LINE')!;
    const nagadIds = await Promise.all(
      Object.values(nagad).map(
        async (reference) => (await readPayment(store.test, reference)).gatewayTransactionId,
      ),
    );
    expect(nagadIds).not.toContain(phantom.line_transaction_id);
    // The duplicate is the payment's second line, in a second batch.
    const twice = found.find((e) => e.kind === 'DUPLICATE_LINE')!;
    expect(twice.line_transaction_id).toBe((await readPayment(store.test, bkash.twice)).gatewayTransactionId);

    // Each chargeback is one dispute of its payment: Nagad's from its line, Stripe's from Stripe's
    // own notice (its withdrawal on the payout is no second one).
    const disputes = await stack.em().execute<Array<{ payment: string; gateway: string }>>(
      `select p.reference as payment, d.gateway from disputes d join payments p on p.id = d.payment_id
        where p.app_id in (?, ?) order by d.gateway`,
      mine.appIds,
    );
    expect(disputes).toEqual([
      { payment: nagad.chargedBack, gateway: 'nagad' },
      { payment: stripe.disputed, gateway: 'stripe' },
    ]);

    // The late payment and the refund netted later are matched on the next day; every other line
    // matched on its own day, each posted to the bank exactly once.
    const matched = await stack.em().execute<
      Array<{
        gateway: string;
        date: string;
        payment: string | null;
        refund: string | null;
        settlements: string;
      }>
    >(
      `select l.gateway, to_char(l.settlement_date, 'YYYY-MM-DD') as date, p.reference as payment,
              rf.reference as refund,
              (select count(*) from journal_entries je where je.source_type = 'settlement_line'
                  and je.source_id = l.line_key and je.kind = 'SETTLEMENT') as settlements
         from recon_matches m join settlement_lines l on l.id = m.line_id
         left join payments p on p.id = m.payment_id left join refunds rf on rf.id = m.refund_id
        where m.resolved_exception_id is null and l.id in (${MY_LINES})
        order by l.gateway, l.settlement_date, p.reference, rf.reference`,
      myLines(),
    );
    const matchedOn = (gateway: string, date: string) =>
      matched
        .filter((m) => m.gateway === gateway && m.date === date)
        .map((m) => m.payment ?? m.refund)
        .sort();
    expect(matchedOn('sslcommerz', day)).toEqual([ssl.clean, sslRefund].sort());
    expect(matchedOn('bkash', day)).toEqual([bkash.clean, bkash.twice].sort());
    expect(matchedOn('bkash', nextDay)).toEqual([bkashRefund]);
    expect(matchedOn('nagad', day)).toEqual([nagad.chargedBack, nagad.withExtra].sort());
    expect(matchedOn('nagad', nextDay)).toEqual([nagad.late]);
    expect(matchedOn('stripe', stripeDay)).toEqual([stripe.clean, stripe.disputed, stripeRefund].sort());
    expect(matched.map((m) => Number(m.settlements))).toEqual(matched.map(() => 1));

    // The days with nothing open close by themselves once their grace is over.
    await eventually(
      async () => {
        const all = await runs(days);
        return all.filter((r) => r.status === 'CLOSED').length === 2 ? all : null;
      },
      30_000,
      'the next days closed',
    );
    expect(
      (await runs(days)).filter((r) => r.status === 'CLOSED').map((r) => `${r.gateway} ${r.settlement_date}`),
    ).toEqual([`bkash ${nextDay}`, `nagad ${nextDay}`]);

    // ---- finance resolves the exceptions in Chromium ---------------------------------------------
    const runIds = new Map((await runs(days)).map((r) => [`${r.gateway} ${r.settlement_date}`, r.id]));
    const resolve = async (exception: ExceptionRow, action: string, note: string, outcome = 'resolved') => {
      const runId = runIds.get(`${exception.gateway} ${exception.settlement_date}`)!;
      if (!page.url().endsWith(`/admin/reconciliation/runs/${runId}`)) {
        await page.goto(`${stack.apiUrl}/admin/reconciliation/runs/${runId}`);
      }
      const item = page.locator(`[data-testid="recon-exception"][data-reference="${exception.reference}"]`);
      await item.getByTestId('resolve-action').selectOption(action);
      await item.getByTestId('resolve-note').fill(note);
      await item.getByTestId('resolve-submit').click();
      const done = page.getByText(new RegExp(`Exception ${exception.reference} ${outcome} \\(${action}\\)`));
      await done.or(page.getByTestId('step-up')).first().waitFor();
      if (!(await done.isVisible())) {
        await page.getByLabel('Password').fill(finance.password);
        await page.getByTestId('step-up-confirm').click();
        await done.waitFor();
      }
    };
    const of = (kind: string, gateway: string) =>
      found.find((e) => e.kind === kind && e.gateway === gateway)!;

    // The omitted payment: escalated to the gateway, then marked resolved — the gateway still holds it.
    await resolve(
      of('UNSETTLED_PAYMENT', 'sslcommerz'),
      'ESCALATE',
      'asked SSLCOMMERZ about it',
      'escalated',
    );
    expect(
      await page
        .locator(
          `[data-testid="recon-exception"][data-reference="${of('UNSETTLED_PAYMENT', 'sslcommerz').reference}"]`,
        )
        .getAttribute('data-status'),
    ).toBe('OPEN');
    await resolve(of('UNSETTLED_PAYMENT', 'sslcommerz'), 'MARK_RESOLVED', 'SSLCOMMERZ settles it next week');
    await resolve(of('FEE_MISMATCH', 'sslcommerz'), 'ACCEPT_FEE_DIFFERENCE', 'the gateway raised its rate');
    await resolve(of('AMOUNT_MISMATCH', 'bkash'), 'POST_ADJUSTMENT', 'bKash paid 5.00 too much');
    await resolve(of('DUPLICATE_LINE', 'bkash'), 'POST_ADJUSTMENT', 'bKash settled it twice');
    await resolve(
      of('UNKNOWN_LINE', 'nagad'),
      'POST_ADJUSTMENT',
      'not our payment; Nagad asked to take it back',
    );
    await resolve(of('CHARGEBACK', 'nagad'), 'POST_ADJUSTMENT', 'the customer disputed it');
    await resolve(of('CHARGEBACK', 'stripe'), 'POST_ADJUSTMENT', 'the cardholder disputed it');

    // ---- every day closes ------------------------------------------------------------------------
    // Another suite in the same database may have settled lines of its own on one of these days
    // (Stripe's payouts all arrive tomorrow): its exceptions are marked resolved, by the API, so
    // that the day can close.
    const ours = new Set((await exceptions()).map((e) => e.reference));
    const theirs = await stack.em().execute<Array<{ reference: string }>>(
      `select e.reference from recon_exceptions e join recon_runs r on r.id = e.run_id
        where r.mode = 'TEST' and e.status = 'OPEN' and r.id in (select jsonb_array_elements_text(?::jsonb)::bigint)`,
      [JSON.stringify([...runIds.values()])],
    );
    for (const { reference } of theirs.filter((e) => !ours.has(e.reference))) {
      const response = await admin.call(
        'POST',
        `/api/v1/admin/reconciliation/exceptions/${reference}/resolve`,
        {
          body: { action: 'MARK_RESOLVED', note: "another suite's line" },
        },
      );
      expect(response.status).toBe(200);
    }
    await eventually(
      async () => (await runs(days)).every((r) => r.status === 'CLOSED'),
      30_000,
      'every settlement day closed',
    );
    expect((await runs(days)).map((r) => `${r.gateway} ${r.settlement_date} ${r.status}`)).toEqual(
      days.map(([gateway, date]) => `${gateway} ${date} CLOSED`).sort(),
    );
    expect((await exceptions()).map((e) => [e.kind, e.status, e.action])).toEqual(
      expect.arrayContaining([['UNSETTLED_PAYMENT', 'RESOLVED', 'MARK_RESOLVED']]),
    );
    expect((await exceptions()).filter((e) => e.status !== 'RESOLVED')).toEqual([]);

    // ---- each clearing account holds what its gateway still holds ------------------------------
    // Every payment was settled but SSLCOMMERZ's omitted one: the gateway still holds its net.
    const omittedAmount = 45_000;
    expect(await clearing('sslcommerz', 'BDT')).toBe(omittedAmount - (await feeBooked(ssl.omitted)));
    expect(await clearing('bkash', 'BDT')).toBe(0);
    expect(await clearing('nagad', 'BDT')).toBe(0);
    expect(await clearing('stripe', 'USD')).toBe(0);

    // The dashboard's cash view (of every suite's money, in a shared database) shows the ledger's
    // clearing, what the posted lines paid into the bank and what lines are not posted yet.
    await page.goto(`${stack.apiUrl}/admin/reconciliation/cash?mode=TEST`);
    const shown = (minor: number, currency: string) =>
      `${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
    for (const [gateway, currency] of [
      ['sslcommerz', 'BDT'],
      ['bkash', 'BDT'],
      ['nagad', 'BDT'],
      ['stripe', 'USD'],
    ] as const) {
      const [paid] = await stack.em().execute<Array<{ posted: string; unposted: string }>>(
        `select coalesce(sum(l.net_minor) filter (where posted), 0) as posted,
                coalesce(sum(l.net_minor) filter (where not posted), 0) as unposted
           from (select l.net_minor, exists (select 1 from journal_entries je
                   where je.source_type = 'settlement_line' and je.source_id = l.line_key
                     and je.kind = 'SETTLEMENT') as posted
                   from settlement_lines l where l.gateway = ? and l.mode = 'TEST') l`,
        [gateway],
      );
      const row = page.locator(
        `[data-testid="cash-row"][data-gateway="${gateway}"][data-currency="${currency}"]`,
      );
      expect({
        gateway,
        clearing: await row.getByTestId('clearing').innerText(),
        settled: await row.getByTestId('settled').innerText(),
        unposted: await row.getByTestId('unposted').innerText(),
      }).toEqual({
        gateway,
        clearing: shown(await wholeClearing(gateway, currency), currency),
        settled: shown(Number(paid!.posted), currency),
        unposted: shown(Number(paid!.unposted), currency),
      });
    }

    // ---- ledger:verify ------------------------------------------------------------------------
    const breaches = (await verifyLedger(stack.em())).filter((check) => check.breaches.length > 0);
    expect(breaches).toEqual([]);

    expect(session.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
  }, 240_000);
});
