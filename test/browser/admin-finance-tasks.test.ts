import type { Browser, Page } from 'playwright-core';
import { setApprovalPolicy } from '../../db/refunds/refund-policies.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';

/**
 * A finance operator's tasks in headless Chromium: refund from a payment's page (a partial refund
 * under the app's threshold goes to the gateway; one above it waits), a second operator finds it
 * in the approval queue with who asked and why, opens its page and approves it; times read in the
 * company's time zone with UTC on hover; amounts typed in major units.
 */
const QUEUE_SCREENSHOT = '/tmp/admin-approval-queue-1280.png';

/** Whether any cell, table or the page itself is wider than its box (something would be clipped or scroll). */
async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((scope) => {
    // Runs in the page (this project compiles without the DOM library, hence the shape given here).
    interface Box {
      tagName: string;
      scrollWidth: number;
      clientWidth: number;
      textContent: string | null;
      querySelectorAll(selector: string): ArrayLike<Box>;
    }
    const { document, window } = globalThis as unknown as {
      document: { querySelector(selector: string): Box | null; documentElement: Box };
      window: { innerWidth: number };
    };
    const found: string[] = [];
    const root = document.querySelector(scope);
    if (!root) return [`${scope} missing`];
    const boxes = [root, ...Array.from(root.querySelectorAll('td, th, .table-wrap, table'))];
    for (const box of boxes) {
      if (box.scrollWidth > box.clientWidth + 1) {
        found.push(`${box.tagName} ${box.scrollWidth}>${box.clientWidth}: ${box.textContent?.slice(0, 60)}`);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) found.push('the page scrolls sideways');
    return found;
  }, selector);
}

/**
 * What Asia/Kolkata (UTC+5:30, no summer time) shows for an instant: the suite sets that zone, not
 * the default, so a page that ignored the setting would show Dhaka's time and fail.
 */
function kolkataText(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 5.5 * 3_600_000).toISOString();
  return `${shifted.slice(0, 19).replace('T', ' ')} GMT+5:30`;
}

