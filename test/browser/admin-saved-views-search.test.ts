import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { EXPECTED_STATUS_ERRORS, signInThroughPage } from '../helpers/oversight-browser.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * Saved views and the search box in headless Chromium: one operator filters the payments and saves
 * the view from the strip, another opens it from their own strip; the search box in the top bar
 * finds a customer's payments by phone (shown masked) and opens a payment by its reference. Both
 * fit a phone screen.
 */
describe('saved views and search in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({ worker: false });
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  const signedIn = async (role: 'FINANCE' | 'VIEWER', path: string) => {
    const operator = await stack.createOperator(role);
    const session = await openPage(browser);
    sessions.push(session);
    await signInThroughPage(session.page, stack.apiUrl, operator, path);
    return session;
  };
  const sideways = (session: BrowserSession) =>
    session.page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

  it('saves a list’s filters from its strip and another operator opens them from theirs', async () => {
    const app = await stack.registerApp();
    await stack.createPayment(app.test, { customerReference: 'cust_saved', amountMinor: 25000 });
    const finance = await signedIn('FINANCE', '/admin/payments');
    const { page } = finance;
    await page.locator('input[name="customerReference"]').fill('cust_saved');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('customerReference') === 'cust_saved');
    await page.getByTestId('save-view-name').fill('Saved customer');
    await page.getByTestId('save-view').click();
    await page.getByRole('status').getByText('Saved the view “Saved customer”').waitFor();
    expect(await page.getByTestId('saved-view').getByRole('link').getAttribute('aria-current')).toBe('true');

    const viewer = await signedIn('VIEWER', '/admin/payments');
    await viewer.page.getByTestId('saved-view').getByRole('link', { name: 'Saved customer' }).click();
    await viewer.page.waitForURL((url) => url.searchParams.get('customerReference') === 'cust_saved');
    expect(await viewer.page.getByTestId('total').innerText()).toBe('1 payment(s) in TEST');
    expect(await viewer.page.getByTestId('saved-view-delete').count()).toBe(0);

    await viewer.page.setViewportSize({ width: 375, height: 740 });
    expect(await sideways(viewer)).toBeLessThanOrEqual(0);
    await viewer.page.setViewportSize({ width: 1280, height: 800 });
    await viewer.page.screenshot({ path: '/tmp/admin-saved-views-1280.png' });
    expect(finance.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
    expect(viewer.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
  });

  it('finds a customer’s payments by phone from the top bar, masked, and opens one by its reference', async () => {
    const app = await stack.registerApp();
    const first = await stack.createPayment(app.test, {
      customerPhone: '+8801712345699',
      orderId: 'ORD-B-1',
    });
    await stack.createPayment(app.test, { customerPhone: '01712345699', orderId: 'ORD-B-2' });
    const session = await signedIn('VIEWER', '/admin/refunds');
    const { page } = session;
    await page.getByTestId('search-box').fill('8801712345699');
    await page.getByTestId('search-box').press('Enter');
    await page.waitForURL((url) => url.pathname === '/admin/search');
    const hits = page.getByTestId('search-hit');
    expect(await hits.count()).toBe(2);
    expect(await page.getByTestId('masked-phone').allInnerTexts()).toEqual(['01*******99', '01*******99']);
    expect(await page.locator('main').innerText()).not.toContain('712345699');

    await page.setViewportSize({ width: 375, height: 740 });
    expect(await sideways(session)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/admin-search-1280.png' });

    await page.getByTestId('search-box').fill(first.reference);
    await page.getByTestId('search-box').press('Enter');
    await page.waitForURL((url) => url.pathname === `/admin/payments/${first.reference}`);
    expect(session.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
  });
});
