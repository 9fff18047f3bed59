import type { Browser, Page } from 'playwright-core';
import { createPaymentBody } from '../../api/payments/payment-schemas.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { HANG_GUARD_MS } from '../helpers/patience.js';

/**
 * The reference as an app developer meets it, in headless Chromium: /docs/api opens on the app
 * operations grouped by resource (Payments first) with no operator operation on the page; POST
 * /payments shows its realistic example, and "Try it out" with the reader's TEST key sends that
 * example and gets 201; the operators' reference is a page of its own; the guides have a search
 * and copy buttons.
 */
describe('the API reference in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
  });
  afterEach(async () => {
    expect(session?.problems ?? []).toEqual([]);
    await session?.close();
    session = undefined;
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await stack?.close();
  });

  /** The groups in the order the page shows them, by Swagger UI's data-tag. */
  const tagNames = async (page: Page) => {
    await page.locator('.opblock-tag').first().waitFor({ timeout: HANG_GUARD_MS });
    return page
      .locator('.opblock-tag')
      .evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-tag')));
  };
  const operationPaths = async (page: Page) =>
    (
      await page
        .locator('.opblock-summary-path')
        .evaluateAll((paths) => paths.map((path) => path.getAttribute('data-path') ?? ''))
    ).filter(Boolean);

  it('opens on the app operations by resource, and runs the POST /payments example with a TEST key', async () => {
    const app = await stack.registerApp();
    session = await openPage(browser);
    const { page } = session;

    await page.goto(`${stack.apiUrl}/docs/api`);
    const tags = await tagNames(page);
    expect(tags.slice(0, 6)).toEqual([
      'Payments',
      'Refunds',
      'Payouts',
      'Invoices',
      'Events',
      'Webhook endpoints',
    ]);
    expect(tags).not.toContain('admin');
    const paths = await operationPaths(page);
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((path) => path.startsWith('/admin'))).toEqual([]);

    // The example the document declares, shown as the request body: no body made from the patterns.
    const operation = page.locator('.opblock[id$="-createPayment"]');
    await operation.locator('.opblock-summary').first().click();
    const example = operation.locator('.opblock-section-request-body .microlight').first();
    await example.waitFor();
    const shown = JSON.parse(await example.innerText());
    expect(shown).toMatchObject({
      amountMinor: 125000,
      currency: 'BDT',
      customerReference: 'customer-58213',
    });
    expect(createPaymentBody.safeParse(shown).success).toBe(true);

    // The TEST key and secret in one step, above the reference; Authorize then shows both applied.
    const credentials = page.getByTestId('docs-credentials');
    await credentials.getByLabel('Your TEST key').fill(app.test.key);
    await credentials.getByLabel('Secret').fill(app.test.secret);
    await credentials.getByRole('button', { name: 'Use for Try it out' }).click();
    await credentials.getByRole('status').filter({ hasText: 'now carry this key and secret' }).waitFor();
    await page.locator('.auth-wrapper .authorize').click();
    const dialog = page.locator('.dialog-ux');
    expect(await dialog.getByRole('button', { name: 'Remove authorization' }).count()).toBe(2);
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    await operation.getByRole('button', { name: 'Try it out' }).click();
    expect(await operation.locator('textarea.body-param__text').inputValue()).toContain('customer-58213');
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor({ timeout: HANG_GUARD_MS });
    expect((await status.innerText()).trim()).toBe('201');
    const answer = JSON.parse(
      await operation.locator('.live-responses-table tbody .microlight').first().innerText(),
    );
    expect(answer.data).toMatchObject({ customerReference: 'customer-58213', mode: 'TEST' });
  }, 120_000);

  it('has the operators’ reference on a page of its own', async () => {
    session = await openPage(browser);
    const { page } = session;
    await page.goto(`${stack.apiUrl}/docs/api`);
    await page.getByTestId('docs-operator-reference-link').click();
    await page.waitForURL((url) => url.pathname === '/docs/api/operators');
    expect((await tagNames(page))[0]).toBe('admin');
    // A list this long is virtual: operations are rendered as the reader scrolls to them, so the
    // page's own state says which it lists, and the first of them are on the page.
    expect((await operationPaths(page)).length).toBeGreaterThan(0);
    const paths = await page.evaluate<string[]>(
      `Object.values(window.ui.specSelectors.taggedOperations().toJS()).flatMap((tag) => tag.operations.map((op) => op.path))`,
    );
    expect(paths.length).toBeGreaterThan(50);
    expect(paths).toEqual(expect.arrayContaining(['/admin/approvals', '/admin/key-requests/{id}/approve']));
    // The dashboard's API, the gateways' callbacks and the probes an orchestrator reads.
    const operatorPrefixes = ['/admin', '/gateways', '/health'];
    expect(paths.filter((path) => !operatorPrefixes.some((prefix) => path.startsWith(prefix)))).toEqual([]);
  }, 60_000);

  it('searches the guides as the reader types, and puts a copy button on each code block', async () => {
    session = await openPage(browser);
    const { page } = session;
    await page.goto(`${stack.apiUrl}/docs/introduction`);
    await page.locator('#docs-search').fill('idempotency key');
    const results = page.locator('#docs-search-results a');
    await results.first().waitFor();
    expect(await results.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/docs\/idempotency/)]),
    );
    await results.filter({ hasText: 'Idempotency' }).first().click();
    await page.waitForURL((url) => url.pathname === '/docs/idempotency');

    await page.goto(`${stack.apiUrl}/docs/accept-a-payment`);
    const copy = page.locator('[data-testid="docs-guide"] pre .copy-code').first();
    await copy.waitFor();
    await copy.click();
    // Copied, or the hint to copy by hand where headless Chromium keeps the clipboard closed.
    await page
      .locator('[data-testid="docs-guide"] pre .copy-code', { hasText: /^(Copied|Press Ctrl\+C)$/ })
      .first()
      .waitFor();
  }, 60_000);
});
