import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * Changing an app's controls in headless Chromium: a FINANCE operator tightens one (it applies at
 * once) and proposes to loosen another (it waits); a second ADMIN finds the proposal in the
 * Controls queue, confirms their password and approves it; the app's page shows the result.
 */
describe('the control changes queue in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  const sessions: BrowserSession[] = [];
  /** The API's clock runs this far ahead, to let a sign-in's fresh password go stale. */
  let aheadMs = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({ clock: () => new Date(Date.now() + aheadMs), worker: false });
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  it('FINANCE proposes to loosen, a second ADMIN approves from the queue after step-up', async () => {
    const { app } = await stack.registerApp();
    const finance = await stack.createOperator('FINANCE');
    const proposer = await openPage(browser);
    sessions.push(proposer);
    await signInThroughPage(proposer.page, stack.apiUrl, finance, `/admin/apps/${app.id}/controls`);
    const page = proposer.page;
    const liveRules = page.getByTestId('refund-approval-LIVE');
    await liveRules.getByText('Up to 10,000.00 BDT: no approver').waitFor();
    await liveRules.getByText('From 100,000.01 BDT: 2 approvers').waitFor();

    // Two approvers from 50,000.01 BDT in TEST, where none waited: stricter, saved at once.
    const testRules = page.getByTestId('refund-rules-form-TEST');
    await testRules.locator('input[name="to_0"]').fill('50000');
    await testRules.locator('input[name="from_1"]').fill('50000.01');
    await testRules.locator('select[name="currency_1"]').selectOption('BDT');
    await testRules.locator('select[name="approvers_1"]').selectOption('2');
    await testRules.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved: the control applies now.').waitFor();
    await page.getByTestId('refund-approval-TEST').getByText('From 50,000.01 BDT: 2 approvers').waitFor();
    await page.getByTestId('refund-approval-TEST').getByText('Up to 50,000.00 (any currency)').waitFor();
    await page.screenshot({ path: '/tmp/admin-controls-rules.png', fullPage: true });

    // Two receipt operators in TEST: stricter, saved at once.
    const receipts = page.getByTestId('receipt-approvals-form-TEST');
    await receipts.locator('select[name="approvals"]').selectOption('2');
    await receipts.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved: the control applies now.').waitFor();
    await page.getByTestId('receipt-approvals-TEST').getByText('Two operators').waitFor();

    // No approver for any LIVE refund: looser, so only proposed; the rules stand meanwhile.
    const refunds = page.getByTestId('refund-rules-form-LIVE');
    await refunds.locator('select[name="currency_0"]').selectOption('');
    await refunds.locator('input[name="to_0"]').fill('');
    await refunds.locator('input[name="from_1"]').fill('');
    await refunds.locator('input[name="from_2"]').fill('');
    await refunds.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('This loosens the control: it waits for another ADMIN to approve it.').waitFor();
    await page.getByTestId('refund-approval-LIVE').getByText('From 100,000.01 BDT: 2 approvers').waitFor();
    const [change] = await stack
      .em()
      .execute<Array<{ id: string }>>(
        "select id from control_changes where app_id = ? and status = 'PENDING'",
        [app.id],
      );
    const id = Number(change!.id);
    await page.getByText('Your proposal: another ADMIN decides it.').waitFor();
    expect(await page.getByTestId(`control-change-approve-${id}`).count()).toBe(0);

    const admin = await stack.createOperator('ADMIN');
    const checker = await openPage(browser);
    sessions.push(checker);
    await signInThroughPage(checker.page, stack.apiUrl, admin, '/admin/controls');
    await checker.page
      .getByTestId(`control-change-${id}`)
      .getByText('No refund waits for approval')
      .waitFor();
    aheadMs += 6 * 60_000;
    await checker.page.getByTestId(`control-change-approve-${id}`).click();
    await checker.page.getByTestId('step-up').waitFor();
    await checker.page.getByLabel('Password').fill(admin.password);
    await checker.page.getByTestId('step-up-confirm').click();
    await checker.page.getByText(`Control change #${id}: APPROVED`).waitFor();
    // Other suites sharing this database may leave proposals of their own apps waiting.
    expect(await checker.page.getByTestId(`control-change-${id}`).count()).toBe(0);

    await checker.page.goto(`${stack.apiUrl}/admin/apps/${app.id}`);
    await checker.page.getByTestId('app-controls').getByText('LIVE: No refund waits for approval').waitFor();
    await checker.page.screenshot({ path: '/tmp/admin-controls.png', fullPage: true });
  });

  it('takes guardrail limits in the currency (250.50 BDT), refusing more decimals in the form, as typed', async () => {
    const { app } = await stack.registerApp();
    const admin = await stack.createOperator('ADMIN');
    const session = await openPage(browser);
    sessions.push(session);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, admin, `/admin/apps/${app.id}`);
    const form = page.getByTestId('guardrails-form-TEST');
    const row = form.getByTestId('guardrails-limit-row').first();
    await row.locator('select[name="limitKind_0"]').selectOption('PAYMENT');
    await row.locator('select[name="limitCurrency_0"]').selectOption('BDT');
    await row.getByLabel('Each at most, limit 1').fill('250.505');
    await row.getByLabel('A day at most, limit 1').fill('10,000.00');

    // More decimals than taka has: refused in the form, what was typed kept, nothing stored.
    await form.getByTestId('guardrails-save-TEST').click();
    const refusal = page.getByTestId('guardrails-form-error-TEST');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(
      'Check the form: Limit 1, PAYMENT BDT, each at most: BDT has 2 decimals at most',
    );
    const again = page.getByTestId('guardrails-form-TEST');
    expect(await again.getByLabel('Each at most, limit 1').inputValue()).toBe('250.505');
    expect(await again.getByLabel('A day at most, limit 1').inputValue()).toBe('10,000.00');
    expect(await again.locator('select[name="limitCurrency_0"]').inputValue()).toBe('BDT');
    const stored = async () =>
      (
        await stack
          .em()
          .execute<Array<{ kind: string; currency: string; each: string | null; day: string | null }>>(
            `select kind, currency, per_transaction_minor as each, per_day_minor as day
               from app_money_limits where app_id = ? and mode = 'TEST'`,
            [app.id],
          )
      ).map((l) => ({
        kind: l.kind,
        currency: l.currency,
        perTransactionMinor: l.each === null ? null : Number(l.each),
        perDayMinor: l.day === null ? null : Number(l.day),
      }));
    expect(await stored()).toEqual([]);

    // 250.50 BDT: a tighter limit, saved at once as 25050 minor units, shown back in taka.
    await again.getByLabel('Each at most, limit 1').fill('250.50');
    await again.getByTestId('guardrails-save-TEST').click();
    await page.getByText('Saved: the control applies now.').waitFor();
    expect(await stored()).toEqual([
      { kind: 'PAYMENT', currency: 'BDT', perTransactionMinor: 25_050, perDayMinor: 1_000_000 },
    ]);
    expect(await page.getByTestId('guardrails-state-TEST').innerText()).toContain(
      'PAYMENT each ≤ 250.50 BDT day ≤ 10,000.00 BDT',
    );
    const saved = page.getByTestId('guardrails-form-TEST');
    expect(await saved.getByLabel('Each at most, limit 1').inputValue()).toBe('250.50');
    expect(await saved.getByLabel('A day at most, limit 1').inputValue()).toBe('10,000.00');
    expect(await page.getByText('minor units').count()).toBe(0);
  });
});
