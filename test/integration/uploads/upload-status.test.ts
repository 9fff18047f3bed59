import { readdir } from 'node:fs/promises';
import { randomToken } from '../../../domain/shared/ids.js';
import { startUploadStack, uploadSslcommerzReport } from '../../helpers/settlement-uploads.js';
import { eventually, type Stack } from '../../helpers/stack.js';
import { plainWorkbook } from '../../helpers/upload-files.js';

/**
 * The API only receives an upload; the worker reads it. With the worker away the API still takes
 * a report, stores it and answers 202 with where to look; once a worker runs, the upload's status
 * page shows the import (and its days' reconciliation starts), or the refusal with the limit it
 * crossed.
 */
describe('uploads read by the worker after the answer', () => {
  let stack: Stack;
  let uploadDir: string;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, uploadDir, finance, close } = await startUploadStack('upload-status-', {
      worker: false,
      configOverrides: { UPLOAD_WAIT_SECONDS: '1' },
    }));
  });
  afterAll(() => close());

  const SSL_HEADER =
    'Transaction ID,Bank Transaction ID,Validation ID,Transaction Date,Type,Currency,Amount,Store Amount,Charge,Settlement Date,Settlement ID';

  const upload = (file: { name: string; content: Buffer }) =>
    uploadSslcommerzReport(stack.apiUrl, finance, file);

  it('answers 202 without a worker, then shows the import or the refusal once one reads it', async () => {
    const id = randomToken(8);
    const report = [
      SSL_HEADER,
      `pay_${id},BTX-${id},VAL-${id},2026-11-19 10:00:00,Payment,BDT,1000.00,975.00,25.00,2026-11-24,S-${id}`,
    ].join('\n');
    const received = await upload({ name: 'later.csv', content: Buffer.from(report) });
    expect(received.status).toBe(202);
    expect(received.body.data).toMatchObject({ status: 'RECEIVED', fileName: 'later.csv', importId: null });
    const statusUrl = received.body.data.statusUrl as string;
    expect(statusUrl).toBe(`/api/v1/admin/settlements/uploads/${received.body.data.uploadId}`);
    // Nothing of it waits on the API's disk: the bytes are in the database.
    expect(await readdir(uploadDir)).toEqual([]);

    const wide = await upload({ name: 'wide.xlsx', content: await plainWorkbook(3, 100) });
    expect(wide.status).toBe(202);

    const stillReading = await finance.call('GET', statusUrl);
    expect(stillReading.status).toBe(200);
    expect(stillReading.body.data.status).toBe('RECEIVED');

    await stack.startWorker();
    const imported = await eventually(
      async () => {
        const answer = await finance.call('GET', statusUrl);
        return answer.body.data?.status === 'IMPORTED' ? answer : null;
      },
      60_000,
      'the report imported by the worker',
    );
    expect(imported.body.data.importId).toEqual(expect.any(Number));
    // The first look after the import started the day's reconciliation.
    const day = await stack.client.workflow.getHandle('recon-sslcommerz-TEST-2026-11-24').describe();
    expect(day.status.name).toBe('RUNNING');
    const detail = await finance.call(
      'GET',
      `/api/v1/admin/settlements/imports/${imported.body.data.importId}`,
    );
    expect(detail.body.data).toMatchObject({ fileName: 'later.csv', lineCount: 1 });

    const refused = await eventually(
      async () => {
        const answer = await finance.call('GET', wide.body.data.statusUrl);
        return answer.status === 422 ? answer : null;
      },
      60_000,
      'the wide workbook refused by the worker',
    );
    expect(refused.body.meta).toMatchObject({
      errorCode: 'UPLOAD_TOO_MANY_CELLS',
      details: { limit: 'UPLOAD_MAX_COLUMNS', value: 64, uploadId: wide.body.data.uploadId },
    });
    await eventually(async () => (await readdir(uploadDir)).length === 0, 10_000, 'no upload files left');
  });
});
