import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../helpers/stack.js';
import { HANG_GUARD_MS, noteSlowWait } from '../helpers/patience.js';

/**
 * The hosted checkout, clicked through in headless Chromium: our page, the SSLCOMMERZ simulator's
 * page, the gateway's auto-submitted return to us, and the page refreshing itself until the outcome.
 */

const RETURN_URL = 'https://merchant.example/return';
const CANCEL_URL = 'https://merchant.example/cancelled';
const SCREENSHOT_PATH = '/tmp/checkout-succeeded.png';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
type App = Awaited<ReturnType<Stack['registerApp']>>;

describe('hosted checkout in a real browser', () => {
  let stack: Stack;
  let receiver: Receiver;
  let browser: Browser;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    // The browser first: if Chromium is missing, every test fails with that message.
    browser = await launchBrowser();
    stack = await startStack();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await receiver?.close();
    await stack?.close();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await stack?.simulatorCall('DELETE', '/__simulator/faults');
  });

  /** A fresh page, plus a log of the main frame's navigations (method and URL). */
  async function newPage(): Promise<{ page: Page; navigations: string[] }> {
    session = await openPage(browser);
    const { page } = session;
    const navigations: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
        navigations.push(`${request.method()} ${request.url()}`);
      }
    });
    return { page, navigations };
  }

  async function appWithWebhook(): Promise<App> {
    const app = await stack.registerApp();
    await stack.setWebhook(app.app.id, receiver.url);
    return app;
  }

  async function createPayment(app: App, overrides: Record<string, unknown> = {}) {
    const payment = await stack.createPayment(app.test, {
      amountMinor: 10000,
      productName: 'Pro plan',
      returnUrl: RETURN_URL,
      ...overrides,
    });
    expect(payment.checkoutUrl).toBe(`${stack.apiUrl}/checkout/${payment.reference}`);
    return payment;
  }

  /**
   * Waits (across the page's own refreshes) until the checkout page shows `status`: within
   * `expectedMs` on a quiet machine, up to the hang guard on a loaded one (test/helpers/patience.ts).
   */
  async function waitForStatus(page: Page, status: string, expectedMs = 20_000): Promise<void> {
    const startedAt = Date.now();
    try {
      await page
        .locator(`[data-testid="status"][data-status="${status}"]`)
        .waitFor({ timeout: Math.max(expectedMs, HANG_GUARD_MS) });
      noteSlowWait(`the checkout page to show ${status}`, expectedMs, startedAt);
    } catch (error) {
      const shown = await page
        .getByTestId('status')
        .getAttribute('data-status', { timeout: 1_000 })
        .catch(() => '(no status element)');
      const body = await page
        .locator('body')
        .innerText({ timeout: 1_000 })
        .catch(() => '(no body)');
      throw new Error(
        `checkout page never showed ${status}; it shows ${shown} at ${page.url()}\n${body}\n${(error as Error).message}`,
      );
    }
  }

  /** Our page -> Pay -> the simulator's hosted page. */
  async function goToGateway(page: Page, reference: string): Promise<void> {
    await page.getByTestId('pay').click();
    await page.waitForURL((url) => url.href.startsWith(`${stack.simulatorUrl}/EasyCheckOut/testcde`));
    expect(await page.locator('h1').innerText()).toContain('SSLCOMMERZ');
    const details = await page.locator('dl').innerText();
    expect(details).toContain(reference);
    expect(details).toContain('100.00 BDT');
    expect(details).toContain('Pro plan');
  }

  /** Clicks one of the simulator's outcome buttons; the gateway posts the browser back to us. */
  async function chooseAtGateway(page: Page, reference: string, outcome: 'VALID' | 'FAILED' | 'CANCELLED') {
    await page.locator(`button[data-outcome="${outcome}"]`).click();
    await page.waitForURL(`${stack.apiUrl}/checkout/${reference}?returned=1`);
  }

  function eventsFor(
    reference: string,
  ): Array<{ type: string; data: { reference: string; status: string } }> {
    return receiver.received
      .map(
        (delivery) =>
          JSON.parse(delivery.body) as { type: string; data: { reference: string; status: string } },
      )
      .filter((event) => event.data?.reference === reference);
  }

  /** Waits for the app's webhook, then a moment longer to catch a duplicate. */
  async function expectOneWebhook(reference: string, type: string): Promise<void> {
    await eventually(
      async () => eventsFor(reference).some((e) => e.type === type),
      20_000,
      `${type} webhook`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eventsFor(reference).map((e) => e.type)).toEqual([type]);
  }

  async function returnLink(page: Page): Promise<URL> {
    const href = await page.getByTestId('return-link').getAttribute('href');
    expect(href).toBeTruthy();
    return new URL(href!);
  }

  /** No script errors, no failed loads (favicons aside), except those a test expects. */
  function expectNoPageProblems(allowed: RegExp[] = []): void {
    expect(session?.problems.filter((p) => !allowed.some((a) => a.test(p)))).toEqual([]);
  }

  it('happy path: pays at the gateway, comes back, and the page confirms SUCCEEDED', async () => {
    const app = await appWithWebhook();
    const payment = await createPayment(app);
    const { page, navigations } = await newPage();

    await page.goto(payment.checkoutUrl);
    expect(await page.getByTestId('merchant').innerText()).toBe(app.app.displayName);
    expect(await page.getByTestId('product').innerText()).toBe('Pro plan');
    expect(await page.getByTestId('amount').innerText()).toBe('100.00 BDT');
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('CREATED');
    // The customer reads the state in words, never the API's name for it, and sees a TEST payment
    // moves no money.
    expect(await page.getByTestId('status').innerText()).toBe('Not paid yet');
    expect(await page.locator('body').innerText()).not.toContain('CREATED');
    expect(await page.getByTestId('test-mode').innerText()).toBe('Test mode: no real money moves.');
    expect(await page.title()).toBe(`${app.app.displayName}: 100.00 BDT`);

    await goToGateway(page, payment.reference);
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'PENDING' });
    await chooseAtGateway(page, payment.reference, 'VALID');
    await waitForStatus(page, 'SUCCEEDED');
    expect(await page.getByTestId('status').innerText()).toBe('Paid');

    // The simulator's self-submitting form POSTed the browser to our return route.
    expect(navigations).toContain(`POST ${stack.apiUrl}/checkout/${payment.reference}/return`);
    expect(await page.getByTestId('pay').count()).toBe(0);
    expect(await page.getByTestId('confirming').count()).toBe(0);

    const link = await returnLink(page);
    expect(`${link.origin}${link.pathname}`).toBe(RETURN_URL);
    expect(link.searchParams.get('reference')).toBe(payment.reference);
    expect(link.searchParams.get('status')).toBe('SUCCEEDED');

    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'SUCCEEDED' });
    await expectOneWebhook(payment.reference, 'payment.succeeded');
    expectNoPageProblems();

    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  });

  it('revisiting a paid checkout shows SUCCEEDED and offers no way to pay again', async () => {
    const app = await appWithWebhook();
    const payment = await createPayment(app);
    const { page, navigations } = await newPage();

    // A tab opened before paying keeps its stale Pay button...
    await page.goto(payment.checkoutUrl);
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('CREATED');

    // ...while the customer pays elsewhere (another tab).
    await stack.openCheckout(payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');
    await eventually(
      async () => (await stack.readPayment(app.test, payment.reference)).status === 'SUCCEEDED',
      20_000,
      'SUCCEEDED',
    );

    // The stale Pay button leads back to our page, not to the gateway.
    await page.getByTestId('pay').click();
    await page.waitForURL(payment.checkoutUrl);
    await waitForStatus(page, 'SUCCEEDED', 5_000);
    expect(navigations.some((n) => n.includes(stack.simulatorUrl))).toBe(false);

    // A plain revisit: SUCCEEDED, no Pay, no Cancel.
    await page.goto(payment.checkoutUrl);
    await waitForStatus(page, 'SUCCEEDED', 5_000);
    expect(await page.getByTestId('pay').count()).toBe(0);
    expect(await page.getByTestId('cancel').count()).toBe(0);
    expect((await returnLink(page)).searchParams.get('status')).toBe('SUCCEEDED');

    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'SUCCEEDED' });
    await expectOneWebhook(payment.reference, 'payment.succeeded');
    expectNoPageProblems();
  });

  it('the customer cancels on the gateway page: our page ends on CANCELLED', async () => {
    const app = await appWithWebhook();
    const payment = await createPayment(app, { cancelUrl: CANCEL_URL });
    const { page } = await newPage();

    await page.goto(payment.checkoutUrl);
    await goToGateway(page, payment.reference);
    await chooseAtGateway(page, payment.reference, 'CANCELLED');
    await waitForStatus(page, 'CANCELLED');

    expect(await page.getByTestId('pay').count()).toBe(0);
    const link = await returnLink(page);
    expect(`${link.origin}${link.pathname}`).toBe(CANCEL_URL);
    expect(link.searchParams.get('status')).toBe('CANCELLED');

    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'CANCELLED' });
    await expectOneWebhook(payment.reference, 'payment.cancelled');
    expectNoPageProblems();
  });

  it('the customer cancels on our page before paying: CANCELLED', async () => {
    const app = await appWithWebhook();
    const payment = await createPayment(app);
    const { page, navigations } = await newPage();

    await page.goto(payment.checkoutUrl);
    await page.getByTestId('cancel').click();
    await page.waitForURL(payment.checkoutUrl);
    await waitForStatus(page, 'CANCELLED', 10_000);

    expect(navigations.some((n) => n.includes(stack.simulatorUrl))).toBe(false);
    expect(await page.getByTestId('pay').count()).toBe(0);
    // No cancelUrl: the link goes to the returnUrl, saying CANCELLED.
    const link = await returnLink(page);
    expect(`${link.origin}${link.pathname}`).toBe(RETURN_URL);
    expect(link.searchParams.get('status')).toBe('CANCELLED');

    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'CANCELLED' });
    await expectOneWebhook(payment.reference, 'payment.cancelled');
    expectNoPageProblems();
  });

  it('a gateway session failure shows a clear error, keeps the payment CREATED, and Pay works once it clears', async () => {
    const app = await appWithWebhook();
    const payment = await createPayment(app);
    const reason = 'Store Credential Error Or Store is De-active';
    await stack.setFaults({ sessionFailure: reason }, payment.reference);
    const { page } = await newPage();

    await page.goto(payment.checkoutUrl);
    await page.getByTestId('pay').click();
    const error = page.getByTestId('error');
    await error.waitFor();
    const message = await error.innerText();
    expect(message).toContain('could not start this payment');
    expect(message).toContain(reason);
    expect(message).toContain('Nothing was charged');
    expect(page.url().startsWith(stack.simulatorUrl)).toBe(false);
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('CREATED');
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'CREATED' });

    // The gateway recovers; the same page's Pay button now works.
    await stack.simulatorCall('DELETE', '/__simulator/faults');
    await goToGateway(page, payment.reference);
    await chooseAtGateway(page, payment.reference, 'VALID');
    await waitForStatus(page, 'SUCCEEDED');
    expect(await page.getByTestId('error').count()).toBe(0);

    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'SUCCEEDED' });
    await expectOneWebhook(payment.reference, 'payment.succeeded');
    // The failed Pay answered 502 with the error page: that load is expected.
    expectNoPageProblems([/status of 502 .*\/checkout\/pay_\w+\/pay\]$/]);
  });

  it('the gateway "Fail" button ends on FAILED', async () => {
    const app = await appWithWebhook();
    const payment = await createPayment(app);
    const { page } = await newPage();

    await page.goto(payment.checkoutUrl);
    await goToGateway(page, payment.reference);
    await chooseAtGateway(page, payment.reference, 'FAILED');
    await waitForStatus(page, 'FAILED');

    expect(await page.getByTestId('pay').count()).toBe(0);
    expect((await returnLink(page)).searchParams.get('status')).toBe('FAILED');
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'FAILED' });
    await expectOneWebhook(payment.reference, 'payment.failed');
    expectNoPageProblems();
  });
});
