import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { addDays, periodBefore } from '../../domain/reports/report-schedules.js';
import { instantInZone } from '../../domain/shared/company-day.js';
import { companyZone, dateInZone } from '../../domain/shared/company-time.js';
import { startMailCatcher, type MailCatcher } from '../../scripts/dev/mail-catcher.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { EXPECTED_STATUS_ERRORS, signInThroughPage } from '../helpers/oversight-browser.js';
import { workbookRows } from '../helpers/report-files.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';

const ZONE = companyZone(undefined);

/**
 * Finance's week in headless Chromium, on the real worker, Temporal, PostgreSQL and an SMTP
 * server: a saved view of last week's captured payments, a weekly report scheduled from it, run
 * now, the emailed link opened to the XLSX, and the same file downloaded again from the runs.
 */
describe("finance's week in a real browser", () => {
  let stack: Stack;
  let browser: Browser;
  let catcher: MailCatcher;
  let session: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    stack = await startStack({
      configOverrides: { SMTP_URL: catcher.smtpUrl, EMAIL_FROM: 'reports@oi-payments.test' },
    });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await closeBrowser(browser);
    await stack?.close();
    await catcher?.close();
  });

  const flash = (page: Page) => page.getByRole('status');
  const opened = async (page: Page, open: () => Promise<unknown>) => {
    const [download] = await Promise.all([page.waitForEvent('download'), open()]);
    return { name: download.suggestedFilename(), content: await readFile((await download.path())!) };
  };

  it('saves a view, schedules a weekly report from it, and opens the delivered file', async () => {
    const app = await stack.registerApp();
    const captured = [
      await stack.paidPayment(app.test, { amountMinor: 42_000 }),
      await stack.paidPayment(app.test, { amountMinor: 8_800 }),
    ];
    await stack.createPayment(app.test, { amountMinor: 3_000 });
    // Last week's money: the payments are dated Wednesday of the week before this one.
    const lastWeek = periodBefore('WEEKLY', dateInZone(new Date(), ZONE));
    await stack
      .em()
      .execute('update payments set created_at = ? where app_id = ?', [
        instantInZone(addDays(lastWeek.from, 2), '10:00', ZONE),
        app.app.id,
      ]);

    const finance = await stack.createOperator('FINANCE');
    session = await openPage(browser);
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInThroughPage(page, stack.apiUrl, finance, '/admin/payments');

    // The view: this app's captured payments.
    await page.locator('select[name="appId"]').selectOption(String(app.app.id));
    await page.locator('select[name="status"]').selectOption('SUCCEEDED');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'SUCCEEDED');
    await page.getByTestId('save-view-name').fill('Captured, this app');
    await page.getByTestId('save-view').click();
    await flash(page).getByText('Saved the view').waitFor();

    // The schedule, from the view: every Monday at 07:00, XLSX by email.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/reports');
    const form = page.getByTestId('report-schedule-form');
    await form.locator('input[name="name"]').fill('Weekly captures');
    await form.locator('select[name="type"]').selectOption('payments');
    await form.getByTestId('report-saved-view').selectOption({ label: 'payments: Captured, this app' });
    await form.getByTestId('report-cadence').selectOption('WEEKLY');
    await form.locator('select[name="weekday"]').selectOption('1');
    await form.locator('input[name="at"]').fill('07:00');
    await form.locator('select[name="format"]').selectOption('xlsx');
    await form.getByTestId('report-recipients').fill('books@company.test');
    await form.getByTestId('report-schedule-submit').click();
    await flash(page).getByText('Schedule "Weekly captures" saved: Every Monday at 07:00').waitFor();
    const row = page.getByTestId('report-schedule').filter({ hasText: 'Weekly captures' });
    expect(await row.innerText()).toContain('books@company.test');

    // Run now: last week, made and emailed.
    await row.getByTestId('report-schedule-run').click();
    await flash(page).getByText(`Running ${lastWeek.from} to ${lastWeek.to} now`).waitFor();
    const mail = await eventually(
      async () => catcher.messages().find((m) => m.recipients.includes('books@company.test')),
      60_000,
      'the report email',
    );
    expect(mail.subject).toBe(`Weekly captures: ${lastWeek.from} to ${lastWeek.to}`);
    const link = /https?:\/\/\S+\/reports\/download\/[0-9a-z]{32}/.exec(mail.text ?? '')![0];

    // The emailed link, opened in the browser: the workbook of the view's rows.
    const emailed = await opened(page, () => page.goto(link).catch(() => undefined));
    expect(emailed.name).toBe(`payments-app-${app.app.id}-TEST-${lastWeek.from}-to-${lastWeek.to}.xlsx`);
    const rows = await workbookRows(emailed.content);
    const header = rows[0] as string[];
    expect(
      rows
        .slice(1)
        .map((r) => r[header.indexOf('reference')])
        .sort(),
    ).toEqual(captured.map((p) => p.reference).sort());
    expect(rows.slice(1).every((r) => r[header.indexOf('status')] === 'SUCCEEDED')).toBe(true);

    // The run is listed, delivered, and downloads again as the same workbook.
    await page.goto(`${stack.apiUrl}/admin/reports`);
    const run = page.getByTestId('report-run').first();
    await eventually(
      async () => {
        await page.reload();
        return (await run.innerText()).includes('DELIVERED');
      },
      60_000,
      'the run delivered',
    );
    const again = await opened(page, () => run.getByTestId('report-download-xlsx').click());
    expect(await workbookRows(again.content)).toEqual(rows);
    await page.screenshot({ path: '/tmp/finance-week-reports-1280.png', fullPage: true });
    expect(session.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p))).toEqual([]);
  });
});
