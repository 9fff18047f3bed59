import type { Browser } from 'playwright-core';
import { setApprovalPolicy } from '../../db/refunds/refund-policies.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';

/**
 * The approval queue in headless Chromium: a FINANCE operator approves a refund with a comment,
 * approves a large one after confirming their password, and rejects another; each leaves the
 * queue with the approver's name, and the refunds move on.
 */
describe('refund approval queue in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;
  /** The API's clock runs this far ahead, to let a sign-in's fresh password go stale. */
  let aheadMs = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({
      clock: () => new Date(Date.now() + aheadMs),
      configOverrides: { REFUND_APPROVAL_STEP_UP_ABOVE_MINOR: '5000' },
    });
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  it('approves, approves a large refund after step-up, and rejects, from the queue', async () => {
    const app = await stack.registerApp();
    await setApprovalPolicy(stack.em(), app.app.id, 'TEST', {
      rule: 'ALWAYS',
      thresholdMinor: null,
      currency: null,
    });
    const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });
    const ask = async (amountMinor: number) =>
      (
        await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
          creds: app.test,
          body: { amountMinor, reason: `return ${amountMinor}` },
        })
      ).body.data.reference as string;
    const small = await ask(2000);
    const large = await ask(6000);
    const rejected = await ask(1000);

    const finance = await stack.createOperator('FINANCE');
    session = await openPage(browser);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, finance, '/admin/refunds');
    // Other suites share the database: this app's queue only.
    await page.locator('select[name="appId"]').selectOption(String(app.app.id));
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('appId') === String(app.app.id));
    await page.getByTestId('refund-table').waitFor();
    for (const reference of [small, large, rejected]) {
      await page.getByTestId(`refund-row-${reference}`).waitFor();
    }

    await page.getByTestId(`decide-${small}`).getByLabel('Comment').fill('item returned');
    await page.getByTestId(`approve-${small}`).click();
    await page.getByText(`Refund ${small} approved: now PROCESSING`).waitFor();
    await page.getByTestId(`refund-row-${small}`).waitFor({ state: 'detached' });

    // The sign-in's password is now older than the step-up window: a large approval asks again.
    aheadMs += 6 * 60_000;
    await page.getByTestId(`decide-${large}`).getByLabel('Comment').fill('manager agreed');
    await page.getByTestId(`approve-${large}`).click();
    await page.getByTestId('step-up').waitFor();
    await page.getByLabel('Password').fill(finance.password);
    await page.getByTestId('step-up-confirm').click();
    await page.getByText(`Refund ${large} approved: now PROCESSING`).waitFor();

    await page.getByTestId(`approve-${rejected}`).waitFor();
    await page.getByTestId(`reject-${rejected}`).click();
    await page.getByText(`Refund ${rejected} rejected: now REJECTED`).waitFor();
    await page.getByTestId('no-refunds').waitFor();

    // Every refund, any status: the decisions name the approver and keep the comments.
    await page.getByTestId('refund-status-filter').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByTestId(`refund-row-${large}`).getByText(`${finance.email}: “manager agreed”`).waitFor();
    await page.screenshot({ path: '/tmp/admin-refunds.png', fullPage: true });

    for (const reference of [small, large]) {
      await eventually(
        async () =>
          (await stack.api('GET', `/api/v1/refunds/${reference}`, { creds: app.test })).body.data.status ===
          'SUCCEEDED',
        30_000,
        `${reference} SUCCEEDED`,
      );
    }
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 8000,
    });
  });
});
