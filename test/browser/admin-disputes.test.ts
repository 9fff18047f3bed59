import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { startGatewayE2E, type GatewayE2E } from '../helpers/gateway-e2e.js';
import { eventually } from '../helpers/eventually.js';

/**
 * A disputed payment's page in headless Chromium: a Stripe payment, disputed and won through the
 * Stripe simulator's tester page, shows its dispute, the ledger entries that took the amount out
 * of the app's payable and brought it back, and the webhooks the app was sent.
 */
describe('a disputed payment in the dashboard', () => {
  let e2e: GatewayE2E;
  let browser: Browser;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    e2e = await startGatewayE2E('stripe', { payment: { currency: 'USD', amountMinor: 4200 } });
  });
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await e2e?.close();
  });

  it("a tester opens and closes a dispute on the simulator's page; finance sees it won on the payment's page", async () => {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'pay');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');

    session = await openPage(browser);
    const { page } = session;
    // The tester page's actions: open a dispute on the payment, then close it won.
    await page.goto(`${e2e.stack.gatewaySimulators.url}/stripe/`);
    const open = page.locator('form', { has: page.getByRole('button', { name: 'Open the dispute' }) });
    await open.getByLabel('PaymentIntent (pi_…) or client_reference_id').fill(payment.reference);
    await open.getByRole('button', { name: 'Open the dispute' }).click();
    const disputed = await eventually(
      async () =>
        ((await e2e.readPayment(payment.reference)).disputes as Array<Record<string, any>>)[0] ?? null,
      20_000,
      'dispute recorded',
    );
    await page.goto(`${e2e.stack.gatewaySimulators.url}/stripe/`);
    const close = page.locator('form', { has: page.getByRole('button', { name: 'Close the dispute' }) });
    await close.getByLabel('Dispute (du_…) or its PaymentIntent').fill(disputed.gatewayDisputeId);
    await close.getByLabel('Outcome').selectOption('won');
    await close.getByRole('button', { name: 'Close the dispute' }).click();
    await eventually(
      async () => (await e2e.readPayment(payment.reference)).disputes[0].status === 'WON',
      20_000,
      'dispute won',
    );
    await e2e.webhook('dispute.won', disputed.reference);

    const operator = await e2e.stack.createOperator('FINANCE');
    const next = `/admin/payments/${payment.reference}`;
    await page.goto(`${e2e.stack.apiUrl}/admin/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${e2e.stack.apiUrl}${next}`);

    const row = page.getByTestId('dispute');
    await expect(row.getAttribute('data-reference')).resolves.toBe(disputed.reference);
    await expect(row.getByTestId('status-badge').innerText()).resolves.toBe('WON');
    await expect(row.getByTestId('dispute-amount').innerText()).resolves.toMatch(/42\.00/);
    const ledger = await page.getByTestId('ledger').locator('tbody tr td:first-child').allInnerTexts();
    expect(ledger).toEqual(expect.arrayContaining(['CAPTURE', 'DISPUTE', 'DISPUTE_REVERSAL']));
    const webhooks = await page.getByTestId('webhook-event').locator('strong').allInnerTexts();
    expect(webhooks).toEqual(['payment.succeeded', 'dispute.created', 'dispute.won']);
  });
});
