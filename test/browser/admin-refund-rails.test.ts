import type { Browser, Page } from 'playwright-core';
import { setApprovalPolicy } from '../../db/refunds/refund-policies.js';
import { orderIdFor } from '../../gateways/nagad/disbursement/index.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { startGatewayE2E, type GatewayE2E } from '../helpers/gateway-e2e.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { eventually } from '../helpers/eventually.js';

/**
 * A Nagad refund paid out, in headless Chromium: a customer pays through the Nagad simulator, a
 * FINANCE operator refunds it from the payment's page to the customer's Nagad wallet (prefilled
 * from the payment; a mistyped number is refused inside the form, nothing taken), the app's policy
 * holds it for a second operator, who approves it on the refund's page; the payout goes out
 * through the Nagad disbursement simulator once, and the refund's page shows it SUCCEEDED, paid
 * by the nagad rail, with its payout and the payout's progress.
 */
describe('a Nagad refund paid out, in a real browser', () => {
  let e2e: GatewayE2E;
  let browser: Browser;
  const sessions: BrowserSession[] = [];
  const WALLET = '01712345678';

  beforeAll(async () => {
    browser = await launchBrowser();
    e2e = await startGatewayE2E('nagad', {
      payment: {
        currency: 'BDT',
        amountMinor: 80_000,
        customerPhone: `+88${WALLET}`,
        customerName: 'Rahima Khatun',
      },
    });
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await closeBrowser(browser);
    await e2e?.close();
  });

  async function signedIn(path: string): Promise<{ page: Page; email: string }> {
    const operator = await e2e.stack.createOperator('FINANCE');
    const session = await openPage(browser);
    sessions.push(session);
    await signInThroughPage(session.page, e2e.stack.apiUrl, operator, path);
    return { page: session.page, email: operator.email };
  }

  it('a Nagad refund paid out', async () => {
    // Every refund of this app waits for an approver other than the operator who asks.
    await setApprovalPolicy(e2e.stack.em(), e2e.appId, 'TEST', {
      rule: 'ALWAYS',
      thresholdMinor: null,
      currency: null,
    });
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'Success');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');

    const { page: asker } = await signedIn(`/admin/payments/${payment.reference}`);
    await asker.goto(`${e2e.stack.apiUrl}/admin/payments/${payment.reference}`);
    const form = asker.getByTestId('refund-form');
    await form.getByTestId('refund-destination').waitFor();
    // The customer's Nagad wallet, as the payment knows it, and when the money would arrive by it.
    expect(await form.getByTestId('refund-destination-wallet').isChecked()).toBe(true);
    expect(await form.getByTestId('refund-wallet-type').inputValue()).toBe('NAGAD_WALLET');
    expect(await form.getByTestId('refund-wallet-number').inputValue()).toBe(WALLET);
    expect(await form.getByTestId('rail-note-NAGAD_WALLET').textContent()).toMatch(
      /by the nagad rail · To the mobile wallet: within minutes/,
    );

    // Less than the rail pays: refused inside the form, in taka, naming the rail.
    await form.getByTestId('refund-amount-input').fill('0.50');
    await form.getByTestId('refund-reason-input').fill('order cancelled');
    await form.getByTestId('refund-submit').click();
    const error = asker.getByTestId('refund-form-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('RAIL_NOT_AVAILABLE');
    expect(await error.textContent()).toContain('The nagad rail pays from 1.00 BDT to 25,000.00 BDT');

    // A mistyped number: refused inside the form, with what was typed kept; no refund is taken.
    await form.getByTestId('refund-amount-input').fill('300.00');
    await form.getByTestId('refund-reason-input').fill('order cancelled');
    await form.getByTestId('refund-wallet-number').fill('0171234');
    await form.getByTestId('refund-submit').click();
    await asker
      .getByTestId('refund-form-error')
      .and(asker.locator('[data-code="VALIDATION_ERROR"]'))
      .waitFor();
    expect(await error.getAttribute('data-code')).toBe('VALIDATION_ERROR');
    expect(await error.textContent()).toContain('Wallet number');
    expect(await asker.getByTestId('refund-amount-input').inputValue()).toBe('300.00');
    expect(await asker.getByTestId('refund-reason-input').inputValue()).toBe('order cancelled');
    expect(await e2e.refundsOf(payment.reference)).toEqual([]);
    await asker.screenshot({ path: '/tmp/admin-refund-rails-form.png', fullPage: true });

    await asker.getByTestId('refund-wallet-number').fill(WALLET);
    await asker.getByTestId('refund-submit').click();
    await asker.waitForURL((url) => /^\/admin\/refunds\/rf_/.test(url.pathname));
    const reference = asker.url().split('/').pop()!.split('?')[0]!;
    await asker.getByText(`Refund ${reference} of 300.00 BDT is waiting for approval`).waitFor();
    expect(await asker.getByTestId('refund-route').getAttribute('data-route')).toBe('PAYOUT');
    expect(await asker.getByTestId('refund-rail').textContent()).toBe('nagad');
    expect(await asker.getByTestId('refund-destination').textContent()).toContain(
      `Nagad wallet •••••••${WALLET.slice(-4)} (Rahima Khatun)`,
    );
    expect(await asker.getByTestId('refund-expected-arrival').getAttribute('data-window')).toBe('MINUTES');
    expect(await asker.getByTestId('own-refund').count()).toBe(1);

    // A second operator approves it on the refund's page.
    const { page: approver, email } = await signedIn(`/admin/refunds/${reference}`);
    await approver.goto(`${e2e.stack.apiUrl}/admin/refunds/${reference}`);
    await approver.getByTestId(`decide-${reference}`).getByLabel('Comment').fill('customer called');
    await approver.getByTestId(`approve-${reference}`).click();
    await approver.getByText(`Refund ${reference} approved: now PROCESSING`).waitFor();

    await eventually(
      async () => (await e2e.readRefund(reference)).status === 'SUCCEEDED',
      40_000,
      `${reference} SUCCEEDED`,
    );
    await approver.goto(`${e2e.stack.apiUrl}/admin/refunds/${reference}`);
    const facts = approver.getByTestId('refund-facts');
    expect(await facts.getByTestId('status-badge').first().textContent()).toBe('SUCCEEDED');
    expect(await facts.getByTestId('decision').textContent()).toContain(email);
    expect(await approver.getByTestId('refund-rail').textContent()).toBe('nagad');
    const payoutReference = (await approver.getByTestId('refund-payout-link').textContent())!.trim();
    expect(payoutReference).toMatch(/^po_/);
    expect(await approver.getByTestId('refund-payout-link').getAttribute('href')).toBe(
      `/admin/payouts/${payoutReference}`,
    );
    const payout = approver.getByTestId('refund-payout');
    expect(await payout.getAttribute('data-status')).toBe('SUCCEEDED');
    expect(
      await payout
        .getByTestId('payout-step')
        .evaluateAll((steps) => steps.map((step) => step.getAttribute('data-state'))),
    ).toEqual(['done', 'done', 'done', 'done']);
    // The rail's fee, if it charged one, in taka: never a count of paisa.
    const [paid] = await e2e.stack
      .em()
      .execute<Array<{ fee_minor: string | null }>>('select fee_minor from payouts where reference = ?', [
        payoutReference,
      ]);
    const feeMinor = Number(paid!.fee_minor ?? 0);
    const feeText = `${Math.floor(feeMinor / 100).toLocaleString('en-US')}.${String(feeMinor % 100).padStart(2, '0')} BDT`;
    expect(await payout.getByTestId('payout-fee').count()).toBe(feeMinor > 0 ? 1 : 0);
    if (feeMinor > 0) expect(await payout.getByTestId('payout-fee').textContent()).toBe(feeText);
    expect(await payout.innerText()).not.toContain('minor units');
    await approver.screenshot({ path: '/tmp/admin-refund-rails.png', fullPage: true });

    // The payout's own page, from the refund's link: paid by nagad, paying this refund back.
    await approver.getByTestId('refund-payout-link').click();
    await approver.waitForURL((url) => url.pathname === `/admin/payouts/${payoutReference}`);
    const payoutFacts = approver.getByTestId('payout-facts');
    expect(await payoutFacts.getByTestId('status-badge').textContent()).toBe('SUCCEEDED');
    expect(await payoutFacts.getByTestId('payout-rail').textContent()).toBe('nagad');
    expect(await payoutFacts.getByTestId('payout-refund-link').textContent()).toBe(reference);
    expect(await payoutFacts.getByTestId('payout-amount').textContent()).toBe('300.00 BDT');
    expect(await payoutFacts.getByTestId('payout-fee').textContent()).toBe(feeMinor > 0 ? feeText : '—');

    // The money left through Nagad's disbursement once, to the customer's wallet.
    const transfer = await e2e.stack.gatewaySimulators.control<{
      timesPaid: number;
      amountMinor: number;
    }>('nagad-disbursement', 'GET', `/__simulator/transfers/${orderIdFor(payoutReference)}`);
    expect(transfer).toMatchObject({ timesPaid: 1, amountMinor: 30_000 });
    expect(await e2e.readRefund(reference)).toMatchObject({
      status: 'SUCCEEDED',
      route: 'PAYOUT',
      rail: 'nagad',
      payoutReference,
    });
    await e2e.waitForStatus(payment.reference, 'PARTIALLY_REFUNDED');
  }, 120_000);
});
