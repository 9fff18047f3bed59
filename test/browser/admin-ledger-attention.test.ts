import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { EXPECTED_STATUS_ERRORS, signInThroughPage } from '../helpers/oversight-browser.js';
import { eventually, startStack, type Credentials, type Stack } from '../helpers/stack.js';

/**
 * The ledger and the attention queue in headless Chromium: a FINANCE operator reads a verified
 * ledger and an app's payable statement, then asks to clear two payments the gateway
 * over-captured: to apply one's parked money to the app (after confirming their password, the
 * note kept) and to refund the other's to the customer. Nothing moves until a second FINANCE
 * operator approves both from the same queue; the first cannot approve their own.
 */
describe('ledger and attention queue in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;
  /** The API's clock runs this far ahead, to let a sign-in's fresh password go stale. */
  let aheadMs = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({ clock: () => new Date(Date.now() + aheadMs) });
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  /** A payment the gateway captured 5.00 BDT too much for: failed, flagged, its capture parked. */
  async function overCaptured(creds: Credentials) {
    const payment = await stack.createPayment(creds, { amountMinor: 10000 });
    await stack.openCheckout(payment.reference);
    await stack.setFaults({ amountDeltaMinor: 500 }, payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');
    await eventually(
      async () => {
        const [row] = await stack
          .em()
          .execute<Array<{ status: string; unapplied_minor: string }>>(
            'select status, unapplied_minor from payments where reference = ?',
            [payment.reference],
          );
        return row?.status === 'FAILED' && Number(row.unapplied_minor) === 10500;
      },
      20_000,
      `${payment.reference} FAILED with 105.00 BDT parked`,
    );
    return payment.reference;
  }

  const payableRow = (page: Page, appId: number) =>
    page.locator(`[data-testid="account-row"][data-code="app_payable:${appId}:TEST:BDT"]`);

  it('shows a verified ledger, then applies one flagged payment and refunds another', async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test, { amountMinor: 10000 });
    const applied = await overCaptured(app.test);
    const refunded = await overCaptured(app.test);

    const finance = await stack.createOperator('FINANCE');
    session = await openPage(browser);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, finance, '/admin/ledger');
    expect(await page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText()).toBe('Ledger');

    // Other suites share the database: this app's accounts only.
    await page.goto(`${stack.apiUrl}/admin/ledger?mode=TEST&appId=${app.app.id}`);
    const verified = page.getByTestId('ledger-verification');
    expect(await verified.getAttribute('data-ok')).toBe('true');
    expect(await verified.innerText()).toContain('Ledger verified');
    expect(await payableRow(page, app.app.id).getByTestId('balance').innerText()).toBe('100.00 BDT');

    // The journal, filtered by the paid payment: its capture and the gateway's fee, with postings.
    await page.getByTestId('journal-source').fill(paid.reference);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('source') === paid.reference);
    const capture = page.locator(`[data-testid="journal-entry"][data-kind="CAPTURE"]`);
    expect(await capture.count()).toBe(1);
    expect(await capture.innerText()).toContain(`app_payable:${app.app.id}:TEST:BDT -100.00 BDT`);
    expect(await capture.innerText()).toContain('+100.00 BDT');

    // The payable's statement: the capture, with the balance after it.
    await payableRow(page, app.app.id).getByRole('link').click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/ledger/accounts/'));
    expect(await page.getByTestId('account-balance').innerText()).toBe('100.00 BDT');
    const line = page.locator(`[data-testid="statement-line"][data-source="${paid.reference}"]`);
    expect(await line.getAttribute('data-kind')).toBe('CAPTURE');
    expect(await line.getByTestId('balance-after').innerText()).toBe('100.00 BDT');
    expect(await line.getByRole('link', { name: paid.reference }).getAttribute('href')).toBe(
      `/admin/payments/${paid.reference}`,
    );

    await page.getByRole('link', { name: 'Attention' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/attention');
    await page.locator('select[name="appId"]').selectOption(String(app.app.id));
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('appId') === String(app.app.id));
    expect(await page.getByTestId('total').innerText()).toBe('2 open flagged payment(s) in TEST');
    for (const reference of [applied, refunded]) {
      const row = page.getByTestId(`attention-row-${reference}`);
      expect(await row.getByTestId('kind').innerText()).toBe('AMOUNT_MISMATCH');
      expect(await row.getByTestId('reason').innerText()).toBe(
        'AMOUNT_MISMATCH: expected 10000, gateway captured 10500',
      );
      expect(await row.getByTestId('parked').innerText()).toBe('105.00 BDT');
    }

    // The sign-in's password is now older than the step-up window: asking to apply asks again.
    aheadMs += 6 * 60_000;
    await page.getByTestId(`act-${applied}`).getByLabel('Note').fill('customer topped up; app keeps it');
    await page.getByTestId(`apply-${applied}`).click();
    await page.getByTestId('step-up').waitFor();
    await page.getByLabel('Password').fill(finance.password);
    await page.getByTestId('step-up-confirm').click();
    await page
      .getByText(`Applying ${applied}'s parked money waits for another operator's approval`)
      .waitFor();
    const request = page.getByTestId(`attention-row-${applied}`).getByTestId('apply-request');
    expect(await request.innerText()).toContain('Apply 105.00 BDT to the app');
    expect(await request.getByTestId('proposed-by').innerText()).toBe(finance.email);
    // Their own request: they may withdraw it, not approve it.
    expect(await page.getByTestId(`approve-apply-${applied}`).count()).toBe(0);
    expect(await page.getByTestId(`withdraw-${applied}`).count()).toBe(1);

    // Confirmed a moment ago: the refund is asked for at once, and waits for someone else.
    await page.getByTestId(`act-${refunded}`).getByLabel('Note').fill('over-captured: send it back');
    await page.getByTestId(`refund-${refunded}`).click();
    const flash = await page.getByRole('status').innerText();
    expect(flash).toMatch(
      new RegExp(
        `^Refund rf_[0-9a-z]{20} of ${refunded}'s parked money: waits for another operator's approval$`,
      ),
    );
    const refundReference = /rf_[0-9a-z]{20}/.exec(flash)![0];
    expect(await page.getByTestId(`decide-refund-${refundReference}`).count()).toBe(0);

    // Each payment's page shows what waits for a second operator.
    await page.goto(`${stack.apiUrl}/admin/payments/${applied}`);
    expect(await page.getByTestId('pending-apply').innerText()).toContain(
      `Apply 105.00 BDT to the app, asked by ${finance.email}`,
    );
    await page.goto(`${stack.apiUrl}/admin/payments/${refunded}`);
    expect(await page.getByTestId('pending-parked-refund').innerText()).toContain(
      `Refund ${refundReference} of 105.00 BDT, asked by ${finance.email}`,
    );

    // Nothing has moved yet: the payable still holds only the paid payment.
    await page.goto(`${stack.apiUrl}/admin/ledger?mode=TEST&appId=${app.app.id}`);
    expect(await payableRow(page, app.app.id).getByTestId('balance').innerText()).toBe('100.00 BDT');
    expect(session.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
    await session.close();

    // A second FINANCE operator approves both from the queue.
    const second = await stack.createOperator('FINANCE');
    session = await openPage(browser);
    const page2 = session.page;
    await signInThroughPage(page2, stack.apiUrl, second, '/admin/attention');
    await page2.goto(`${stack.apiUrl}/admin/attention?mode=TEST&appId=${app.app.id}`);
    await page2.screenshot({ path: '/tmp/admin-attention-pending.png', fullPage: true });
    await page2.getByTestId(`approve-apply-${applied}`).click();
    await page2.getByText(`${applied} resolved: APPLIED`).waitFor();
    await page2
      .getByTestId(`decide-refund-${refundReference}`)
      .getByRole('button', { name: 'Approve refund' })
      .click();
    await page2.getByText(new RegExp(`^Refund ${refundReference} approved: now`)).waitFor();

    await page2.goto(`${stack.apiUrl}/admin/attention?mode=TEST&appId=${app.app.id}`);

    // Resolved: the applied one by the operator with the note, the refunded one once its refund succeeded.
    await page2.getByTestId('attention-state-filter').selectOption('RESOLVED');
    await page2.getByRole('button', { name: 'Filter' }).click();
    await page2.waitForURL((url) => url.searchParams.get('state') === 'RESOLVED');
    const appliedRow = page2.getByTestId(`attention-row-${applied}`);
    const resolution = await appliedRow.getByTestId('resolution').innerText();
    expect(resolution).toContain(`APPLIED by ${finance.email}, approved by ${second.email}`);
    // Typed before the password was asked for, and kept through the step-up.
    expect(resolution).toContain('“customer topped up; app keeps it”');
    await eventually(
      async () => {
        await page2.reload();
        return (await page2.getByTestId(`attention-row-${refunded}`).count()) === 1;
      },
      30_000,
      `${refunded} resolved by its refund`,
    );
    const refundedRow = page2.getByTestId(`attention-row-${refunded}`);
    const refund = refundedRow.locator(`[data-testid="parked-refund"][data-reference="${refundReference}"]`);
    expect(await refund.innerText()).toMatch(/105\.00 BDT\s+SUCCEEDED/);
    expect(await refundedRow.getByTestId('resolution').innerText()).toMatch(/^REFUNDED by SYSTEM/);
    await page2.screenshot({ path: '/tmp/admin-attention.png', fullPage: true });

    // Applying moved the parked 105.00 BDT to the app's payable; the ledger still verifies.
    await page2.goto(`${stack.apiUrl}/admin/ledger?mode=TEST&appId=${app.app.id}&source=${applied}`);
    expect(await page2.getByTestId('ledger-verification').getAttribute('data-ok')).toBe('true');
    expect(await payableRow(page2, app.app.id).getByTestId('balance').innerText()).toBe('205.00 BDT');
    const kinds = await page2
      .getByTestId('journal-entry')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(['UNAPPLIED_APPLIED', 'FEE', 'UNAPPLIED_CAPTURE']);
    await page2.screenshot({ path: '/tmp/admin-ledger.png', fullPage: true });

    expect(session.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
  });

  it('finance confirms a refund whose answer the gateway lost, from the attention queue', async () => {
    const app = await stack.registerApp();
    const payment = await stack.paidPayment(app.test, { amountMinor: 4000 });
    await stack.setFaults({ refundAnswerLost: true }, payment.reference);
    const asked = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
      creds: app.test,
      body: { reason: 'wrong size' },
    });
    expect(asked.status).toBe(201);
    const reference = asked.body.data.reference as string;
    await eventually(
      async () => {
        const [row] = await stack
          .em()
          .execute<Array<{ waiting: boolean }>>(
            'select confirmation_requested_at is not null as waiting from refunds where reference = ?',
            [reference],
          );
        return row?.waiting;
      },
      30_000,
      `${reference} to wait for finance`,
    );

    const finance = await stack.createOperator('FINANCE');
    await session?.close();
    session = await openPage(browser);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, finance, '/admin/attention');
    await page.getByTestId('refunds-awaiting-confirmation').getByRole('link').click();
    await page.waitForURL((url) => url.searchParams.get('awaitingConfirmation') === 'true');
    const form = page.getByTestId(`confirm-${reference}`);
    expect(await page.getByTestId(`refund-row-${reference}`).innerText()).toContain(
      'Duplicate refund_trans_id',
    );
    await form.getByLabel('The merchant panel shows').selectOption('FAILED');
    await form.getByLabel('Note').fill('panel: refund cancelled by the bank');
    await form.getByRole('button', { name: 'Confirm' }).click();
    expect(await page.getByRole('status').innerText()).toBe(`Refund ${reference} confirmed: now FAILED`);
    await page.getByTestId(`refund-row-${reference}`).waitFor({ state: 'detached' });
    await page.screenshot({ path: '/tmp/admin-refund-confirmation.png', fullPage: true });

    const refund = await stack.api('GET', `/api/v1/refunds/${reference}`, { creds: app.test });
    expect(refund.body.data).toMatchObject({
      status: 'FAILED',
      failureReason: 'Confirmed failed by finance: panel: refund cancelled by the bank',
    });
    expect(session.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
  });
});