describe('finance tasks in the dashboard, in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  const sessions: BrowserSession[] = [];
  /** The API's clock runs this far ahead, to let a sign-in's fresh password go stale. */
  let aheadMs = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({
      clock: () => new Date(Date.now() + aheadMs),
      configOverrides: { COMPANY_TIME_ZONE: 'Asia/Kolkata' },
    });
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  const open = async () => {
    const session = await openPage(browser);
    sessions.push(session);
    await session.page.setViewportSize({ width: 1280, height: 900 });
    return session.page;
  };

  it('refunds from the payment page: under the threshold it goes, above it waits for a second operator', async () => {
    const app = await stack.registerApp();
    // Refunds above 30.00 BDT wait for an approver.
    await setApprovalPolicy(stack.em(), app.app.id, 'TEST', {
      rule: 'ABOVE_AMOUNT',
      thresholdMinor: 3000,
      currency: 'BDT',
    });
    const payment = await stack.paidPayment(app.test, { amountMinor: 10000, currency: 'BDT' });
    const asker = await stack.createOperator('FINANCE');
    const page = await open();
    await signInThroughPage(page, stack.apiUrl, asker, `/admin/payments/${payment.reference}`);
    await page.getByTestId('refundable').getByText('100.00 BDT').waitFor();

    // More decimals than taka has: refused, nothing taken.
    const form = page.getByTestId('refund-form');
    await form.getByTestId('refund-amount-input').fill('20.005');
    await form.getByTestId('refund-reason-input').fill('damaged item');
    await form.getByTestId('refund-submit').click();
    await page.getByText('Check the form: Amount: BDT has 2 decimals at most').waitFor();

    // The sign-in's password is older than the step-up window by now: the refund asks again.
    aheadMs += 6 * 60_000;
    await form.getByTestId('refund-amount-input').fill('20.00 BDT');
    await form.getByTestId('refund-reason-input').fill('damaged item');
    await form.getByTestId('refund-submit').click();
    await page.getByTestId('step-up').waitFor();
    await page.getByLabel('Password').fill(asker.password);
    await page.getByTestId('step-up-confirm').click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/refunds/rf_'));
    const small = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText(`Refund ${small} of 20.00 BDT is on its way to the gateway`).waitFor();
    await page.getByTestId('refund-facts').getByText(`Operator ${asker.email}`).waitFor();

    // More than is left: refused in taka, not in minor units.
    await page.goto(`${stack.apiUrl}/admin/payments/${payment.reference}`);
    await page.getByTestId('refundable').getByText('80.00 BDT').waitFor();
    await page.screenshot({ path: '/tmp/admin-payment-refund-form-1280.png', fullPage: true });
    await form.getByTestId('refund-amount-input').fill('90');
    await form.getByTestId('refund-reason-input').fill('too much');
    await form.getByTestId('refund-submit').click();
    await page.getByText('At most 80.00 BDT can still be refunded on this payment').waitFor();

    // Above the threshold: taken, but waiting. The reason is one long word: it must wrap.
    const longReason = `customer-complaint-${'x'.repeat(150)}-escalated`;
    await form.getByTestId('refund-amount-input').fill('50.50');
    await form.getByTestId('refund-reason-input').fill(longReason);
    const sent = {
      _csrf: (await form.locator('input[name="_csrf"]').inputValue())!,
      formToken: (await form.locator('input[name="formToken"]').inputValue())!,
      amount: '50.50',
      reason: longReason,
    };
    await form.getByTestId('refund-submit').click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/refunds/rf_'));
    const large = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText(`Refund ${large} of 50.50 BDT is waiting for approval`).waitFor();
    await page.getByTestId('own-refund').waitFor();

    // The same form sent again (a double click, a retried post) takes no second refund.
    const again = await page.request.post(`${stack.apiUrl}/admin/payments/${payment.reference}/refunds`, {
      form: sent,
      maxRedirects: 0,
    });
    expect(again.status()).toBe(302);
    expect(new URL(again.headers().location!, stack.apiUrl).pathname).toBe(`/admin/refunds/${large}`);
    const counted = async () => {
      const [row] = await stack
        .em()
        .execute<Array<{ n: string }>>(
          'select count(*) as n from refunds r join payments p on p.id = r.payment_id where p.reference = ?',
          [payment.reference],
        );
      return Number(row!.n);
    };
    expect(await counted()).toBe(2);

    // A role without refunds.create sees no form, and posting one anyway is refused.
    const support = await stack.createOperator('SUPPORT');
    const supportPage = await open();
    await signInThroughPage(supportPage, stack.apiUrl, support, `/admin/payments/${payment.reference}`);
    await supportPage.getByTestId('payment-refund').first().waitFor();
    expect(await supportPage.getByTestId('refund-form').count()).toBe(0);
    const csrf = await supportPage.locator('input[name="_csrf"]').first().inputValue();
    const refused = await supportPage.request.post(
      `${stack.apiUrl}/admin/payments/${payment.reference}/refunds`,
      { form: { _csrf: csrf, amount: '1.00', reason: 'not mine to give' }, maxRedirects: 0 },
    );
    expect(refused.status()).toBe(403);
    // Nor does a form without the session's CSRF token, whoever's cookie it carries.
    const forged = await page.request.post(`${stack.apiUrl}/admin/payments/${payment.reference}/refunds`, {
      form: { formToken: 'forged', amount: '1.00', reason: 'from another site' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await counted()).toBe(2);

    // The app asks too, through its API: above the threshold, it waits, naming the key it used.
    const second = await stack.paidPayment(app.test, { amountMinor: 10000, currency: 'BDT' });
    const byApp = (
      await stack.api('POST', `/api/v1/payments/${second.reference}/refunds`, {
        creds: app.test,
        body: { amountMinor: 4000, reason: 'returned by courier' },
      })
    ).body.data.reference as string;

    // A second operator finds it in the queue: who asked, why, the payment's history, its pages.
    const approver = await stack.createOperator('FINANCE');
    const queue = await open();
    await signInThroughPage(queue, stack.apiUrl, approver, '/admin/refunds');
    await queue.locator('select[name="appId"]').selectOption(String(app.app.id));
    await queue.getByRole('button', { name: 'Filter' }).click();
    await queue.waitForURL((url) => url.searchParams.get('appId') === String(app.app.id));
    const row = queue.getByTestId(`refund-row-${large}`);
    await row.waitFor();
    expect(await queue.getByTestId(`refund-row-${small}`).count()).toBe(0);
    expect(await row.getByTestId('asked-by').innerText()).toBe(`Operator ${asker.email}`);
    expect(await row.getByTestId('reason').innerText()).toBe(longReason);
    const appRow = queue.getByTestId(`refund-row-${byApp}`);
    expect(await appRow.getByTestId('asked-by').innerText()).toBe(
      `${app.app.name}, with its API key ${app.test.key}`,
    );
    expect(await appRow.getByTestId('reason').innerText()).toBe('returned by courier');
    await row.getByText('History').click();
    await row.getByTestId('payment-history').getByText('SUCCEEDED').first().waitFor();
    expect(await row.getByRole('link', { name: 'Temporal ↗' }).getAttribute('href')).toContain(large);
    expect(await overflowing(queue, '[data-testid="refund-table"]')).toEqual([]);
    expect(await overflowing(queue, 'main')).toEqual([]);
    await queue.screenshot({ path: QUEUE_SCREENSHOT, fullPage: true });

    // Times in the company's time zone, UTC on hover.
    const asked = row.locator('time').first();
    const iso = (await asked.getAttribute('datetime'))!;
    expect(await asked.innerText()).toBe(kolkataText(iso));
    expect(await asked.getAttribute('title')).toBe(`${iso.slice(0, 19).replace('T', ' ')} UTC`);

    // Its page: facts, history, and the decision.
    await queue.getByTestId(`refund-link-${large}`).click();
    await queue.waitForURL((url) => url.pathname === `/admin/refunds/${large}`);
    await queue.getByTestId('refund-history').getByText('refund.requested').waitFor();
    await queue.getByTestId('refund-history').getByText(asker.email).first().waitFor();
    await queue.getByTestId('refund-history').getByText('amount: 50.50 BDT').first().waitFor();
    expect(await overflowing(queue, 'main')).toEqual([]);
    await queue.getByTestId(`decide-${large}`).getByLabel('Comment').fill('photos checked');
    await queue.getByTestId(`approve-${large}`).click();
    await queue.getByText(`Refund ${large} approved: now PROCESSING`).waitFor();
    await queue.waitForURL((url) => url.pathname === `/admin/refunds/${large}`);
    await queue.getByTestId('decision').getByText(`${approver.email}`).waitFor();
    await queue.getByTestId('refund-history').getByText('refund.approved').first().waitFor();
    await queue.screenshot({ path: '/tmp/admin-refund-page-1280.png', fullPage: true });

    for (const reference of [small, large]) {
      await eventually(
        async () =>
          (await stack.api('GET', `/api/v1/refunds/${reference}`, { creds: app.test })).body.data.status ===
          'SUCCEEDED',
        30_000,
        `${reference} SUCCEEDED`,
      );
    }
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 7050,
    });
  });

  it('asks for the approval bands in taka, not minor units, and converts exactly', async () => {
    const app = await stack.registerApp();
    const finance = await stack.createOperator('FINANCE');
    const page = await open();
    await signInThroughPage(page, stack.apiUrl, finance, `/admin/apps/${app.app.id}/controls`);
    const form = page.getByTestId('refund-rules-form-TEST');
    // One approver from 2,500.29 BDT in TEST, where none waited: stricter, saved at once.
    await form.locator('input[name="to_0"]').fill('2500.28');
    await form.locator('input[name="from_1"]').fill('2500.29');
    await form.locator('select[name="currency_1"]').selectOption('BDT');
    await form.locator('select[name="approvers_1"]').selectOption('1');
    await form.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved: the control applies now.').waitFor();
    await page.getByTestId('refund-approval-TEST').getByText('From 2,500.29 BDT: 1 approver').waitFor();
    expect(
      await page.getByTestId('refund-rules-form-TEST').locator('input[name="from_1"]').inputValue(),
    ).toBe('2500.29');
    const rows = await stack
      .em()
      .execute<Array<{ from_minor: string }>>(
        "select from_minor from refund_approval_rules where app_id = ? and mode = 'TEST' and currency = 'BDT'",
        [app.app.id],
      );
    expect(rows.map((r) => Number(r.from_minor))).toContain(250029);
    expect(await page.getByText('minor units').count()).toBe(0);
  });
});
