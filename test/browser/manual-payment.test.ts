import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';

/**
 * A manual payment in headless Chromium, every side: an ADMIN writes the app's instructions on its
 * Gateways page; the customer chooses bank transfer on the
 * hosted checkout and reads the instructions and the reference to quote; a FINANCE operator
 * records the money on the payment's page, confirming their password because the amount is
 * above the step-up limit, then attaches the slip; the customer's page shows the payment received.
 */
describe('manual payment in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  const sessions: BrowserSession[] = [];
  /** The API's clock runs this far ahead, to let a sign-in's fresh password go stale. */
  let aheadMs = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({
      clock: () => new Date(Date.now() + aheadMs),
      configOverrides: { MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR: '100000' },
    });
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  it('the customer pays by transfer; finance records it after step-up; the checkout shows it received', async () => {
    const app = await stack.registerApp();
    // An ADMIN turns manual payments on for the app by writing its instructions.
    const adminOperator = await stack.createOperator('ADMIN');
    const settings = await openPage(browser);
    sessions.push(settings);
    await signInThroughPage(settings.page, stack.apiUrl, adminOperator, `/admin/apps/${app.app.id}/gateways`);
    const manual = settings.page.getByTestId('gateway-form-TEST-manual');
    await manual
      .getByTestId('gateway-TEST-manual-instructions')
      .fill('Pay to Acme Ltd\nAccount 0123456789, City Bank');
    await manual.getByRole('button', { name: 'Save settings' }).click();
    await settings.page.getByTestId('gateway-status-TEST-manual').getByText('ACTIVE').waitFor();
    stack.gateways.invalidate(app.app.id);
    const payment = await stack.createPayment(app.test, { amountMinor: 250_000, currency: 'BDT' });

    // The customer: the picker offers bank transfer among the app's ways to pay.
    const customer = await openPage(browser);
    sessions.push(customer);
    await customer.page.goto(`${stack.apiUrl}/checkout/${payment.reference}`);
    await customer.page.getByLabel('Bank transfer or cash').check();
    await customer.page.getByTestId('pay').click();
    const instructions = customer.page.getByTestId('offline-instructions');
    await instructions.waitFor();
    expect(await instructions.innerText()).toContain('Account 0123456789, City Bank');
    expect(await customer.page.getByTestId('quote-reference').innerText()).toBe(payment.reference);
    expect(await customer.page.getByTestId('status').getAttribute('data-status')).toBe('PENDING');

    // Finance, whose sign-in password has gone stale: the form asks for it again.
    const finance = await stack.createOperator('FINANCE');
    const operator = await openPage(browser);
    sessions.push(operator);
    const { page } = operator;
    await signInThroughPage(page, stack.apiUrl, finance, `/admin/payments/${payment.reference}`);
    aheadMs += 6 * 60_000;
    await page.reload();
    const form = page.getByTestId('record-receipt');
    await form.waitFor();
    await form.getByLabel('Amount received').fill('2500.00');
    await form.getByLabel('Received on').fill(new Date().toISOString().slice(0, 10));
    await form.getByLabel('Paid by').selectOption('BANK_TRANSFER');
    await form.getByLabel('Bank reference').fill('CITY-TRX-7781');
    await form.getByLabel('Your password').fill(finance.password);
    await form.getByTestId('receipt-submit').click();
    await page.getByText('Receipt recorded: the payment is SUCCEEDED').waitFor();
    expect(await page.getByTestId('status-badge').first().innerText()).toBe('SUCCEEDED');

    // The slip came later: attached to the receipt, then downloadable from it.
    const attach = page.locator('form[data-testid^="attach-proof-"]');
    await attach.locator('input[type="file"]').setInputFiles({
      name: 'slip.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
    });
    await attach.getByRole('button', { name: 'Attach' }).click();
    await page.getByText('Proof attached: slip.png').waitFor();
    await page.getByRole('link', { name: 'slip.png' }).waitFor();

    const audit = await stack.em().execute<Array<{ action: string }>>(
      `select action from audit_log where actor_label = ? and action like 'receipt.%' or
           (actor_label = ? and action = 'operator.step_up') order by id`,
      [finance.email, finance.email],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'operator.step_up',
      'receipt.recorded',
      'receipt.proof_attached',
    ]);

    // The customer's page shows the money received.
    await eventually(async () => {
      await customer.page.reload();
      return (await customer.page.getByTestId('status').getAttribute('data-status')) === 'SUCCEEDED';
    });
  });
});
