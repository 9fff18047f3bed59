import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { EXPECTED_STATUS_ERRORS, signInThroughPage } from '../helpers/oversight-browser.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';

/**
 * The request log in headless Chromium: an operator reaches an app's requests from its page,
 * filters them to the failures, and opens one to read its redacted bodies.
 */
describe('dashboard request log in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({ worker: false });
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  it("a VIEWER finds an app's failed request from its page and reads it, redacted", async () => {
    const app = await stack.registerApp();
    await stack.createPayment(app.test);
    const refused = await stack.api('POST', '/api/v1/payments', {
      creds: app.test,
      headers: { 'x-request-id': 'rl-browser-refused' },
      body: { amountMinor: 500, customerReference: 'cust_b', customerEmail: 'not-an-email' },
    });
    expect(refused.status).toBe(400);
    await eventually(
      async () =>
        (await stack.api('GET', '/api/v1/request-log/rl-browser-refused', { creds: app.test })).status ===
        200,
      10_000,
      'the refused request in the log',
    );

    const operator = await stack.createOperator('VIEWER');
    session = await openPage(browser);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, operator, `/admin/apps/${app.app.id}`);
    await page.getByTestId('app-request-log-link').click();
    await page.waitForURL((url) => url.pathname === '/admin/request-log');
    expect(await page.getByTestId('request-row').count()).toBe(2);

    await page.getByTestId('request-log-status').fill('4xx');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === '4xx');
    const rows = page.getByTestId('request-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-request-id')).toBe('rl-browser-refused');
    expect(await rows.first().innerText()).toContain('VALIDATION_ERROR');

    await rows.first().getByRole('link').click();
    await page.getByTestId('request-title').waitFor();
    expect(await page.getByTestId('request-id').innerText()).toBe('rl-browser-refused');
    const sent = await page.getByTestId('request-body').innerText();
    expect(sent).toContain('"customerReference": "cust_b"');
    expect(sent).toContain('"customerEmail": "[redacted]"');
    expect(sent).not.toContain('not-an-email');
    expect(await page.getByTestId('response-body').innerText()).toContain('VALIDATION_ERROR');
    expect(session.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
  });
});
