import type { Browser, Page } from 'playwright-core';
import { setPayoutRules } from '../../db/payouts/payout-rules.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { switchEveryRailOn } from '../helpers/payout-rail-switches.js';
import { eventually, startStack, type Credentials, type Stack } from '../helpers/stack.js';

/**
 * The money-out page in headless Chromium, against the real service and the bKash disbursement
 * simulator: a FINANCE operator sees the rail's balance as it last said, switches the rail off (a
 * new payout is refused, one already taken waits in the queue), switches it back on and sees the
 * held payout leave the queue, paid once; a payout queued for a short balance goes out with the
 * recheck after a top-up; payouts waiting for approval are approved and rejected from the same
 * page; a LIVE rail comes back on when a second ADMIN approves it there.
 */
describe('money out in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let creds: Credentials;
  const sessions: BrowserSession[] = [];
  let walletSeq = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({
      configOverrides: { PAYOUT_CANCEL_WINDOW_SECONDS: '2', PAYOUT_QUEUE_RECHECK_SECONDS: '600' },
    });
    await switchEveryRailOn(stack.em());
    creds = (await stack.registerApp()).test;
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await closeBrowser(browser);
    if (stack) await switchEveryRailOn(stack.em());
    await stack?.close();
  });

  const createPayout = (amountMinor: number) =>
    stack.api('POST', '/api/v1/payouts', {
      creds,
      body: {
        amountMinor,
        beneficiary: {
          type: 'BKASH_WALLET',
          walletNumber: `0173${String(1_000_000 + walletSeq++).slice(-7)}`,
          name: 'Rahima Khatun',
        },
        narrative: 'Cashback',
      },
    });
  const statusOf = async (reference: string) =>
    (await stack.api('GET', `/api/v1/payouts/${reference}`, { creds })).body.data.status as string;
  const reaches = (reference: string, status: string) =>
    eventually(
      async () => ((await statusOf(reference)) === status ? true : null),
      20_000,
      `${reference} ${status}`,
    );
  const railRow = (page: Page) =>
    page.locator('[data-testid="rail-switch"][data-rail="bkash"][data-mode="TEST"]');

  it('shows the balance, holds payouts while the rail is off, and pays them once it is back on', async () => {
    // A first payout makes the rail report its balance.
    const first = await createPayout(10_000);
    await reaches(first.body.data.reference as string, 'SUCCEEDED');

    const operator = await stack.createOperator('FINANCE');
    const session = await openPage(browser);
    sessions.push(session);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, operator, '/admin/payouts');
    expect(await page.locator('h1').innerText()).toBe('Money out');
    const balance = page.locator('[data-testid="rail-balance"][data-rail="bkash"][data-mode="TEST"]');
    expect(await balance.getByTestId('rail-balance-amount').innerText()).toMatch(
      /^\d{1,3}(,\d{3})*\.\d{2} BDT$/,
    );
    expect(await railRow(page).getAttribute('data-on')).toBe('true');

    // The paid payout's page: its amount and the rail's fee in taka, never in minor units.
    const paidReference = first.body.data.reference as string;
    const [paid] = await stack
      .em()
      .execute<Array<{ fee_minor: string | null }>>('select fee_minor from payouts where reference = ?', [
        paidReference,
      ]);
    const feeMinor = Number(paid!.fee_minor);
    expect(feeMinor).toBeGreaterThan(0);
    await page.goto(`${stack.apiUrl}/admin/payouts/${paidReference}`);
    expect(await page.getByTestId('payout-amount').innerText()).toBe('100.00 BDT');
    expect(await page.getByTestId('payout-fee').innerText()).toBe(
      `${Math.floor(feeMinor / 100).toLocaleString('en-US')}.${String(feeMinor % 100).padStart(2, '0')} BDT`,
    );
    expect(await page.getByText('minor units').count()).toBe(0);
    await page.goto(`${stack.apiUrl}/admin/payouts`);

    // Taken while the rail is on; its cancel window is still running when the rail goes off.
    const taken = await createPayout(20_000);
    expect(taken.status).toBe(201);
    const held = taken.body.data.reference as string;
    await railRow(page).getByTestId('rail-switch-off').click();
    await page.getByText('bkash TEST is off').waitFor();
    expect(await railRow(page).getAttribute('data-on')).toBe('false');
    expect(await railRow(page).getByTestId('rail-switch-state').innerText()).toContain('OFF');

    const refused = await createPayout(5_000);
    expect(refused.status).toBe(422);
    expect(refused.body.meta.errorCode).toBe('RAIL_SWITCHED_OFF');

    await reaches(held, 'QUEUED');
    await page.reload();
    const queued = page.locator(`[data-testid="queued-payouts-row"][data-reference="${held}"]`);
    await queued.waitFor();
    expect(await queued.innerText()).toContain('200.00 BDT');
    expect(await railRow(page).getByTestId('rail-queued').innerText()).toBe('1');

    await railRow(page).getByTestId('rail-switch-on').click();
    await page.getByText('bkash TEST is on; 1 queued payout(s) woken').waitFor();
    await reaches(held, 'SUCCEEDED');
    await page.reload();
    expect(await page.getByTestId('queue-empty').count()).toBe(1);
    expect(await railRow(page).getAttribute('data-on')).toBe('true');
    const transfers = await stack.gatewaySimulators.control<{
      transfers: Array<{ merchantInvoiceNumber: string }>;
    }>('bkash-disbursement', 'GET', '/__simulator/transfers');
    expect(transfers.transfers.filter((transfer) => transfer.merchantInvoiceNumber === held)).toHaveLength(1);
  }, 60_000);

  async function signedIn(role: 'FINANCE' | 'ADMIN'): Promise<Page> {
    const operator = await stack.createOperator(role);
    const session = await openPage(browser);
    sessions.push(session);
    await signInThroughPage(session.page, stack.apiUrl, operator, '/admin/payouts');
    return session.page;
  }

  it('a payout queued for a short balance goes out with the recheck after a top-up', async () => {
    const sim = <T = unknown>(method: string, route: string, body?: unknown) =>
      stack.gatewaySimulators.control<T>('bkash-disbursement', method, route, body);
    const { balanceMinor } = await sim<{ balanceMinor: number }>('GET', '/__simulator/transfers');
    await sim('PUT', '/__simulator/balance', { balanceMinor: 5_000 });
    const reference = (await createPayout(40_000)).body.data.reference as string;
    await reaches(reference, 'QUEUED');

    const page = await signedIn('FINANCE');
    const balance = page.locator('[data-testid="rail-balance"][data-rail="bkash"][data-mode="TEST"]');
    expect(await balance.getByTestId('rail-balance-amount').innerText()).toBe('50.00 BDT');
    await page.locator(`[data-testid="queued-payouts-row"][data-reference="${reference}"]`).waitFor();
    await sim('POST', '/__simulator/balance/top-up', { amountMinor: 100_000 });
    await railRow(page).getByTestId('rail-recheck').click();
    await page.getByText("1 queued payout(s) on bkash TEST ask the rail's balance again").waitFor();
    await reaches(reference, 'SUCCEEDED');
    await sim('PUT', '/__simulator/balance', { balanceMinor });
  }, 60_000);

  it('a LIVE rail switched off comes back on when a second ADMIN approves it on the page', async () => {
    const proposer = await signedIn('ADMIN');
    const liveRow = (page: Page) =>
      page.locator('[data-testid="rail-switch"][data-rail="nagad"][data-mode="LIVE"]');
    await liveRow(proposer).getByTestId('rail-switch-off').click();
    await proposer.getByText('nagad LIVE is off').waitFor();
    await liveRow(proposer).getByTestId('rail-switch-on').click();
    await proposer.getByText('Switching nagad LIVE on is proposed; another ADMIN approves it').waitFor();
    expect(await liveRow(proposer).getAttribute('data-on')).toBe('false');
    // The proposer may withdraw it, never approve it.
    expect(await liveRow(proposer).getByTestId('rail-switch-approve').count()).toBe(0);
    expect(await liveRow(proposer).getByTestId('rail-switch-withdraw').count()).toBe(1);

    const approver = await signedIn('ADMIN');
    await liveRow(approver).getByTestId('rail-switch-pending').waitFor();
    await liveRow(approver).getByTestId('rail-switch-approve').click();
    await approver.getByText('Switching nagad LIVE on: APPROVED').waitFor();
    expect(await liveRow(approver).getAttribute('data-on')).toBe('true');
  }, 60_000);

  it('approves and rejects payouts waiting for approval', async () => {
    const app = await stack.registerApp();
    await setPayoutRules(stack.em(), app.app.id, 'TEST', {
      enabled: true,
      floor: 1,
      bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 1 }],
    });
    const waitingPayout = async () => {
      const created = await stack.api('POST', '/api/v1/payouts', {
        creds: app.test,
        body: { amountMinor: 30_000, beneficiary: { type: 'BKASH_WALLET', walletNumber: '01731999001' } },
      });
      expect(created.body.data.status).toBe('WAITING_APPROVAL');
      return created.body.data.reference as string;
    };
    const approved = await waitingPayout();
    const rejected = await waitingPayout();

    const operator = await stack.createOperator('FINANCE');
    const session = await openPage(browser);
    sessions.push(session);
    const { page } = session;
    await signInThroughPage(page, stack.apiUrl, operator, '/admin/payouts');
    const row = (reference: string) =>
      page.locator(`[data-testid="waiting-payouts-row"][data-reference="${reference}"]`);
    expect(await row(approved).innerText()).toContain('300.00 BDT');
    await row(approved).getByTestId('payout-approve').click();
    await page.getByText(`Payout ${approved} approved: now SCHEDULED`).waitFor();
    await row(rejected).getByTestId('payout-reject').click();
    await page.getByText(`Payout ${rejected} rejected: now CANCELLED`).waitFor();
    expect(await row(approved).count()).toBe(0);
    expect(await row(rejected).count()).toBe(0);
    await eventually(
      async () =>
        (await stack.api('GET', `/api/v1/payouts/${approved}`, { creds: app.test })).body.data.status ===
        'SUCCEEDED'
          ? true
          : null,
      20_000,
      `${approved} SUCCEEDED`,
    );
  }, 60_000);
});
