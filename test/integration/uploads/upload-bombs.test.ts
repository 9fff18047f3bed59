import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { randomToken } from '../../../domain/shared/ids.js';
import { startUploadStack, uploadSslcommerzReport } from '../../helpers/settlement-uploads.js';
import { eventually, type Stack } from '../../helpers/stack.js';
import {
  csvOf,
  plainWorkbook,
  sharedStringsBomb,
  wideRowWorkbook,
  withDeclaredSize,
  workbookBomb,
  workbookOf,
} from '../../helpers/upload-files.js';
import { noteSlowWait } from '../../helpers/patience.js';

/**
 * Files built to hurt the reader, uploaded through the admin API of a running stack: a workbook
 * that inflates to far more than it weighs, one whose directory lies about its sizes, too many
 * rows, too many columns, too many bytes. Each is refused with the code of the limit it crossed,
 * recorded on its upload; the API answers its health check and a checkout page all along; no
 * temporary file is left; the worker still reads the next ordinary report.
 */
describe('upload limits against hostile files', () => {
  let stack: Stack;
  let uploadDir: string;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;
  let checkoutReference: string;
  let close: () => Promise<void>;
  /** Rows allowed here: low, so that crossing it takes seconds (the default is 200,000). */
  const MAX_ROWS = 2_000;
  /**
   * What a workbook may inflate to here: low, so that reading up to it takes a fraction of what
   * the default's 100 MiB would (the limit is counted the same whatever its value).
   */
  const MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;
  /**
   * Some 40 MB of sheet, two and a half times the limit, in well under 1 MB: the sheet before the
   * parts a streaming reader needs first. Deflated at the strongest level: made once, for both tests.
   */
  let madeBomb: Promise<Buffer> | undefined;
  const bombOf40kRows = () => (madeBomb ??= workbookBomb(40_000));

  beforeAll(async () => {
    ({ stack, uploadDir, finance, close } = await startUploadStack('upload-bombs-', {
      configOverrides: {
        UPLOAD_MAX_ROWS: String(MAX_ROWS),
        UPLOAD_MAX_DECOMPRESSED_BYTES: String(MAX_DECOMPRESSED_BYTES),
        UPLOAD_WAIT_SECONDS: '120',
      },
    }));
    const app = await stack.registerApp();
    checkoutReference = (await stack.createPayment(app.test)).reference;
  }, 120_000);
  afterAll(() => close());

  const SSL_HEADER =
    'Transaction ID,Bank Transaction ID,Validation ID,Transaction Date,Type,Currency,Amount,Store Amount,Charge,Settlement Date,Settlement ID';
  const sslRow = (id: string) =>
    `pay_${id},BTX-${id},VAL-${id},2026-11-19 10:00:00,Payment,BDT,1000.00,975.00,25.00,2026-11-20,S-${id}`;

  const upload = (path: string, file: { name: string; content: Buffer }) =>
    uploadSslcommerzReport(stack.apiUrl, finance, file, path);

  /**
   * Asks for /health and a checkout page every 100 ms while `during` runs: every answer must be a
   * 200 (the API keeps serving while a file is read, in a process of its own). How long each took
   * is no verdict on a loaded machine: the slowest is reported when it is past a few seconds.
   */
  async function whileApiIsWatched<T>(during: () => Promise<T>): Promise<{ result: T; probes: number }> {
    let running = true;
    const failures: string[] = [];
    let probes = 0;
    let slowest = 0;
    const watch = (async () => {
      while (running) {
        for (const path of ['/health', `/api/v1/checkout/${checkoutReference}`]) {
          const started = Date.now();
          const response = await fetch(`${stack.apiUrl}${path}`).catch((error: Error) => error);
          const took = Date.now() - started;
          probes += 1;
          if (response instanceof Error) failures.push(`${path}: ${response.message}`);
          else {
            await response.arrayBuffer();
            if (response.status !== 200) failures.push(`${path}: ${response.status}`);
          }
          slowest = Math.max(slowest, took);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      const result = await during();
      return { result, probes };
    } finally {
      running = false;
      await watch;
      noteSlowWait('the API to answer while a file was read', 5_000, Date.now() - slowest);
      expect(failures).toEqual([]);
    }
  }

  /** Nothing of any upload is left in the upload folder. */
  const leftovers = () => readdir(uploadDir);

  const uploadRow = async (id: number) =>
    (
      await stack
        .em()
        .execute<Array<{ status: string; error_code: string | null; chunks: string }>>(
          `select status, error_code, (select count(*) from file_upload_chunks c where c.upload_id = u.id) as chunks from file_uploads u where id = ?`,
          [id],
        )
    )[0]!;

  async function expectRefused(
    answer: { status: number; body: any },
    errorCode: string,
    limit: string | null,
  ): Promise<void> {
    expect({ status: answer.status, errorCode: answer.body.meta?.errorCode }).toEqual({
      status: 422,
      errorCode,
    });
    expect(answer.body.meta.details).toMatchObject({ limit });
    const uploadId = answer.body.meta.details.uploadId as number;
    // Recorded on the upload, its bytes let go; its status answers the same refusal.
    expect(await uploadRow(uploadId)).toEqual({ status: 'REFUSED', error_code: errorCode, chunks: '0' });
    const status = await finance.call('GET', `/api/v1/admin/settlements/uploads/${uploadId}`);
    expect({ status: status.status, errorCode: status.body.meta?.errorCode }).toEqual({
      status: 422,
      errorCode,
    });
    await eventually(async () => (await leftovers()).length === 0, 10_000, 'no upload files left');
  }

  it('refuses a workbook that inflates past the limit, and the API answers all along', async () => {
    const bomb = await bombOf40kRows();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { result, probes } = await whileApiIsWatched(() =>
      upload('/settlements/imports', { name: 'bomb.xlsx', content: bomb }),
    );
    expect(probes).toBeGreaterThan(0);
    await expectRefused(result, 'UPLOAD_DECOMPRESSED_TOO_LARGE', 'UPLOAD_MAX_DECOMPRESSED_BYTES');
    expect(result.body.meta.message).toContain('UPLOAD_MAX_DECOMPRESSED_BYTES');

    // The same bomb as a bank statement (of an account named for the gateway, for this test
    // only: other suites' days read whether one is named): refused the same way.
    const named = await stack.em().execute<unknown[]>(
      `insert into settlement_bank_accounts (gateway, mode, name) values ('sslcommerz', 'TEST', 'Bomb test account')
       on conflict (gateway, mode) do nothing returning gateway`,
    );
    try {
      await expectRefused(
        await upload('/settlements/bank-statements', { name: 'statement.xlsx', content: bomb }),
        'UPLOAD_DECOMPRESSED_TOO_LARGE',
        'UPLOAD_MAX_DECOMPRESSED_BYTES',
      );
    } finally {
      if (named.length > 0) {
        await stack
          .em()
          .execute(`delete from settlement_bank_accounts where gateway = 'sslcommerz' and mode = 'TEST'`);
      }
    }
  });

  it('refuses a workbook whose directory understates what its sheet inflates to', async () => {
    const bomb = await bombOf40kRows();
    // The directory claims 5 MB for the sheet: within every limit, until the sheet is inflated.
    const lying = withDeclaredSize(bomb, 'xl/worksheets/sheet1.xml', 5_000_000);
    const { result } = await whileApiIsWatched(() =>
      upload('/settlements/imports', { name: 'lying.xlsx', content: lying }),
    );
    await expectRefused(result, 'UPLOAD_ARCHIVE_INVALID', null);
    expect(result.body.meta.message).toContain('inflates past the size it declares');
  });

  it('refuses a CSV of more rows than allowed, and a workbook wider than allowed', async () => {
    const run = randomToken(6);
    const rows = csvOf(SSL_HEADER, (n) => sslRow(`${run}-${n}`), MAX_ROWS + 10);
    const { result } = await whileApiIsWatched(() =>
      upload('/settlements/imports', { name: 'rows.csv', content: rows }),
    );
    await expectRefused(result, 'UPLOAD_TOO_MANY_ROWS', 'UPLOAD_MAX_ROWS');
    // Nothing of it was stored.
    const [stored] = await stack
      .em()
      .execute<Array<{ n: string }>>(
        `select count(*) as n from settlement_lines where gateway_transaction_id like ?`,
        [`BTX-${run}-%`],
      );
    expect(stored!.n).toBe('0');

    const wide = await plainWorkbook(5, 100);
    await expectRefused(
      await upload('/settlements/imports', { name: 'wide.xlsx', content: wide }),
      'UPLOAD_TOO_MANY_CELLS',
      'UPLOAD_MAX_COLUMNS',
    );
  });

  it('refuses a row of a million cells by the cell limit while the row is read, CSV and XLSX', async () => {
    // Counted as the bytes arrive: the reader stops at the 65th cell and never builds the row
    // (built first, a CSV row of empty cells grows by the million until the heap runs out).
    const csv = Buffer.from(`${SSL_HEADER}\npay_wide${','.repeat(1_000_000)}\n`);
    const { result } = await whileApiIsWatched(() =>
      upload('/settlements/imports', { name: 'wide-row.csv', content: csv }),
    );
    await expectRefused(result, 'UPLOAD_TOO_MANY_CELLS', 'UPLOAD_MAX_COLUMNS');
    expect(result.body.meta.message).toContain('Row 2 has more than 64 columns (UPLOAD_MAX_COLUMNS)');

    // The same in a workbook: a row of 200,000 cells, twelve times the sheet's 16,384 columns
    // (and within what a workbook may inflate to here, so the cell limit is what refuses it).
    const workbook = await wideRowWorkbook(200_000);
    const xlsx = await upload('/settlements/imports', { name: 'wide-row.xlsx', content: workbook });
    await expectRefused(xlsx, 'UPLOAD_TOO_MANY_CELLS', 'UPLOAD_MAX_COLUMNS');
    expect(xlsx.body.meta.message).toContain('Row 1 has more than 64 columns (UPLOAD_MAX_COLUMNS)');
  });

  it('refuses a file past the upload limit with 413 before reading it, keeping nothing', async () => {
    const large = Buffer.alloc(21 * 1024 * 1024, 0x61);
    const answer = await upload('/settlements/imports', { name: 'large.csv', content: large });
    expect({ status: answer.status, errorCode: answer.body.meta?.errorCode }).toEqual({
      status: 413,
      errorCode: 'UPLOAD_TOO_LARGE',
    });
    expect(answer.body.meta.details).toMatchObject({ limit: 'UPLOAD_MAX_BYTES', value: 20 * 1024 * 1024 });
    expect(await leftovers()).toEqual([]);
  });

  it('still imports an ordinary report, CSV and XLSX, after the hostile ones: the worker is up', async () => {
    const [a, b] = [randomToken(8), randomToken(8)];
    const csv = await upload('/settlements/imports', {
      name: 'ordinary.csv',
      content: Buffer.from([SSL_HEADER, sslRow(a)].join('\n')),
    });
    expect(csv.status).toBe(201);
    expect(csv.body.data).toMatchObject({ created: true, lineCount: 1, format: 'sslcommerz-csv' });

    const xlsx = await upload('/settlements/imports', {
      name: 'ordinary.xlsx',
      content: await workbookOf([SSL_HEADER.split(','), sslRow(b).split(',')]),
    });
    expect(xlsx.status).toBe(201);
    expect(xlsx.body.data).toMatchObject({ created: true, lineCount: 1, format: 'sslcommerz-xlsx' });
    expect(await leftovers()).toEqual([]);

    // A payment still completes: the worker runs workflows as before.
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    expect((await stack.readPayment(app.test, paid.reference)).status).toBe('SUCCEEDED');
  });
});

/**
 * The last line: a file that passes every counting limit (lifted here) and still needs more memory
 * than the reader's heap. The reader is a process of its own, so V8's out-of-memory abort ends that
 * process alone: the upload is refused naming UPLOAD_PARSER_HEAP_MB, and the worker, which shares
 * this process with the API and the test, reads the next report and completes a payment.
 */
describe('a file that fills the reader heap past every counting limit', () => {
  let stack: Stack;
  let uploadDir: string;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;
  let close: () => Promise<void>;
  const HEAP_MB = 32;

  beforeAll(async () => {
    ({ stack, uploadDir, finance, close } = await startUploadStack('upload-heap-', {
      configOverrides: {
        UPLOAD_WAIT_SECONDS: '120',
        UPLOAD_PARSER_HEAP_MB: String(HEAP_MB),
        UPLOAD_MAX_COMPRESSION_RATIO: '1000',
        UPLOAD_MAX_DECOMPRESSED_BYTES: String(1024 * 1024 * 1024),
      },
    }));
  }, 120_000);
  afterAll(() => close());

  const upload = (file: { name: string; content: Buffer }) =>
    uploadSslcommerzReport(stack.apiUrl, finance, file);

  /** Reader processes the worker (this process) has running. */
  const readers = () =>
    execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('report-reader-process'));

  it('refuses it naming the heap limit, and the worker goes on to the next report and a payment', async () => {
    // A million shared strings (some 100 MB of text), every one kept by the streaming reader before
    // the first row: within the lifted inflated-size and ratio limits, far past a 32 MiB heap.
    const bomb = await sharedStringsBomb(1_000_000);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const answer = await upload({ name: 'strings.xlsx', content: bomb });
    expect({ status: answer.status, errorCode: answer.body.meta?.errorCode }).toEqual({
      status: 422,
      errorCode: 'UPLOAD_PARSER_FAILED',
    });
    expect(answer.body.meta.message).toBe(
      `Reading the file needed more than ${HEAP_MB} MiB of memory (UPLOAD_PARSER_HEAP_MB)`,
    );
    expect(answer.body.meta.details).toMatchObject({ limit: 'UPLOAD_PARSER_HEAP_MB', value: HEAP_MB });
    const uploadId = answer.body.meta.details.uploadId as number;
    // Recorded as a refusal, not a failure to retry: its status answers the same refusal.
    const [row] = await stack
      .em()
      .execute<Array<{ status: string; error_code: string }>>(
        'select status, error_code from file_uploads where id = ?',
        [uploadId],
      );
    expect(row).toEqual({ status: 'REFUSED', error_code: 'UPLOAD_PARSER_FAILED' });
    const status = await finance.call('GET', `/api/v1/admin/settlements/uploads/${uploadId}`);
    expect({ status: status.status, errorCode: status.body.meta?.errorCode }).toEqual({
      status: 422,
      errorCode: 'UPLOAD_PARSER_FAILED',
    });
    expect(readers()).toEqual([]);
    await eventually(async () => (await readdir(uploadDir)).length === 0, 10_000, 'no upload files left');

    // The worker that ran the reader reads the next report and completes a payment.
    const id = randomToken(8);
    const ordinary = await upload({
      name: 'ordinary.csv',
      content: Buffer.from(
        [
          'Transaction ID,Bank Transaction ID,Validation ID,Transaction Date,Type,Currency,Amount,Store Amount,Charge,Settlement Date,Settlement ID',
          `pay_${id},BTX-${id},VAL-${id},2026-11-19 10:00:00,Payment,BDT,1000.00,975.00,25.00,2026-11-20,S-${id}`,
        ].join('\n'),
      ),
    });
    expect(ordinary.status).toBe(201);
    expect(ordinary.body.data).toMatchObject({ created: true, lineCount: 1 });
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    expect((await stack.readPayment(app.test, paid.reference)).status).toBe('SUCCEEDED');
  });
});
