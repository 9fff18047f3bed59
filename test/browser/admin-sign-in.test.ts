import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { EXPECTED_STATUS_ERRORS, navLabels, signInThroughPage } from '../helpers/oversight-browser.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** Signing in to and out of the dashboard, in headless Chromium. */
describe('dashboard sign-in in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({ worker: false });
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await stack?.close();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  const problems = () => session!.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p));

  it('signs in, lands on the page asked for, and signs out', async () => {
    const operator = await stack.createOperator('ADMIN');
    session = await openPage(browser);
    const { page, context } = session;

    await signInThroughPage(page, stack.apiUrl, operator, '/admin/audit');
    expect(await page.locator('h1').innerText()).toBe('Audit log');
    expect(await page.getByTestId('operator').innerText()).toBe(`${operator.email} · ADMIN`);
    // Twenty pages in six groups, each named for the task an operator comes with.
    expect(await page.locator('nav[aria-label="Main"] .nav-group').allInnerTexts()).toEqual([
      'TODAY',
      'MONEY IN',
      'PAYING OUT',
      'BOOKS',
      'INTEGRATIONS',
      'PEOPLE',
    ]);
    expect(await navLabels(page)).toEqual([
      'Overview',
      'Approvals',
      'Attention',
      'Payments',
      'Refunds',
      'Receipts',
      'Invoices',
      'Money out',
      'Payout batches',
      'Ledger',
      'Settlements',
      'Reconciliation',
      'Reports',
      'Apps',
      'Control changes',
      'Webhooks',
      'Requests',
      'Emails',
      'Gateway health',
      'Operators',
      'Audit log',
    ]);
    const cookie = (await context.cookies()).find((c) => c.name === 'oi_admin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.waitForURL(`${stack.apiUrl}/admin`);
    expect(await page.locator('h1').innerText()).toContain('Overview');

    await page.getByTestId('sign-out').click();
    await page.waitForURL((url) => url.pathname === '/admin/login');
    await page.goto(`${stack.apiUrl}/admin`);
    await page.waitForURL((url) => url.pathname === '/admin/login');
    expect(await page.getByTestId('sign-in').isVisible()).toBe(true);
    expect(problems()).toEqual([]);
  });

  it('a wrong password shows the error and keeps the email', async () => {
    const operator = await stack.createOperator('VIEWER');
    session = await openPage(browser);
    const { page } = session;

    await page.goto(`${stack.apiUrl}/admin/login`);
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByTestId('sign-in').click();
    await page.getByTestId('sign-in-error').waitFor();
    expect(await page.getByTestId('sign-in-error').innerText()).toBe('The email or password is not correct');
    expect(await page.getByLabel('Email').inputValue()).toBe(operator.email);
    expect(await page.getByLabel('Password').inputValue()).toBe('');

    // Still signed out: the dashboard sends the browser back to sign-in.
    await page.goto(`${stack.apiUrl}/admin`);
    await page.waitForURL((url) => url.pathname === '/admin/login');

    // And the right password still works.
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${stack.apiUrl}/admin`);
    expect(problems()).toEqual([]);
  });
});
