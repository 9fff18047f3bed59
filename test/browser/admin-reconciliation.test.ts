import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { EXPECTED_STATUS_ERRORS, signInThroughPage } from '../helpers/oversight-browser.js';
import { candidatesOf, exceptionsOf, importLines } from '../helpers/reconciliation.js';
import { scratchDatabase } from '../helpers/scratch-database.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';
import { uniqueSettlementDay } from '../helpers/settlement-days.js';

/**
 * A settlement day in headless Chromium: a FINANCE operator finds the day among the settlements,
 * opens it, reads what the gateway paid against what the ledger expected, and accepts the gateway's
 * fee difference — confirming their password first, the note kept — until the day has nothing open.
 */
describe('reconciliation in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;
  const GATEWAY = 'sslcommerz';
  const date = uniqueSettlementDay(2019);

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  it("resolves a day's fee difference from its page", async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test, { amountMinor: 10000 });
    const [payment] = await candidatesOf(stack, [paid.reference]);
    await importLines(stack.em(), date, [
      {
        gatewayTransactionId: payment!.gatewayTransactionId!,
        reference: null,
        grossMinor: payment!.amountMinor,
        feeMinor: payment!.feeBookedMinor + 500,
      },
    ]);
    await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
    const exception = await eventually(
      async () => (await exceptionsOf(stack.em(), date)).find((e) => e.kind === 'FEE_MISMATCH')?.reference,
      30_000,
      'the fee difference found',
    );

    const finance = await stack.createOperator('FINANCE');
    session = await openPage(browser);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, finance, '/admin/reconciliation');
    expect(await page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText()).toBe(
      'Reconciliation',
    );

    // The day among the settlements (other suites' days share the list: filter to this one).
    await page.getByLabel('Settlement date from').fill(date);
    await page.getByLabel('to', { exact: true }).fill(date);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === date);
    const row = page.locator(`[data-testid="recon-run"][data-gateway="${GATEWAY}"][data-date="${date}"]`);
    expect(await row.getByTestId('open-exceptions').innerText()).toBe('1 of 1');
    // The gateway kept 5.00 BDT more than booked: it paid that much less than the ledger expected.
    expect(await row.getByTestId('difference').innerText()).toBe('-5.00 BDT');
    await row.getByRole('link', { name: date }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/reconciliation/runs/'));
    expect(await page.getByTestId('temporal-link').getAttribute('href')).toMatch(
      new RegExp(`/workflows/recon-${GATEWAY}-TEST-${date}$`),
    );
    expect(await page.locator('[data-testid="recon-line"][data-outcome="EXCEPTION"]').count()).toBe(1);

    // Signing in counts as a fresh password for a few minutes: this session's has passed.
    await stack
      .em()
      .execute(`update operator_sessions set step_up_at = now() - interval '1 hour' where operator_id = ?`, [
        finance.id,
      ]);
    const item = page.locator(`[data-testid="recon-exception"][data-reference="${exception}"]`);
    await item.getByTestId('resolve-action').selectOption('ACCEPT_FEE_DIFFERENCE');
    await item.getByTestId('resolve-note').fill('the gateway raised its rate');
    await item.getByTestId('resolve-submit').click();
    await page.getByTestId('step-up').waitFor();
    await page.getByLabel('Password').fill(finance.password);
    await page.getByTestId('step-up-confirm').click();
    await page.getByText(`Exception ${exception} resolved (ACCEPT_FEE_DIFFERENCE); 0 still open`).waitFor();
    const resolved = page.locator(`[data-testid="recon-exception"][data-reference="${exception}"]`);
    expect(await resolved.getAttribute('data-status')).toBe('RESOLVED');
    expect(await resolved.getByTestId('resolution').innerText()).toContain(
      `ACCEPT_FEE_DIFFERENCE by ${finance.email}`,
    );
    expect(await page.getByTestId('resolve-form').count()).toBe(0);

    await page.getByRole('link', { name: '← Settlement days' }).click();
    await page.getByRole('link', { name: 'Cash by gateway' }).click();
    await page.locator(`[data-testid="cash-row"][data-gateway="${GATEWAY}"][data-currency="BDT"]`).waitFor();

    expect(session.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
  });

  it("asks for a refund of a duplicate charge from the day's page; it resolves once another operator approves it", async () => {
    const refundDay = uniqueSettlementDay(2019);
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test, { amountMinor: 30_000 });
    const [payment] = await candidatesOf(stack, [paid.reference]);
    const charged = {
      gatewayTransactionId: payment!.gatewayTransactionId!,
      reference: null,
      grossMinor: payment!.amountMinor,
      feeMinor: payment!.feeBookedMinor,
    };
    await importLines(stack.em(), refundDay, [
      { ...charged, payoutBatch: 'BATCH-1' },
      { ...charged, payoutBatch: 'BATCH-2' },
    ]);
    await stack.deps.orchestrator.startReconciliations({
      gateway: GATEWAY,
      mode: 'TEST',
      dates: [refundDay],
    });
    const exception = await eventually(
      async () =>
        (await exceptionsOf(stack.em(), refundDay)).find((e) => e.kind === 'DUPLICATE_LINE')?.reference,
      30_000,
      'the duplicate charge found',
    );
    const [run] = await stack
      .em()
      .execute<Array<{ id: string }>>(
        `select id from recon_runs where gateway = ? and mode = 'TEST' and settlement_date = ?::date`,
        [GATEWAY, refundDay],
      );

    const finance = await stack.createOperator('FINANCE');
    const asking = await openPage(browser);
    try {
      const { page } = asking;
      await signInThroughPage(page, stack.apiUrl, finance, `/admin/reconciliation/runs/${run!.id}`);
      const item = page.locator(`[data-testid="recon-exception"][data-reference="${exception}"]`);
      await item.getByTestId('resolve-action').selectOption('REFUND');
      // The amount in taka, as the exception's currency: its label says so.
      expect(await item.locator('label', { has: page.getByTestId('resolve-amount') }).innerText()).toContain(
        'Refund amount (BDT)',
      );
      expect(await page.getByText('minor units').count()).toBe(0);
      // More decimals than taka has: refused in the exception's own form, what was typed kept.
      await item.getByTestId('resolve-amount').fill('250.505');
      await item.getByTestId('resolve-note').fill('the customer was charged twice');
      await item.getByTestId('resolve-submit').click();
      const refusal = page
        .locator(`[data-testid="recon-exception"][data-reference="${exception}"]`)
        .getByTestId('resolve-error');
      await refusal.waitFor();
      expect(await refusal.innerText()).toContain(
        'Check the form: Refund amount: BDT has 2 decimals at most',
      );
      const retry = page.locator(`[data-testid="recon-exception"][data-reference="${exception}"]`);
      expect(await retry.getByTestId('resolve-amount').inputValue()).toBe('250.505');
      expect(await retry.getByTestId('resolve-note').inputValue()).toBe('the customer was charged twice');
      expect(await retry.getByTestId('resolve-action').inputValue()).toBe('REFUND');
      const refundsOf = () =>
        stack
          .em()
          .execute<Array<{ reference: string; amount_minor: string; requested_by_operator_id: string }>>(
            `select reference, amount_minor, requested_by_operator_id from refunds where payment_id = ?`,
            [payment!.id],
          );
      expect(await refundsOf()).toEqual([]);

      // 250.50 BDT: exactly 25050 minor units, named back in taka.
      await retry.getByTestId('resolve-amount').fill('250.50');
      await retry.getByTestId('resolve-submit').click();
      await page.getByText(/^Refund rf_[0-9a-z]{20} of 250\.50 BDT asked for exception/).waitFor();
      await page.waitForURL((url) => url.pathname === `/admin/reconciliation/runs/${run!.id}`);
      const waiting = page.locator(`[data-testid="recon-exception"][data-reference="${exception}"]`);
      expect(await waiting.getAttribute('data-status')).toBe('OPEN');
      expect(await waiting.getByTestId('exception-refund').getAttribute('data-status')).toBe(
        'PENDING_APPROVAL',
      );
      // Nothing else is offered while the refund waits for its approver.
      expect(await waiting.getByTestId('resolve-form').count()).toBe(0);
      const [refund, ...more] = await refundsOf();
      expect(more).toEqual([]);
      expect(refund).toMatchObject({ amount_minor: '25050', requested_by_operator_id: String(finance.id) });
      // The refund's link opens the refund's own page, where its approver decides it.
      expect(await waiting.getByTestId('exception-refund-link').getAttribute('href')).toBe(
        `/admin/refunds/${refund!.reference}`,
      );

      const approver = await stack.createOperator('ADMIN');
      const approving = await stack.adminLogin(approver.email, approver.password);
      expect(
        (await approving.call('POST', `/api/v1/admin/refunds/${refund!.reference}/approve`, { body: {} }))
          .status,
      ).toBe(200);
      await eventually(
        async () =>
          (await exceptionsOf(stack.em(), refundDay)).find((e) => e.reference === exception)?.status ===
          'RESOLVED',
        30_000,
        'the exception resolved by its refund',
      );
      await page.reload();
      const resolved = page.locator(`[data-testid="recon-exception"][data-reference="${exception}"]`);
      expect(await resolved.getAttribute('data-status')).toBe('RESOLVED');
      expect(await resolved.getByTestId('resolution').innerText()).toContain(`REFUND by ${finance.email}`);
      expect(await resolved.getByTestId('exception-refund').getAttribute('data-status')).toBe('SUCCEEDED');
      await resolved.getByTestId('exception-refund-link').click();
      await page.waitForURL((url) => url.pathname === `/admin/refunds/${refund!.reference}`);
      expect(await page.getByTestId('refund-amount').innerText()).toBe('250.50 BDT');
      // The refused form answered 422 on purpose; nothing else went wrong.
      expect(
        asking.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p) && !/status of 422/.test(p)),
      ).toEqual([]);
    } finally {
      await asking.close();
    }
  });
});

