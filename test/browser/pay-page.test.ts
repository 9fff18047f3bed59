import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../helpers/stack.js';
import { HANG_GUARD_MS } from '../helpers/patience.js';

/**
 * An invoice paid from its payable link, clicked through in headless Chromium: the branded pay
 * page, the hosted checkout, the SSLCOMMERZ simulator, the way back, and the page showing the
 * next installment and finally the invoice paid in full.
 */

const SCREENSHOT_PATH = '/tmp/invoice-pay-page.png';
const BRAND = '#7c3aed';

describe('an invoice paid from its payable link in a real browser', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let browser: Browser;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await receiver?.close();
    await stack?.close();
  });

  /** Pay page → Pay → hosted checkout → Pay → gateway → VALID → back to the checkout, SUCCEEDED. */
  async function payDueNow(page: Page, payableUrl: string, amount: string): Promise<void> {
    await page.goto(payableUrl);
    await page.getByTestId('pay').click();
    await page.waitForURL((url) => url.pathname.startsWith('/checkout/pay_'));
    expect(await page.getByTestId('amount').innerText()).toBe(amount);
    await page.getByTestId('pay').click();
    await page.waitForURL((url) => url.href.startsWith(stack.simulatorUrl));
    await page.locator('button[data-outcome="VALID"]').click();
    await page.waitForURL((url) => url.pathname.startsWith('/checkout/') && url.search === '?returned=1');
    await page.locator('[data-testid="status"][data-status="SUCCEEDED"]').waitFor({ timeout: HANG_GUARD_MS });
    // The checkout's way back leads to the pay page the payment came from.
    await page.getByTestId('return-link').click();
    await page.waitForURL((url) => url.pathname === new URL(payableUrl).pathname);
  }

  const invoiceEvents = (reference: string) =>
    receiver.received
      .map((delivery) => JSON.parse(delivery.body) as { type: string; data: { reference: string } })
      .filter((event) => event.type.startsWith('invoice.') && event.data.reference === reference)
      .map((event) => event.type);

  it('shows the branded invoice, pays both installments through the checkout, and ends PAID', async () => {
    const app = await stack.registerApp();
    await stack.em().execute('update apps set brand_color = ? where id = ?', [BRAND, app.app.id]);
    await stack.setWebhook(app.app.id, receiver.url);
    const created = await stack.api('POST', '/api/v1/invoices', {
      creds: app.test,
      body: {
        customer: { customerReference: 'cust-browser', name: 'সাবরিনা ইসলাম', email: 'sabrina@example.com' },
        lines: [
          { description: 'মাসিক সাবস্ক্রিপশন ফি', quantity: 2, unitAmountMinor: 25000 },
          { description: 'Setup', quantity: 1, unitAmountMinor: 10000 },
        ],
        dueDate: '2030-05-31',
        installmentPlan: { count: 2, interval: 'MONTH' },
      },
    });
    const reference = created.body.data.reference as string;
    const issued = await stack.api('POST', `/api/v1/invoices/${reference}/issue`, { creds: app.test });
    const { payableUrl, number } = issued.body.data as { payableUrl: string; number: string };

    session = await openPage(browser);
    const { page } = session;
    await page.goto(payableUrl);
    expect(await page.getByTestId('merchant').innerText()).toBe(app.app.displayName);
    expect(await page.getByTestId('invoice-number').innerText()).toBe(number);
    expect(await page.getByTestId('status').innerText()).toBe('OPEN');
    expect(await page.getByTestId('lines').innerText()).toContain('মাসিক সাবস্ক্রিপশন ফি');
    expect(await page.getByTestId('total').innerText()).toBe('600.00 BDT');
    expect(await page.getByTestId('due-now').innerText()).toContain('installment 1 of 2');
    // Runs in the page, where the DOM's getComputedStyle exists (this project compiles without the DOM library).
    const buttonColour = await page
      .getByTestId('pay')
      .evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(el).backgroundColor,
      );
    expect(buttonColour).toBe('rgb(124, 58, 237)');
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });

    await payDueNow(page, payableUrl, '300.00 BDT');
    expect(await page.getByTestId('status').innerText()).toBe('PARTIALLY PAID');
    expect(await page.getByTestId('paid').innerText()).toBe('300.00 BDT');
    expect(await page.getByTestId('installment-1').innerText()).toContain('Paid');
    expect(await page.getByTestId('due-now').innerText()).toContain('installment 2 of 2');

    await payDueNow(page, payableUrl, '300.00 BDT');
    expect(await page.getByTestId('status').innerText()).toBe('PAID');
    expect(await page.getByTestId('headline').innerText()).toContain('Paid in full');
    expect(await page.getByTestId('pay').count()).toBe(0);
    expect(await page.getByTestId('outstanding').innerText()).toBe('0.00 BDT');

    await eventually(
      async () => invoiceEvents(reference).includes('invoice.paid'),
      30_000,
      'the invoice.paid webhook',
    );
    expect(invoiceEvents(reference)).toEqual(['invoice.issued', 'invoice.partially_paid', 'invoice.paid']);
    expect(session.problems).toEqual([]);
  }, 120_000);

  it('keeps every line’s Amount and the Total on screen on a 390 px phone', async () => {
    const app = await stack.registerApp();
    // The widest table the page draws: lines with a discount and tax add both columns.
    const created = await stack.api('POST', '/api/v1/invoices', {
      creds: app.test,
      body: {
        customer: { customerReference: 'cust-phone', name: 'Phone customer' },
        lines: [
          {
            description: 'Annual support for the accounting system, premium tier',
            quantity: 12,
            unitAmountMinor: 1_234_567,
            taxRateBasisPoints: 1500,
            discount: { type: 'PERCENT', basisPoints: 1000 },
          },
          { description: 'Setup', quantity: 1, unitAmountMinor: 10000 },
        ],
        dueDate: '2030-05-31',
      },
    });
    const reference = created.body.data.reference as string;
    const issued = await stack.api('POST', `/api/v1/invoices/${reference}/issue`, { creds: app.test });
    const phone = await openPage(browser);
    try {
      await phone.page.setViewportSize({ width: 390, height: 844 });
      await phone.page.goto(issued.body.data.payableUrl as string);
      const onScreen = async (selector: string) => {
        const boxes = await phone.page
          .locator(selector)
          .evaluateAll((els) =>
            els.map((el) =>
              (
                el as unknown as { getBoundingClientRect(): { left: number; right: number } }
              ).getBoundingClientRect(),
            ),
          );
        expect(boxes.length).toBeGreaterThan(0);
        for (const box of boxes) {
          expect(box.left).toBeGreaterThanOrEqual(0);
          expect(box.right).toBeLessThanOrEqual(390);
        }
      };
      await onScreen('[data-testid="line"] td[data-label="Amount"]');
      await onScreen('[data-testid="total"]');
      // Nothing scrolls sideways: the page is as wide as the phone.
      const scrollWidth = await phone.page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      );
      expect(scrollWidth).toBeLessThanOrEqual(390);
      await phone.page.screenshot({ path: '/tmp/invoice-pay-page-390.png', fullPage: true });
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 60_000);
});
