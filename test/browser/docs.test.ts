import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { HANG_GUARD_MS } from '../helpers/patience.js';

const run = promisify(execFile);

/**
 * A developer's first minutes, in headless Chromium: the guide's create-payment example, copied as
 * the page shows it, runs in a shell and creates a payment; the interactive reference, rendered
 * from the OpenAPI document by Swagger UI served from our own origin, marks `amountMinor` required
 * for POST /payments.
 */
describe('the docs site in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  it('runs the copied curl to 201, and the reference shows amountMinor required', async () => {
    const app = await stack.registerApp();
    session = await openPage(browser);
    const { page } = session;
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));

    await page.goto(`${stack.apiUrl}/docs`);
    await page
      .getByRole('navigation', { name: 'Guides' })
      .getByRole('link', { name: 'Accept a payment' })
      .click();
    await page.waitForURL((url) => url.pathname === '/docs/accept-a-payment');
    const copied = (await page.locator('pre code.language-sh').first().innerText()).trimEnd();
    expect(copied).toContain('POST "$OI_PAYMENTS_URL/api/v1/payments"');

    const { stdout } = await run('bash', ['-c', `${copied} -s -o /dev/null -w '%{http_code}'`], {
      env: {
        PATH: process.env.PATH,
        OI_PAYMENTS_URL: stack.apiUrl,
        OI_API_KEY: app.test.key,
        OI_API_SECRET: app.test.secret,
      },
    });
    expect(stdout).toBe('201');

    await page.getByTestId('docs-reference-link').click();
    await page.waitForURL((url) => url.pathname === '/docs/api');
    const operation = page.locator('.opblock[id$="-createPayment"]');
    await operation.waitFor({ timeout: HANG_GUARD_MS });
    await operation.locator('.opblock-summary').first().click();
    await operation.getByText('Schema', { exact: true }).first().click();
    // OpenAPI 3.1: Swagger UI draws the body as JSON Schema 2020-12, marking required properties.
    const property = (name: string) =>
      operation
        .locator('li.json-schema-2020-12-property')
        .filter({ has: page.locator('.json-schema-2020-12__title', { hasText: new RegExp(`^${name}$`) }) })
        .first();
    await property('amountMinor').waitFor();
    expect(await property('amountMinor').getAttribute('class')).toContain(
      'json-schema-2020-12-property--required',
    );
    expect(await property('customerEmail').getAttribute('class')).not.toContain('--required');
    expect(scriptErrors).toEqual([]);
  }, 120_000);
});
