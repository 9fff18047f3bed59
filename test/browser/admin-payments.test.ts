import type { Browser, Page } from 'playwright-core';
import { AuditEntrySchema } from '../../platform/orm/entities.js';
import type { Role } from '../../domain/operators/permissions.js';
import { deliveredEvent } from '../helpers/admin-payments-fixtures.js';
import { enableGateway, submitPageForm } from '../helpers/gateway-e2e.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../helpers/stack.js';

/**
 * The payments pages of the operator dashboard in headless Chromium: filter the list, open a paid
 * payment (timeline, Temporal link), resend its webhook; and a VIEWER who cannot resend, even by
 * posting the form without the button.
 */
const SCREENSHOT_PATH = '/tmp/admin-payment-detail.png';

describe('admin payments pages in a real browser', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let browser: Browser;
  let session: BrowserSession | undefined;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let paidRef: string;
  let otherRef: string;
  let eventId: string;
  let bkashRef: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    receiver = await startWebhookReceiver();
    app = await stack.registerApp();
    await stack.setWebhook(app.app.id, receiver.url);
    otherRef = (await stack.createPayment(app.test, { customerReference: 'cust_browser' })).reference;
    paidRef = (await stack.paidPayment(app.test, { customerReference: 'cust_browser' })).reference;
    eventId = (await deliveredEvent(stack, paidRef)).id;
    // A bKash payment, paid on bKash's page: its only callback is the browser's unsigned return.
    await enableGateway(stack, app.app.id, 'bkash');
    bkashRef = (await stack.createPayment(app.test, { gateway: 'bkash', currency: 'BDT' })).reference;
    const chosen = await submitPageForm(await stack.openCheckout(bkashRef), 'choice', 'success');
    await (await fetch(chosen.location!, { redirect: 'manual' })).arrayBuffer();
    await eventually(
      async () => (await stack.readPayment(app.test, bkashRef)).status === 'SUCCEEDED',
      20_000,
      `${bkashRef} SUCCEEDED`,
    );
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await receiver?.close();
    await stack?.close();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  async function signIn(role: Role, next: string): Promise<Page> {
    const operator = await stack.createOperator(role);
    session = await openPage(browser);
    const { page } = session;
    await page.goto(`${stack.apiUrl}/admin/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${stack.apiUrl}${next}`);
    return page;
  }

  const attemptNumbers = async (page: Page) =>
    page
      .locator(`[data-event-id="${eventId}"] [data-testid="attempt"]`)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-attempt')));

  it('shows a browser return nobody signs (bKash) as "not signed", and a signed IPN as valid', async () => {
    const page = await signIn('SUPPORT', `/admin/payments/${bkashRef}`);
    expect(await page.getByTestId('callback-signature').allInnerTexts()).toEqual(['not signed']);
    await page.goto(`${stack.apiUrl}/admin/payments/${paidRef}`);
    // A paid payment has no checkout deadline left to show.
    expect(await page.getByTestId('facts').locator('dt', { hasText: 'Expires' }).count()).toBe(0);
    const signed = await page.getByTestId('callback-signature').allInnerTexts();
    expect(signed.length).toBeGreaterThan(0);
    expect(new Set(signed)).toEqual(new Set(['valid']));
  });

  it('says that a payment nobody opened has no workflow yet', async () => {
    const page = await signIn('SUPPORT', `/admin/payments/${otherRef}`);
    expect(await page.getByTestId('facts').getByTestId('status-badge').innerText()).toBe('CREATED');
    expect(await page.getByTestId('facts').locator('dt', { hasText: 'Expires' }).count()).toBe(1);
    expect(await page.getByTestId('workflow-not-started').innerText()).toContain('first opens checkout');
  });

  it('SUPPORT filters payments, opens a paid one, follows its timeline and resends its webhook', async () => {
    const page = await signIn('SUPPORT', '/admin/payments');
    expect(await page.locator('nav[aria-label="Main"] [aria-current="page"]').innerText()).toBe('Payments');

    const filters = page.getByTestId('payment-filters');
    await filters.getByLabel('App').selectOption(String(app.app.id));
    await filters.getByLabel('Status').selectOption('SUCCEEDED');
    await filters.getByLabel('Customer reference').fill('cust_browser');
    await filters.getByLabel('Amount from (major units)').fill('99.50');
    await page.getByTestId('mode-TEST').check();
    await page.getByTestId('apply-filters').click();
    await page.waitForURL(/customerReference=cust_browser/);
    const rows = page.getByTestId('payment-row');
    expect(await rows.evaluateAll((r) => r.map((row) => row.getAttribute('data-reference')))).toEqual([
      paidRef,
    ]);
    expect(await page.locator(`[data-reference="${otherRef}"]`).count()).toBe(0);
    expect(await page.getByTestId('summary').innerText()).toContain('100.00 BDT');

    await rows.first().getByRole('link', { name: paidRef }).click();
    await page.waitForURL(`${stack.apiUrl}/admin/payments/${paidRef}`);
    expect(await page.getByTestId('amount').innerText()).toBe('100.00 BDT');
    expect(await page.getByTestId('facts').getByTestId('status-badge').innerText()).toBe('SUCCEEDED');
    expect(await page.getByTestId('facts').innerText()).toContain(app.app.name);
    const steps = page.getByTestId('timeline-step');
    expect(await steps.evaluateAll((s) => s.map((step) => step.getAttribute('data-to')))).toEqual([
      'CREATED',
      'PENDING',
      'SUCCEEDED',
    ]);
    expect(await steps.last().locator('time').count()).toBe(1);
    expect(await page.getByTestId('temporal-link').getAttribute('href')).toBe(
      `http://localhost:8233/namespaces/default/workflows/payment-${paidRef}`,
    );
    expect(await page.getByTestId('workflow-not-started').count()).toBe(0);
    expect(await page.getByTestId('callbacks').innerText()).toContain('VALID');
    // SUPPORT may not read the ledger: the section is not there at all.
    expect(await page.getByTestId('ledger').count()).toBe(0);

    expect(await attemptNumbers(page)).toEqual(['1']);
    await page.getByTestId(`resend-${eventId}`).click();
    await page.waitForURL(/\/admin\/payments\/pay_[0-9a-z]+\?ok=/);
    expect(await page.getByRole('status').innerText()).toContain('attempts continue from #2');
    await eventually(
      async () => {
        await page.reload();
        return (await attemptNumbers(page)).join() === '1,2';
      },
      20_000,
      'the resent attempt on the page',
    );
    const secondAttempt = page.locator(`[data-event-id="${eventId}"] [data-attempt="2"]`);
    expect(await secondAttempt.innerText()).toContain('200');
    expect(receiver.received.filter((r) => r.headers['webhook-id'] === eventId)).toHaveLength(2);
    expect(session?.problems).toEqual([]);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  });

  it('VIEWER sees no Resend button, and posting the form anyway is refused by the server', async () => {
    const page = await signIn('VIEWER', `/admin/payments/${paidRef}`);
    expect(await page.getByTestId('timeline-step').count()).toBe(3);
    expect(await page.locator('[data-testid^="resend-"]').count()).toBe(0);
    await page.goto(`${stack.apiUrl}/admin/webhooks?appId=${app.app.id}`);
    expect(await page.getByTestId('event-row').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid^="resend-"]').count()).toBe(0);

    const before = await stack.em().count(AuditEntrySchema, { action: 'webhook.resend', targetId: eventId });
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
    const response = await page.request.post(`${stack.apiUrl}/admin/webhooks/events/${eventId}/resend`, {
      form: { _csrf: csrf!, returnTo: `/admin/payments/${paidRef}` },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    const body = await response.text();
    expect(body).toContain('data-testid="forbidden"');
    expect(body).toContain('webhooks.resend');
    expect(await stack.em().count(AuditEntrySchema, { action: 'webhook.resend', targetId: eventId })).toBe(
      before,
    );
    expect(session?.problems).toEqual([]);
  });

  it('shows webhook deliveries with filters and a bad filter as a message, not an error page', async () => {
    const page = await signIn('DEVELOPER', `/admin/webhooks?appId=${app.app.id}&type=payment.succeeded`);
    const row = page.locator(`[data-testid="event-row"][data-event-id="${eventId}"]`);
    expect(await row.getByRole('link', { name: paidRef }).count()).toBe(1);
    expect(await row.getByTestId(`resend-${eventId}`).count()).toBe(1);
    await page.goto(`${stack.apiUrl}/admin/payments?amountFrom=lots`);
    expect(await page.locator('.flash.error').innerText()).toContain('Amount from');
    await page.goto(`${stack.apiUrl}/admin/payments/pay_00000000000000000000`);
    expect(await page.getByTestId('not-found').count()).toBe(1);
  });
});
