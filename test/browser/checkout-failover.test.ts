import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { enableGateways, startReturnServer, type ReturnServer } from '../helpers/picker.js';
import { startStack, startWebhookReceiver, type Stack } from '../helpers/stack.js';
import { HANG_GUARD_MS } from '../helpers/patience.js';

/**
 * Failover on the hosted checkout in headless Chromium: SSLCOMMERZ's session API is down; the
 * customer chooses SSLCOMMERZ, is told it could not start and is offered bKash and Nagad on the
 * same page, chooses bKash, pays on bKash's page and comes back. The app receives exactly one
 * `payment.succeeded`, naming bKash.
 */

const SCREENSHOT_PATH = '/tmp/checkout-failover.png';

type App = Awaited<ReturnType<Stack['registerApp']>>;

describe('failover on the hosted checkout in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let merchant: ReturnServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let webhookSecret: string;
  let app: App;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    // The browser first: if Chromium is missing, every test fails with that message.
    browser = await launchBrowser();
    stack = await startStack();
    merchant = await startReturnServer();
    receiver = await startWebhookReceiver();
    app = await stack.registerApp();
    await enableGateways(stack, app.app.id, ['bkash', 'nagad']);
    webhookSecret = (await stack.setWebhook(app.app.id, receiver.url)).secret;
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await stack?.setOutages({ session: null }).catch(() => undefined);
    await receiver?.close();
    await merchant?.close();
    await stack?.close();
  });

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

  it("SSLCOMMERZ's session API down: the customer picks bKash on the same checkout and pays; one payment.succeeded naming bKash", async () => {
    const payment = await stack.createPayment(app.test, {
      amountMinor: 10000,
      currency: 'BDT',
      productName: 'Pro plan',
      returnUrl: merchant.returnUrl,
    });
    await stack.setOutages({ session: { forMs: 3_600_000 } });
    const { page, navigations } = await newPage();

    await page.goto(payment.checkoutUrl);
    const group = page.getByRole('group', { name: 'Choose how to pay' });
    await group.getByRole('radio', { name: 'Card or bank (SSLCOMMERZ)', exact: true }).check();
    await page.getByTestId('pay').click();

    // Back on our own page, same checkout: the failure said plainly, the others offered.
    const error = page.getByTestId('error');
    await error.waitFor({ timeout: HANG_GUARD_MS });
    expect(page.url()).toBe(`${stack.apiUrl}/checkout/${payment.reference}/pay`);
    expect(await error.innerText()).toMatch(
      /^Card or bank \(SSLCOMMERZ\) could not start this payment \(.+\)\. Nothing was charged; choose another way to pay below, or try again\.$/,
    );
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('CREATED');
    const radios = group.getByRole('radio');
    expect(
      await radios.evaluateAll((els) => els.map((el) => (el as unknown as { value: string }).value)),
    ).toEqual(['bkash', 'nagad', 'sslcommerz']);
    // The failed one keeps its name; its note describes it.
    const failedRadio = group.getByRole('radio', { name: 'Card or bank (SSLCOMMERZ)', exact: true });
    expect(await failedRadio.getAttribute('aria-describedby')).toBe('choice-note-sslcommerz');
    expect(await page.getByTestId('choice-note-sslcommerz').innerText()).toBe('Could not start just now');
    await page.getByTestId('picker').screenshot({ path: SCREENSHOT_PATH });

    await group.getByRole('radio', { name: 'bKash', exact: true }).check();
    await page.getByTestId('pay').click();
    await page.waitForURL((url) => url.href.startsWith(`${stack.gatewaySimulators.url}/bkash`));
    expect(await page.locator('h1').innerText()).toContain('bKash checkout (simulator)');
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      gateway: 'bkash',
      status: 'PENDING',
    });

    await page.locator('button[data-choice="success"]').click();
    await page.locator('[data-testid="status"][data-status="SUCCEEDED"]').waitFor({ timeout: HANG_GUARD_MS });
    expect(
      navigations.some((n) => n.startsWith(`GET ${stack.apiUrl}/checkout/${payment.reference}/return?`)),
    ).toBe(true);
    // Two clicks of Pay on our page, both on the same checkout (the simulator's own form aside).
    expect(navigations.filter((n) => n.startsWith(`POST ${stack.apiUrl}/`))).toEqual([
      `POST ${stack.apiUrl}/checkout/${payment.reference}/pay`,
      `POST ${stack.apiUrl}/checkout/${payment.reference}/pay`,
    ]);

    const event = await receiver.verified(webhookSecret, 'payment.succeeded', payment.reference);
    expect(event.data).toMatchObject({ reference: payment.reference, status: 'SUCCEEDED', gateway: 'bkash' });
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      gateway: 'bkash',
      status: 'SUCCEEDED',
    });
    // Exactly one payment.succeeded, and nothing else about this payment.
    const aboutIt = receiver
      .allVerified(webhookSecret)
      .filter((e) => (e.data as { reference?: string }).reference === payment.reference);
    expect(aboutIt.map((e) => ({ type: e.type, gateway: e.data.gateway }))).toEqual([
      { type: 'payment.succeeded', gateway: 'bkash' },
    ]);
    // The one problem the browser saw is the page answering 502 for the gateway that failed.
    expect(session?.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `status of 502 \\(Bad Gateway\\) \\[${stack.apiUrl}/checkout/${payment.reference}/pay\\]$`,
        ),
      ),
    ]);
  });
});
