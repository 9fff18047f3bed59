import type { Browser, Locator, Page } from 'playwright-core';
import { RETURN_AFTER_SECONDS } from '../../api/payments/checkout-page.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { enableGateways, startReturnServer, type ReturnServer } from '../helpers/picker.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { HANG_GUARD_MS } from '../helpers/patience.js';

/**
 * The gateway picker of the hosted checkout in headless Chromium: an app with SSLCOMMERZ, bKash
 * and Nagad creates a payment without naming a gateway; the customer chooses on our page (by
 * keyboard alone, or with the mouse), pays on that gateway's simulator page, comes back, sees the
 * outcome, and is sent on to the merchant's returnUrl by itself.
 */

const SCREENSHOT_PATH = '/tmp/checkout-picker.png';
const NAMES = { sslcommerz: 'Card or bank (SSLCOMMERZ)', bkash: 'bKash', nagad: 'Nagad' } as const;

type App = Awaited<ReturnType<Stack['registerApp']>>;

describe('gateway picker on the hosted checkout in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let merchant: ReturnServer;
  let app: App;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    // The browser first: if Chromium is missing, every test fails with that message.
    browser = await launchBrowser();
    stack = await startStack();
    merchant = await startReturnServer();
    app = await stack.registerApp();
    await enableGateways(stack, app.app.id, ['bkash', 'nagad']);
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await merchant?.close();
    await stack?.close();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
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

  /** A 100.00 BDT payment without `gateway`: every one of the app's gateways takes it. */
  async function createPayment() {
    const created = await stack.createPayment(app.test, {
      amountMinor: 10000,
      currency: 'BDT',
      productName: 'Pro plan',
      returnUrl: merchant.returnUrl,
    });
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      status: 'CREATED',
      gateway: null,
    });
    return created;
  }

  /** Opens the checkout and checks the picker is there, named and labelled for assistive tech. */
  async function openPicker(
    page: Page,
    payment: { reference: string; checkoutUrl: string },
  ): Promise<Record<keyof typeof NAMES, Locator>> {
    await page.goto(payment.checkoutUrl);
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('CREATED');
    // Server-rendered: the picker is there on load or not at all. Without it, say what the
    // checkout believes the payment is bound to (a string "null" is db/payments/payments.ts reading SQL NULL).
    const shown = await stack.api('GET', `/api/v1/checkout/${payment.reference}`);
    expect({
      picker: await page.getByTestId('picker').count(),
      gateway: shown.body.data.gateway,
      choices: shown.body.data.choices.map((c: { name: string }) => c.name),
    }).toEqual({ picker: 1, gateway: null, choices: ['sslcommerz', 'bkash', 'nagad'] });
    // A group named by its legend, and one radio per gateway, each named by its label.
    const group = page.getByRole('group', { name: 'Choose how to pay' });
    expect(await group.count()).toBe(1);
    expect(await group.locator('legend').innerText()).toBe('Choose how to pay');
    expect(await group.getByRole('radio').count()).toBe(3);
    const radios = {
      sslcommerz: group.getByRole('radio', { name: NAMES.sslcommerz, exact: true }),
      bkash: group.getByRole('radio', { name: NAMES.bkash, exact: true }),
      nagad: group.getByRole('radio', { name: NAMES.nagad, exact: true }),
    };
    for (const [name, radio] of Object.entries(radios)) {
      expect({ name, count: await radio.count() }).toEqual({ name, count: 1 });
      expect(await radio.isChecked()).toBe(false);
    }
    expect(await page.getByRole('radio', { name: /bKash/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Pay 100.00 BDT' }).count()).toBe(1);
    return radios;
  }

  /** What has keyboard focus: a radio's value, the Pay button, or something else. */
  function focused(page: Page): Promise<string> {
    // Runs in the page (this project compiles without the DOM library, hence the shape given here).
    return page.evaluate(() => {
      interface Focusable {
        tagName: string;
        type?: string;
        value?: string;
        getAttribute(name: string): string | null;
      }
      const { document } = globalThis as unknown as {
        document: { activeElement: Focusable | null; body: Focusable };
      };
      const active = document.activeElement;
      if (!active || active === document.body) return 'body';
      if (active.tagName === 'INPUT' && active.type === 'radio') return `radio:${active.value}`;
      const testId = active.getAttribute('data-testid');
      return testId ? `testid:${testId}` : active.tagName.toLowerCase();
    });
  }

  /** Presses `key` until focus is on `target` (at most `max` times); returns the keys pressed. */
  async function pressUntil(page: Page, key: string, target: string, max = 8): Promise<string[]> {
    const pressed: string[] = [];
    const path: string[] = [await focused(page)];
    while (path.at(-1) !== target) {
      if (pressed.length >= max) {
        throw new Error(`${key} never reached ${target}; focus went ${path.join(' -> ')}`);
      }
      await page.keyboard.press(key);
      pressed.push(key);
      path.push(await focused(page));
    }
    return pressed;
  }

  /**
   * After the gateway's page: our page while it confirms, then the outcome, then (by itself,
   * after RETURN_AFTER_SECONDS) the merchant's returnUrl carrying the reference and status.
   */
  async function expectBackAtMerchant(page: Page, reference: string): Promise<void> {
    const hitsBefore = merchant.hits.length;
    const status = page.locator('[data-testid="status"][data-status="SUCCEEDED"]');
    try {
      await status.waitFor({ timeout: HANG_GUARD_MS });
    } catch (error) {
      const body = await page
        .locator('body')
        .innerText({ timeout: 1_000 })
        .catch(() => '(no body)');
      throw new Error(
        `checkout never showed SUCCEEDED; at ${page.url()}:\n${body}\n${(error as Error).message}`,
      );
    }
    const succeededAt = Date.now();
    expect(page.url().startsWith(`${stack.apiUrl}/checkout/${reference}`)).toBe(true);
    expect(await page.getByTestId('return-notice').innerText()).toContain(
      `in ${RETURN_AFTER_SECONDS} seconds`,
    );

    await page.waitForURL((url) => url.href.startsWith(merchant.returnUrl), {
      timeout: (RETURN_AFTER_SECONDS + 5) * 1000,
    });
    // The outcome stays on screen for about RETURN_AFTER_SECONDS before the page leaves by itself.
    const waited = Date.now() - succeededAt;
    expect(waited).toBeGreaterThanOrEqual((RETURN_AFTER_SECONDS - 2) * 1000);
    expect(waited).toBeLessThanOrEqual((RETURN_AFTER_SECONDS + 5) * 1000);
    await page.getByTestId('merchant-return').waitFor();
    const landed = new URL(page.url());
    expect(Object.fromEntries(landed.searchParams)).toEqual({ reference, status: 'SUCCEEDED' });

    const hits = merchant.hits.slice(hitsBefore);
    expect(hits.map((h) => ({ method: h.method, path: h.path, query: Object.fromEntries(h.query) }))).toEqual(
      [{ method: 'GET', path: '/shop/return', query: { reference, status: 'SUCCEEDED' } }],
    );
  }

  function expectNoPageProblems(): void {
    expect(session?.problems).toEqual([]);
  }

  it('keyboard only: Tab to bKash, arrows and Space to choose, Enter to pay; back at the merchant after SUCCEEDED', async () => {
    const payment = await createPayment();
    const { page, navigations } = await newPage();
    const radios = await openPicker(page, payment);
    await page.getByTestId('picker').screenshot({ path: SCREENSHOT_PATH });

    // Tab into the radio group (lands on its first radio), arrow to bKash, Space to be sure.
    await pressUntil(page, 'Tab', 'radio:sslcommerz');
    await pressUntil(page, 'ArrowDown', 'radio:bkash', 3);
    await page.keyboard.press('Space');
    expect(await radios.bkash.isChecked()).toBe(true);
    expect(await radios.sslcommerz.isChecked()).toBe(false);
    expect(await radios.nagad.isChecked()).toBe(false);
    expect(await focused(page)).toBe('radio:bkash');

    // Tab leaves the group for Pay; Enter presses it.
    await pressUntil(page, 'Tab', 'testid:pay', 3);
    await page.keyboard.press('Enter');

    await page.waitForURL((url) => url.href.startsWith(`${stack.gatewaySimulators.url}/bkash`));
    expect(await page.locator('h1').innerText()).toContain('bKash checkout (simulator)');
    expect(navigations).toContain(`POST ${stack.apiUrl}/checkout/${payment.reference}/pay`);
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      gateway: 'bkash',
      status: 'PENDING',
    });

    await page.locator('button[data-choice="success"]').click();
    await expectBackAtMerchant(page, payment.reference);
    expect(
      navigations.some((n) => n.startsWith(`GET ${stack.apiUrl}/checkout/${payment.reference}/return?`)),
    ).toBe(true);
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      gateway: 'bkash',
      status: 'SUCCEEDED',
    });
    expectNoPageProblems();
  });

  it('mouse: click Nagad, then Pay; back at the merchant after SUCCEEDED', async () => {
    const payment = await createPayment();
    const { page, navigations } = await newPage();
    const radios = await openPicker(page, payment);

    // The label is the click target, as a customer clicks the name or the logo.
    await page.getByTestId('choice-nagad').click();
    expect(await radios.nagad.isChecked()).toBe(true);
    expect(await radios.bkash.isChecked()).toBe(false);
    await page.getByTestId('pay').click();

    await page.waitForURL((url) => url.href.startsWith(`${stack.gatewaySimulators.url}/nagad`));
    expect(await page.locator('h1').innerText()).toContain('Nagad checkout (simulator)');
    expect(await page.locator('dl').innerText()).toContain('100.00 BDT');
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      gateway: 'nagad',
      status: 'PENDING',
    });

    await page.locator('button[value="Success"]').click();
    await expectBackAtMerchant(page, payment.reference);
    expect(
      navigations.some((n) => n.startsWith(`GET ${stack.apiUrl}/checkout/${payment.reference}/return?`)),
    ).toBe(true);
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      gateway: 'nagad',
      status: 'SUCCEEDED',
    });
    expectNoPageProblems();
  });

  it('Pay with nothing chosen stays on the page (the radios are required) and binds nothing', async () => {
    const payment = await createPayment();
    const { page, navigations } = await newPage();
    const radios = await openPicker(page, payment);

    await page.getByTestId('pay').click();
    // The browser's own validation keeps the form: no POST, focus on the first radio.
    await page.waitForTimeout(300);
    expect(navigations.filter((n) => n.startsWith('POST'))).toEqual([]);
    expect(page.url()).toBe(payment.checkoutUrl);
    expect(
      await radios.sslcommerz.evaluate(
        (el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing,
      ),
    ).toBe(true);
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      gateway: null,
      status: 'CREATED',
    });
    expectNoPageProblems();
  });
});
