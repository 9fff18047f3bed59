import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { startGatewayE2E, type GatewayE2E } from '../helpers/gateway-e2e.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';

/**
 * A refund to a wallet that is not the payer's, in headless Chromium: a customer pays through the
 * bKash simulator (bKash names the paying wallet), the app asks for a refund to another wallet,
 * small enough that no band asks for an approver; it waits all the same, and the approver's page
 * warns "destination is not the payer" beside the forms to decide it.
 */
describe('a refund to a destination that is not the payer, in a real browser', () => {
  let e2e: GatewayE2E;
  let browser: Browser;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    e2e = await startGatewayE2E('bkash', { payment: { currency: 'BDT', amountMinor: 20_000 } });
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await closeBrowser(browser);
    await e2e?.close();
  });

  async function signedIn(path: string): Promise<Page> {
    const operator = await e2e.stack.createOperator('FINANCE');
    const session = await openPage(browser);
    sessions.push(session);
    await signInThroughPage(session.page, e2e.stack.apiUrl, operator, path);
    return session.page;
  }

  it('shows the warning on the approval page and the refund waits', async () => {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'success');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    const asked = await e2e.refund(payment.reference, {
      amountMinor: 5_000,
      reason: 'sent to a relative',
      destination: { type: 'BKASH_WALLET', walletNumber: '01999999999', name: 'Not The Customer' },
    });
    expect(asked.status).toBe(201);
    const reference = asked.body.data.reference as string;

    const approver = await signedIn(`/admin/refunds/${reference}`);
    await approver.goto(`${e2e.stack.apiUrl}/admin/refunds/${reference}`);
    const warning = approver.getByTestId('refund-destination-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('destination is not the payer');
    expect(await warning.textContent()).toContain('it waits for an approver');
    const facts = approver.getByTestId('refund-facts');
    expect(await facts.getByTestId('status-badge').first().textContent()).toBe('PENDING_APPROVAL');
    expect(await approver.getByTestId(`approve-${reference}`).count()).toBe(1);
    await approver.screenshot({ path: '/tmp/admin-refund-destination.png', fullPage: true });
    expect((await e2e.readRefund(reference)).status).toBe('PENDING_APPROVAL');
  });
});
