import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The dashboard's invoices in headless Chromium: a FINANCE operator writes an invoice for an app
 * with a Bangla line and an installment plan, issues it, finds it in the list, opens its payable
 * link, and voids it after confirming their password.
 */
describe('invoices in the dashboard, in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;
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

  it('writes and issues an invoice, lists it, and voids it after step-up', async () => {
    const app = await stack.registerApp();
    const finance = await stack.createOperator('FINANCE');
    session = await openPage(browser);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, finance, '/admin/invoices');
    await page.getByTestId('new-invoice').click();

    const form = page.getByTestId('invoice-form');
    await form.getByTestId('invoice-app').selectOption(String(app.app.id));
    await form.getByLabel('Customer reference').fill('cust-dash');
    await form.getByLabel('Name', { exact: true }).fill('ফারহানা আক্তার');
    await form.getByLabel('Email').fill('farhana@example.com');
    const line = (n: number) => page.getByTestId(`line-${n}`);
    await line(1).getByLabel('Line 1').fill('মাসিক সাবস্ক্রিপশন ফি');
    await line(1).getByLabel('Qty').fill('3');
    await line(1).getByLabel('Unit price').fill('1500.50');
    await line(1).getByLabel('Tax %').fill('7.5');
    await line(2).getByLabel('Line 2').fill('Setup');
    await line(2).getByLabel('Unit price').fill('abc');
    await form.getByLabel('Due date').fill('2031-01-31');
    await form.getByLabel('Installments').fill('3');

    // A price that is not an amount comes back with the form as typed and the line named, in taka.
    await page.getByTestId('create-and-issue').click();
    await page.getByText(/^Check the form: Line 2 unit price: not an amount/).waitFor();
    expect(await line(1).getByLabel('Line 1').inputValue()).toBe('মাসিক সাবস্ক্রিপশন ফি');
    expect(await line(2).getByLabel('Unit price').inputValue()).toBe('abc');
    expect(await page.getByText('unitAmountMinor').count()).toBe(0);
    // More decimals than taka has: refused, never rounded.
    await line(2).getByLabel('Unit price').fill('500.005');
    await page.getByTestId('create-and-issue').click();
    await page.getByText('Check the form: Line 2 unit price: BDT has 2 decimals at most').waitFor();
    expect(await line(2).getByLabel('Unit price').inputValue()).toBe('500.005');
    await line(2).getByLabel('Unit price').fill('500');
    await page.getByTestId('create-and-issue').click();
    await page.getByText(/^Invoice TEST-INV-\d{4}-\d{6} issued$/).waitFor();

    // 3 × 1,500.50 = 4,501.50, 7.5 % tax = 337.6125 → 337.61; plus 500.00: 5,339.11.
    expect(await page.getByTestId('invoice-total').innerText()).toBe('5,339.11 BDT');
    expect(await page.getByTestId('invoice-installments').locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('invoice-lines').innerText()).toContain('মাসিক সাবস্ক্রিপশন ফি');
    expect(await page.getByTestId('invoice-timeline').innerText()).toContain('invoice.issued');
    const temporalLink = await page.getByTestId('temporal-link').getAttribute('href');
    expect(temporalLink).toContain(encodeURIComponent(`invoice-${app.app.id}-TEST-INV-`));
    const payable = await page.getByTestId('payable-link').getAttribute('href');
    const detailUrl = page.url();

    await page.goto(`${stack.apiUrl}/admin/invoices?appId=${app.app.id}&mode=TEST`);
    const number = (await page.getByTestId('invoice-table').locator('tbody tr a').first().innerText()).trim();
    expect(number).toMatch(/^TEST-INV-/);

    await page.goto(payable!);
    expect(await page.getByTestId('invoice-number').innerText()).toBe(number);

    // The sign-in's password is older than the step-up window now: voiding asks for it again.
    aheadMs = 6 * 60_000;
    await page.goto(detailUrl);
    await page.getByTestId('void-form').getByLabel('Reason').fill('issued by mistake');
    await page.getByTestId('void').click();
    await page.getByTestId('step-up').waitFor();
    await page.getByLabel('Password').fill(finance.password);
    await page.getByTestId('step-up-confirm').click();
    await page.getByText(`Invoice ${number} voided`).waitFor();
    expect(await page.locator('h1').innerText()).toContain('VOID');
    expect(await page.getByTestId('void-form').count()).toBe(0);
    await page.screenshot({ path: '/tmp/admin-invoice.png', fullPage: true });
    // The refused form (400) and the step-up page (403) are answers the test asked for.
    expect(session.problems.filter((problem) => !/status of (400|403)/.test(problem))).toEqual([]);
  }, 90_000);
});
