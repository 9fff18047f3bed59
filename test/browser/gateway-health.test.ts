import type { Browser } from 'playwright-core';
import {
  ensureGatewayHealthSchedule,
  gatewayHealthScheduleId,
} from '../../activities/gateway-health/health-schedule.js';
import { currentHealth } from '../../db/gateway-health/health.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { enableGateways } from '../helpers/picker.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';

/**
 * Gateway health in headless Chromium: an ADMIN enters a maintenance window for bKash on the
 * dashboard; SSLCOMMERZ's calls fail until it is DEGRADED; the customer's picker then offers Nagad
 * first, SSLCOMMERZ after it with its note, and bKash last, with its notice and not selectable.
 */

const SCREENSHOT_PATH = '/tmp/gateway-health-checkout.png';

/** A datetime-local value (UTC, minutes) `offsetMs` from now. */
const utcField = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(0, 16);

describe('gateway health in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({
      configOverrides: {
        GATEWAY_CALLS_FLUSH_SECONDS: '1',
        GATEWAY_HEALTH_MIN_CALLS: '10',
        GATEWAY_HEALTH_RECOVERY_SECONDS: '60',
      },
    });
    app = await stack.registerApp();
    await enableGateways(stack, app.app.id, ['bkash', 'nagad']);
    await ensureGatewayHealthSchedule(stack.client, stack.config.TEMPORAL_TASK_QUEUE, 2);
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await stack?.setOutages({ query: null }).catch(() => undefined);
    await stack?.client.schedule
      .getHandle(gatewayHealthScheduleId(stack.config.TEMPORAL_TASK_QUEUE))
      .delete()
      .catch(() => undefined);
    await closeBrowser(browser);
    await stack?.close();
  });

  const statusOf = async (gateway: string) =>
    (await currentHealth(stack.em(), 'TEST')).find((row) => row.gateway === gateway)?.status;

  it('an operator enters a maintenance window on the dashboard; the gateway turns MAINTENANCE', async () => {
    const operator = await stack.createOperator('ADMIN');
    const session = await openPage(browser);
    sessions.push(session);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, operator, '/admin/gateway-health');
    await page.getByRole('link', { name: 'Gateway health' }).waitFor();
    await page.getByTestId('no-maintenance-windows').waitFor();

    const form = page.getByTestId('maintenance-form');
    await form.getByTestId('maintenance-gateway').selectOption('bkash');
    await form.getByTestId('maintenance-mode').selectOption('TEST');
    await form.getByTestId('maintenance-starts').fill(utcField(-60_000));
    await form.getByTestId('maintenance-ends').fill(utcField(3_600_000));
    await form.getByTestId('maintenance-note').fill('bKash upgrades its checkout');
    await form.getByTestId('maintenance-save').click();
    await page.getByText('bKash (TEST) is under maintenance from').waitFor();
    const row = page.getByTestId('maintenance-window');
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-state')).toBe('in force');
    await row.getByText('bKash upgrades its checkout').waitFor();

    await eventually(async () => (await statusOf('bkash')) === 'MAINTENANCE', 60_000, 'bKash MAINTENANCE');
    await page.reload();
    expect(await page.getByTestId('health-TEST-bkash').getAttribute('data-status')).toBe('MAINTENANCE');
    expect(await page.getByTestId('health-LIVE-bkash').getAttribute('data-status')).toBe('OPERATIONAL');
  });

  it('the checkout shows the degraded method after the healthy one, and the one under maintenance last and disabled', async () => {
    // 10 failed calls of 20: SSLCOMMERZ is DOWN at 50 %; 5 of 20 keeps it DEGRADED.
    const sslcommerz = (await stack.gateways.forApp(app.app.id, 'TEST', 'sslcommerz'))!;
    const queries = async (n: number) => {
      for (let i = 0; i < n; i++)
        await sslcommerz.query(`pay_browser${String(i).padStart(11, '0')}`, null).catch(() => null);
    };
    await queries(15);
    await stack.setOutages({ query: { forMs: 3_600_000 } });
    await queries(5);
    await stack.setOutages({ query: null });
    await stack.callMinutes.flush();
    await eventually(
      async () => (await statusOf('sslcommerz')) === 'DEGRADED',
      60_000,
      'SSLCOMMERZ DEGRADED',
    );

    const payment = await stack.createPayment(app.test, { amountMinor: 10000, currency: 'BDT' });
    const session = await openPage(browser);
    sessions.push(session);
    const { page } = session;
    await page.goto(payment.checkoutUrl);
    const picker = page.getByTestId('picker');
    await picker.waitFor();
    const order = await picker
      .locator('[data-testid^="choice-"][data-health]')
      .evaluateAll((labels) => labels.map((label) => label.getAttribute('data-testid')));
    expect(order).toEqual(['choice-nagad', 'choice-sslcommerz', 'choice-bkash']);

    const bkash = page.getByTestId('choice-bkash');
    expect(await bkash.getAttribute('data-health')).toBe('MAINTENANCE');
    expect(await page.getByTestId('choice-note-bkash').textContent()).toBe('Under maintenance right now');
    expect(await bkash.getByRole('radio').isDisabled()).toBe(true);
    // Its notice describes the radio to assistive technology.
    expect(await bkash.getByRole('radio').getAttribute('aria-describedby')).toBe('choice-note-bkash');
    expect(await page.getByTestId('choice-note-sslcommerz').textContent()).toBe('Having trouble lately');
    expect(await page.getByTestId('choice-sslcommerz').getByRole('radio').isDisabled()).toBe(false);
    expect(await page.getByTestId('choice-note-nagad').count()).toBe(0);
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });

    // The customer picks what works and goes on to Nagad's page.
    await page.getByTestId('choice-nagad').click();
    await page.getByTestId('pay').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/checkout/'));
    expect((await stack.readPayment(app.test, payment.reference)).gateway).toBe('nagad');
  });
});