/**
 * A settlement day's page as finance reads it on a 1280 px screen: every column in view, what would
 * close the day in words, and an adjustment beyond the rounding tolerance proposed by one operator
 * and approved by another. A stack of its own, whose TEST days take the LIVE default tolerance.
 */
describe("a settlement day's page at 1280 px", () => {
  let stack: Stack;
  let browser: Browser;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  const GATEWAY = 'sslcommerz';

  beforeAll(async () => {
    browser = await launchBrowser();
    scratch = await scratchDatabase();
    stack = await startStack({
      databaseUrl: scratch.url,
      configOverrides: { RECON_TEST_ROUNDING_TOLERANCE_MINOR: 'BDT:100,1' },
    });
  }, 90_000);
  afterAll(async () => {
    await closeBrowser(browser);
    await stack?.close();
    await scratch?.drop();
  });

  /** Whether anything on the page is wider than its box: a table scrolled inside its frame, or the page. */
  const clipped = (page: Page) =>
    page.evaluate<string[]>(`(() => {
      const wide = [];
      for (const box of document.querySelectorAll('.table-wrap, main, body')) {
        if (box.scrollWidth > box.clientWidth + 1) {
          const table = box.querySelector('table');
          wide.push((table ? table.dataset.testid : box.tagName) + ': ' + box.scrollWidth + ' > ' + box.clientWidth);
        }
      }
      return wide;
    })()`);

  it('says what would close the day, shows every column, and a second operator approves the adjustment', async () => {
    const date = uniqueSettlementDay(1996);
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test, { amountMinor: 10000 });
    const [payment] = await candidatesOf(stack, [paid.reference]);
    const uploader = await stack.createOperator('FINANCE');
    await importLines(
      stack.em(),
      date,
      [
        // The gateway paid 15.00 less than the payment: beyond the 1.00 BDT tolerance.
        {
          gatewayTransactionId: payment!.gatewayTransactionId!,
          reference: null,
          grossMinor: payment!.amountMinor - 1500,
          feeMinor: payment!.feeBookedMinor,
          payoutBatch: `SSL-${date}-LONG-BATCH-NAME-0001`,
        },
        {
          gatewayTransactionId: 'TXN-NOBODY-KNOWS-THIS-ONE',
          reference: null,
          grossMinor: 5000,
          feeMinor: 100,
        },
      ],
      { importedBy: uploader.id },
    );
    await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
    const exceptions = await eventually(
      async () => {
        const found = await exceptionsOf(stack.em(), date);
        return found.length === 2 ? found : null;
      },
      30_000,
      'both exceptions found',
    );
    const mismatch = exceptions.find((e) => e.kind === 'AMOUNT_MISMATCH')!.reference;
    const unknown = exceptions.find((e) => e.kind === 'UNKNOWN_LINE')!.reference;
    const [run] = await stack
      .em()
      .execute<Array<{ id: string }>>(
        `select id from recon_runs where gateway = ? and mode = 'TEST' and settlement_date = ?::date`,
        [GATEWAY, date],
      );
    const dayPath = `/admin/reconciliation/runs/${run!.id}`;

    const proposer = await stack.createOperator('FINANCE');
    const proposing = await openPage(browser);
    const approving = await openPage(browser);
    try {
      const { page } = proposing;
      await page.setViewportSize({ width: 1280, height: 900 });
      await signInThroughPage(page, stack.apiUrl, proposer, dayPath);
      const closes = page.getByTestId('day-closes');
      expect(await closes.getByTestId('closes-exception').count()).toBe(2);
      expect(await closes.locator(`[data-reference="${mismatch}"]`).innerText()).toMatch(
        new RegExp(
          `^amount mismatch ${paid.reference} waits for finance: post adjustment, or refund, or mark resolved`,
        ),
      );
      expect(await closes.locator(`[data-reference="${unknown}"]`).innerText()).toContain(
        'unknown line TXN-NOBODY-KNOWS-THIS-ONE waits for finance',
      );
      expect(await clipped(page)).toEqual([]);
      await page.screenshot({ path: join(tmpdir(), `recon-day-1280-${run!.id}.png`), fullPage: true });

      const item = page.locator(`[data-testid="recon-exception"][data-reference="${mismatch}"]`);
      await item.getByTestId('resolve-action').selectOption('POST_ADJUSTMENT');
      await item.getByTestId('resolve-note').fill('the gateway kept 15.00 it owes us');
      await item.getByTestId('resolve-submit').click();
      await page.getByText(/POST_ADJUSTMENT of -15\.00 BDT proposed; it posts once another/).waitFor();
      const waiting = page.locator(`[data-testid="recon-exception"][data-reference="${mismatch}"]`);
      expect(await waiting.getAttribute('data-status')).toBe('OPEN');
      expect(await waiting.getByTestId('exception-proposal').innerText()).toContain(
        `${proposer.email} proposed an adjustment of -15.00 BDT`,
      );
      // Its proposer is offered no approval.
      expect(await waiting.getByTestId('approve-form').count()).toBe(0);
      expect(await closes.locator(`[data-reference="${mismatch}"]`).innerText()).toContain(
        `waits for a second operator to approve the post adjustment ${proposer.email} proposed`,
      );
      expect(await clipped(page)).toEqual([]);
      expect(proposing.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);

      const approver = await stack.createOperator('ADMIN');
      const other = approving.page;
      await other.setViewportSize({ width: 1280, height: 900 });
      await signInThroughPage(other, stack.apiUrl, approver, dayPath);
      const proposal = other.locator(`[data-testid="recon-exception"][data-reference="${mismatch}"]`);
      await proposal.getByTestId('approve-note').fill('the gateway statement confirms it');
      await proposal.getByTestId('approve-submit').click();
      await other.getByText(`Exception ${mismatch} resolved (POST_ADJUSTMENT); 1 still open`).waitFor();
      const resolved = other.locator(`[data-testid="recon-exception"][data-reference="${mismatch}"]`);
      expect(await resolved.getAttribute('data-status')).toBe('RESOLVED');
      expect(await resolved.getByTestId('resolution').innerText()).toContain(
        `POST_ADJUSTMENT by ${proposer.email}, approved by ${approver.email}`,
      );
      expect(await other.getByTestId('day-closes').getByTestId('closes-exception').count()).toBe(1);
      await other.screenshot({
        path: join(tmpdir(), `recon-day-1280-${run!.id}-approved.png`),
        fullPage: true,
      });
      expect(await clipped(other)).toEqual([]);

      // The list of days and a payment's page say "Confirmed" for the payment, "Settlement" for reports.
      await other.goto(`${stack.apiUrl}/admin/reconciliation?mode=TEST&from=${date}&to=${date}`);
      expect(await clipped(other)).toEqual([]);
      await other.screenshot({ path: join(tmpdir(), `recon-days-1280-${run!.id}.png`), fullPage: true });
      await other.goto(`${stack.apiUrl}/admin/reconciliation/cash?mode=TEST`);
      await other.getByTestId('recon-cash').waitFor();
      expect(await clipped(other)).toEqual([]);
      await other.goto(`${stack.apiUrl}/admin/payments/${paid.reference}`);
      expect(await other.getByText('Confirmed', { exact: true }).count()).toBe(1);
      expect(await other.getByText('Settled', { exact: true }).count()).toBe(0);
      expect(approving.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
    } finally {
      await proposing.close();
      await approving.close();
    }
  }, 180_000);
});
