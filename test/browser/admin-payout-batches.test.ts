import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { signInThroughPage } from '../helpers/oversight-browser.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';

/**
 * A payout batch file in headless Chromium: one FINANCE operator uploads it (stored by the request
 * and read by the worker: the upload's page shows a file with a bad line refused line by line,
 * nothing taken, or the batch the worker took), cannot approve their own; another approves it,
 * sees the cancel window count down and cancels; a second batch, approved and left alone, is paid
 * through the bKash disbursement simulator and shows its progress.
 */
describe('payout batch upload in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({ configOverrides: { PAYOUT_CANCEL_WINDOW_SECONDS: '4' } });
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await closeBrowser(browser);
    await stack?.close();
  });

  const header = 'line_reference,amount_minor,beneficiary_type,wallet_number,name,narrative';
  const file = (rows: string[]) => ({
    name: 'prizes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([header, ...rows].join('\n')),
  });
  const goodRows = (tag: string) => [
    `${tag}-1,15000,BKASH_WALLET,01711000101,Rahima Khatun,Quiz prize`,
    `${tag}-2,25000,BKASH_WALLET,01711000102,Karim Uddin,Quiz prize`,
    `${tag}-3,35000,BKASH_WALLET,01711000103,Nasrin Akter,Quiz prize`,
  ];

  async function signedIn(): Promise<Page> {
    const operator = await stack.createOperator('FINANCE');
    const session = await openPage(browser);
    sessions.push(session);
    await signInThroughPage(session.page, stack.apiUrl, operator, '/admin/payout-batches');
    return session.page;
  }

  async function upload(page: Page, appId: number, rows: string[]) {
    await page.goto(`${stack.apiUrl}/admin/payout-batches`);
    await page.getByTestId('batch-app').selectOption(String(appId));
    await page.getByTestId('batch-mode').selectOption('TEST');
    await page.getByTestId('batch-file').setInputFiles(file(rows));
    await page.getByTestId('batch-upload-submit').click();
  }

  const statusOn = async (page: Page, reference: string) => {
    await page.goto(`${stack.apiUrl}/admin/payout-batches/${reference}`);
    return page.getByTestId('batch-status').textContent();
  };

  it('refuses a bad file line by line, then takes one that waits for another operator, who approves and cancels it in its window', async () => {
    const app = await stack.registerApp();
    const uploader = await signedIn();

    await upload(uploader, app.app.id, [
      'bad-1,15000,BKASH_WALLET,01711000101,A',
      'bad-2,12.50,BKASH_WALLET,01711000102,B',
      'bad-3,100,BKASH_WALLET,123,C',
    ]);
    await uploader.getByTestId('batch-issues').waitFor();
    // The table is the upload's page: the worker read the file, not the request.
    expect(new URL(uploader.url()).pathname).toMatch(/^\/admin\/payout-batches\/uploads\/\d+$/);
    const refusedUpload = new URL(uploader.url()).pathname.split('/').pop()!;
    const [refused] = await stack
      .em()
      .execute<Array<{ kind: string; status: string; error_code: string }>>(
        'select kind, status, error_code from file_uploads where id = ?',
        [refusedUpload],
      );
    expect(refused).toEqual({
      kind: 'payout_batch',
      status: 'REFUSED',
      error_code: 'PAYOUT_BATCH_LINES_INVALID',
    });
    expect(
      await uploader
        .getByTestId('batch-issue')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-line'))),
    ).toEqual(['2', '3']);
    const [none] = await stack
      .em()
      .execute<Array<{ n: string }>>('select count(*) as n from payout_batches where app_id = ?', [
        app.app.id,
      ]);
    expect(Number(none?.n)).toBe(0);

    await upload(uploader, app.app.id, goodRows('first'));
    await uploader.waitForURL((url) => /^\/admin\/payout-batches\/pb_/.test(url.pathname));
    const reference = uploader.url().split('/').pop()!.split('?')[0]!;
    expect(await uploader.getByTestId('batch-status').textContent()).toBe('WAITING_APPROVAL');
    const [taken] = await stack.em().execute<Array<{ status: string }>>(
      `select u.status from file_uploads u join payout_batches b on b.id = u.import_id
          where u.kind = 'payout_batch' and b.reference = ?`,
      [reference],
    );
    expect(taken?.status).toBe('IMPORTED');
    expect(await uploader.getByTestId('batch-lines').getByTestId('batch-line').count()).toBe(3);
    // The uploader is offered no Approve button, and the server refuses it all the same.
    expect(await uploader.getByTestId('batch-approve').count()).toBe(0);

    const approver = await signedIn();
    await approver.goto(`${stack.apiUrl}/admin/payout-batches/${reference}`);
    await approver.getByTestId('batch-approve').click();
    await approver.getByText(`Batch ${reference} is SCHEDULED`).waitFor();
    const secondsLeft = Number(await approver.getByTestId('batch-seconds-left').textContent());
    expect(secondsLeft).toBeGreaterThan(0);
    expect(secondsLeft).toBeLessThanOrEqual(4);
    await approver.getByTestId('batch-cancel').click();
    await approver.getByText(`Batch ${reference} is CANCELLED`).waitFor();

    // Its workflow ends on the cancellation: no line is ever made (the integration suite waits out the window).
    await stack.client.workflow.getHandle(`payout-batch-${reference}`).result();
    expect(await statusOn(approver, reference)).toBe('CANCELLED');
    const [made] = await stack
      .em()
      .execute<Array<{ n: string }>>(
        'select count(*) as n from payout_batch_lines l join payout_batches b on b.id = l.batch_id where b.reference = ? and l.payout_id is not null',
        [reference],
      );
    expect(Number(made?.n)).toBe(0);
  }, 35_000);

  it('pays an approved batch after its window and shows its progress', async () => {
    const app = await stack.registerApp();
    const uploader = await signedIn();
    await upload(uploader, app.app.id, goodRows('second'));
    await uploader.waitForURL((url) => /^\/admin\/payout-batches\/pb_/.test(url.pathname));
    const reference = uploader.url().split('/').pop()!.split('?')[0]!;

    const approver = await signedIn();
    await approver.goto(`${stack.apiUrl}/admin/payout-batches/${reference}`);
    await approver.getByTestId('batch-approve').click();
    await approver.getByText(`Batch ${reference} is SCHEDULED`).waitFor();
    await eventually(
      async () => (await statusOn(approver, reference)) === 'COMPLETED',
      25_000,
      'the batch completed',
    );
    const progress = approver.getByTestId('batch-progress-row');
    expect(await progress.count()).toBe(1);
    expect(await progress.first().getAttribute('data-status')).toBe('SUCCEEDED');
  }, 35_000);
});
