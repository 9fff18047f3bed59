import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeWorkbook } from '../../../platform/xlsx/write-workbook.js';
import { importSettlementReport } from '../../../activities/reconciliation/settlement-imports.js';
import { randomToken } from '../../../domain/shared/ids.js';
import { runCli } from '../../helpers/cli.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { BKASH_REPORT_COLUMNS } from '../../helpers/bkash-report-header.js';

/**
 * Settlement reports in through the admin API and the dashboard: stored once each (by the file's
 * hash and by each line's identity), refused whole with the row and column of the first problem,
 * FINANCE and ADMIN only, every import audited.
 */
/*
 * Each test imports files of its own (transaction ids drawn at random, file names its own) and
 * reads back only those, so they run side by side, Jest's maxConcurrency at a time: the CLI's
 * processes start up while the API imports the others.
 */
describe('settlement report imports', () => {
  let stack: Stack;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;
  let financeId: number;

  beforeAll(async () => {
    // The worker reads what is uploaded.
    stack = await startStack({
      configOverrides: { SETTLEMENT_REPORT_COLUMNS: JSON.stringify({ nagad: { net: 'Net Payable' } }) },
    });
    const operator = await stack.createOperator('FINANCE');
    financeId = operator.id;
    finance = await stack.adminLogin(operator.email, operator.password);
  });
  afterAll(() => stack.close());

  const SSLCOMMERZ_HEADER =
    'Transaction ID,Bank Transaction ID,Validation ID,Transaction Date,Type,Currency,Amount,Store Amount,Charge,Settlement Date,Settlement ID';
  /** One SSLCOMMERZ report row; `id` makes its transaction unique to this run. */
  const sslRow = (id: string, amount = '1000.00', storeAmount = '975.00', charge = '25.00') =>
    `pay_${id},BTX-${id},VAL-${id},2026-11-19 10:00:00,Payment,BDT,${amount},${storeAmount},${charge},2026-11-20,S-${id}`;

  async function upload(
    session: { cookie: string; csrfToken: string },
    fields: Record<string, string>,
    file: { name: string; content: string | Buffer } | null,
  ) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    if (file) form.set('file', new Blob([file.content]), file.name);
    const response = await fetch(`${stack.apiUrl}/api/v1/admin/settlements/imports`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const linesOf = async (gatewayTransactionIds: string[]) =>
    stack
      .em()
      .execute<
        Array<{ gateway_transaction_id: string; import_id: string; gross_minor: string; net_minor: string }>
      >(
        `select gateway_transaction_id, import_id, gross_minor, net_minor from settlement_lines
         where gateway_transaction_id in (${gatewayTransactionIds.map(() => '?').join(', ')}) order by id`,
        gatewayTransactionIds,
      );

  const auditOf = (importId: number | string) =>
    stack.em().execute<Array<{ action: string; actor_id: string; after: any }>>(
      `select action, actor_id, after from audit_log where target_type = 'settlement_import' and target_id = ?
         order by id`,
      [String(importId)],
    );

  it.concurrent(
    'stores a report once: the same file again answers the earlier import; an overlapping one adds only its new lines',
    async () => {
      const [a, b, c] = [randomToken(8), randomToken(8), randomToken(8)];
      const report = [SSLCOMMERZ_HEADER, sslRow(a), sslRow(b, '-200.00', '-200.00', '0')].join('\n');
      // A refund settles a negative amount; "b" is written as a refund below.
      const first = await upload(
        finance,
        { gateway: 'sslcommerz', mode: 'TEST' },
        {
          name: 'ssl-2026-11-20.csv',
          content: report.replace(`,Payment,BDT,-200.00`, `,Refund,BDT,-200.00`),
        },
      );
      expect(first.status).toBe(201);
      expect(first.body.data).toMatchObject({
        created: true,
        gateway: 'sslcommerz',
        mode: 'TEST',
        fileName: 'ssl-2026-11-20.csv',
        format: 'sslcommerz-csv',
        lineCount: 2,
        storedLineCount: 2,
        settlementDates: ['2026-11-20'],
        importedBy: { id: financeId },
      });
      const importId = first.body.data.id as number;
      // The day's reconciliation started: its workflow runs, searchable by gateway and mode.
      expect(first.body.data.reconciliations).toEqual(['recon-sslcommerz-TEST-2026-11-20']);
      const described = await stack.client.workflow.getHandle('recon-sslcommerz-TEST-2026-11-20').describe();
      expect(described.status.name).toBe('RUNNING');
      expect(await linesOf([`BTX-${a}`, `BTX-${b}`])).toEqual([
        {
          gateway_transaction_id: `BTX-${a}`,
          import_id: String(importId),
          gross_minor: '100000',
          net_minor: '97500',
        },
        {
          gateway_transaction_id: `BTX-${b}`,
          import_id: String(importId),
          gross_minor: '-20000',
          net_minor: '-20000',
        },
      ]);

      const again = await upload(
        finance,
        { gateway: 'sslcommerz', mode: 'TEST' },
        { name: 'renamed.csv', content: report.replace(`,Payment,BDT,-200.00`, `,Refund,BDT,-200.00`) },
      );
      expect(again.status).toBe(200);
      expect(again.body.data).toMatchObject({ created: false, id: importId, fileName: 'ssl-2026-11-20.csv' });

      const overlapping = await upload(
        finance,
        { gateway: 'sslcommerz', mode: 'TEST' },
        { name: 'ssl-overlap.csv', content: [SSLCOMMERZ_HEADER, sslRow(a), sslRow(c)].join('\r\n') },
      );
      expect(overlapping.status).toBe(201);
      expect(overlapping.body.data).toMatchObject({ created: true, lineCount: 2, storedLineCount: 1 });
      const stored = await linesOf([`BTX-${a}`, `BTX-${b}`, `BTX-${c}`]);
      expect(stored.map((l) => [l.gateway_transaction_id, Number(l.import_id)])).toEqual([
        [`BTX-${a}`, importId],
        [`BTX-${b}`, importId],
        [`BTX-${c}`, overlapping.body.data.id],
      ]);

      // The same file in the other mode is another import: TEST and LIVE never meet.
      const live = await upload(
        finance,
        { gateway: 'sslcommerz', mode: 'LIVE' },
        { name: 'ssl-overlap.csv', content: [SSLCOMMERZ_HEADER, sslRow(`${c}L`)].join('\r\n') },
      );
      expect(live.body.data).toMatchObject({ created: true, mode: 'LIVE' });

      const listed = await finance.call(
        'GET',
        '/api/v1/admin/settlements/imports?gateway=sslcommerz&mode=TEST',
      );
      expect(listed.status).toBe(200);
      expect(listed.body.data.items.map((i: { id: number }) => i.id)).toEqual(
        expect.arrayContaining([importId, overlapping.body.data.id]),
      );
      expect(listed.body.data.items.every((i: { mode: string }) => i.mode === 'TEST')).toBe(true);
      const detail = await finance.call('GET', `/api/v1/admin/settlements/imports/${importId}`);
      expect(
        detail.body.data.lines.map((l: { gatewayTransactionId: string; type: string; net: string }) => [
          l.gatewayTransactionId,
          l.type,
          l.net,
        ]),
      ).toEqual([
        [`BTX-${a}`, 'PAYMENT', '975.00'],
        [`BTX-${b}`, 'REFUND', '-200.00'],
      ]);
      expect(
        (await finance.call('GET', '/api/v1/admin/settlements/imports/999999999')).body.meta.errorCode,
      ).toBe('SETTLEMENT_IMPORT_NOT_FOUND');

      expect((await auditOf(importId)).map((e) => [e.action, e.actor_id])).toEqual([
        ['settlement.import', String(financeId)],
        ['settlement.import_repeated', String(financeId)],
      ]);
      expect((await auditOf(importId))[0]!.after).toMatchObject({ lineCount: 2, storedLineCount: 2 });
    },
    120_000,
  );

  it.concurrent(
    'refuses a bad file whole, naming the row and column of its first problem, and stores nothing',
    async () => {
      const [a, b, c] = [randomToken(8), randomToken(8), randomToken(8)];
      // 1,500 good lines first: more than one batch is written before the bad row is reached.
      const good = Array.from({ length: 1500 }, (_, i) => sslRow(`${a}${i}`));
      const content = [
        SSLCOMMERZ_HEADER,
        ...good,
        sslRow(b),
        sslRow(c, '1000.00', '980.00', '25.00'),
        sslRow(`${c}x`),
      ].join('\n');
      const refused = await upload(
        finance,
        { gateway: 'sslcommerz', mode: 'TEST' },
        { name: 'bad-1503.csv', content },
      );
      expect(refused.status).toBe(422);
      expect(refused.body.meta.errorCode).toBe('SETTLEMENT_FILE_INVALID');
      expect(refused.body.meta.details).toEqual({
        row: 1503,
        column: 'Store Amount',
        problem: 'is not Amount minus Charge',
      });
      expect(refused.body.meta.message).toMatch(/row 1503, column "Store Amount"/);
      expect(await linesOf([`BTX-${a}0`, `BTX-${a}1499`, `BTX-${b}`, `BTX-${c}x`])).toEqual([]);
      const imports = await stack
        .em()
        .execute(
          `select id from settlement_imports where file_name = 'bad-1503.csv' and gateway = 'sslcommerz'`,
        );
      expect(imports).toEqual([]);
      const [refusal] = await stack
        .em()
        .execute<Array<{ actor_id: string; after: any }>>(
          `select actor_id, after from audit_log where action = 'settlement.import_refused' and after->>'fileName' = 'bad-1503.csv'`,
        );
      expect(refusal).toMatchObject({
        actor_id: String(financeId),
        after: { row: 1503, column: 'Store Amount' },
      });

      // Fixed, the same lines import: nothing of the refusal was left behind to collide with.
      const fixed = await upload(
        finance,
        { gateway: 'sslcommerz', mode: 'TEST' },
        { name: 'fixed.csv', content: content.replace(sslRow(c, '1000.00', '980.00', '25.00'), sslRow(c)) },
      );
      expect(fixed.body.data).toMatchObject({ created: true, lineCount: 1503, storedLineCount: 1503 });
    },
    120_000,
  );

  it.concurrent(
    'imports a bKash XLSX report, and a Nagad report under the column names the deployment configured',
    async () => {
      const [a, b] = [randomToken(8), randomToken(8)];
      const xlsx = writeWorkbook([
        BKASH_REPORT_COLUMNS,
        [
          `TRX${a}`,
          'PID1',
          `pay_${a}`,
          'Payment',
          'BDT',
          1500.5,
          22.51,
          1477.99,
          new Date(Date.UTC(2026, 10, 21)),
          'B1',
        ],
        [`TRX${b}`, 'PID2', `pay_${b}`, 'Refund', 'BDT', '-300.00', '0.00', '-300.00', '22/11/2026', 'B1'],
      ]);
      const bkash = await upload(
        finance,
        { gateway: 'bkash', mode: 'TEST' },
        { name: 'bkash.xlsx', content: xlsx },
      );
      expect(bkash.status).toBe(201);
      expect(bkash.body.data).toMatchObject({
        format: 'bkash-xlsx',
        lineCount: 2,
        settlementDates: ['2026-11-21', '2026-11-22'],
      });
      expect(await linesOf([`TRX${a}`, `TRX${b}`])).toMatchObject([
        { gross_minor: '150050', net_minor: '147799' },
        { gross_minor: '-30000', net_minor: '-30000' },
      ]);

      const nagadHeader =
        'Issuer Payment Ref,Order ID,Txn Type,Currency,Txn Amount,Service Charge,Net Payable,Settlement Date,Payout Reference';
      const nagad = await upload(
        finance,
        { gateway: 'nagad', mode: 'TEST', format: 'gateway' },
        {
          name: 'nagad.csv',
          content: [nagadHeader, `NGD${a},ord${a},PAYMENT,BDT,500.00,7.50,492.50,2026-11-22,P1`].join('\n'),
        },
      );
      expect(nagad.status).toBe(201);
      expect(nagad.body.data).toMatchObject({ format: 'nagad-csv', lineCount: 1 });
    },
    120_000,
  );

  it.concurrent(
    'refuses roles without settlements.import, a form without its file, and an unknown gateway',
    async () => {
      const support = await stack.createOperator('SUPPORT');
      const supportSession = await stack.adminLogin(support.email, support.password);
      const content = [SSLCOMMERZ_HEADER, sslRow(randomToken(8))].join('\n');
      const forbidden = await upload(
        supportSession,
        { gateway: 'sslcommerz', mode: 'TEST' },
        { name: 'r.csv', content },
      );
      expect([forbidden.status, forbidden.body.meta.errorCode]).toEqual([403, 'FORBIDDEN']);
      expect((await supportSession.call('GET', '/api/v1/admin/settlements/imports')).status).toBe(403);

      const noFile = await upload(finance, { gateway: 'sslcommerz', mode: 'TEST' }, null);
      expect([noFile.status, noFile.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
      const manual = await upload(finance, { gateway: 'manual', mode: 'TEST' }, { name: 'r.csv', content });
      expect([manual.status, manual.body.meta.details[0].field]).toEqual([400, 'gateway']);
      const doc = (await stack.api('GET', '/api/v1/openapi.json')).body;
      const documented = doc.paths['/admin/settlements/imports'].post;
      expect(documented['x-permission']).toBe('settlements.import');
      expect(Object.keys(documented.requestBody.content)).toEqual(['multipart/form-data']);
      expect(documented.responses['422'].description).toContain('SETTLEMENT_FILE_INVALID');
      const json = await finance.call('POST', '/api/v1/admin/settlements/imports', { body: {} });
      expect([json.status, json.body.meta.errorCode]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    },
    120_000,
  );

  it.concurrent(
    'imports through the dashboard form and shows the import',
    async () => {
      const a = randomToken(8);
      const form = new FormData();
      form.set('_csrf', finance.csrfToken);
      form.set('gateway', 'sslcommerz');
      form.set('mode', 'TEST');
      form.set('format', '');
      form.set('file', new Blob([[SSLCOMMERZ_HEADER, sslRow(a)].join('\n')]), 'from-dashboard.csv');
      const posted = await fetch(`${stack.apiUrl}/admin/settlements/imports`, {
        method: 'POST',
        headers: { cookie: finance.cookie },
        body: form,
        redirect: 'manual',
      });
      expect(posted.status).toBe(302);
      const location = posted.headers.get('location')!;
      expect(location).toMatch(/^\/admin\/settlements\/imports\/\d+\?ok=Imported\+1\+line/);
      const page = await fetch(`${stack.apiUrl}${location}`, { headers: { cookie: finance.cookie } });
      const text = await page.text();
      expect(text).toContain('from-dashboard.csv');
      expect(text).toContain(`BTX-${a}`);
      const reconciliation = /href="(\/admin\/reconciliation\?[^"]+)"/.exec(text)![1]!.replace(/&amp;/g, '&');
      expect(reconciliation).toBe(
        '/admin/reconciliation?mode=TEST&gateway=sslcommerz&from=2026-11-20&to=2026-11-20',
      );
      const days = await fetch(`${stack.apiUrl}${reconciliation}`, { headers: { cookie: finance.cookie } });
      expect(days.status).toBe(200);
      const list = await (
        await fetch(`${stack.apiUrl}/admin/settlements`, { headers: { cookie: finance.cookie } })
      ).text();
      expect(list).toContain('data-testid="settlement-upload"');

      const bad = new FormData();
      bad.set('_csrf', finance.csrfToken);
      bad.set('gateway', 'sslcommerz');
      bad.set('mode', 'TEST');
      bad.set('file', new Blob([[SSLCOMMERZ_HEADER, sslRow(a, '1000.00', '1.00')].join('\n')]), 'bad.csv');
      const refused = await fetch(`${stack.apiUrl}/admin/settlements/imports`, {
        method: 'POST',
        headers: { cookie: finance.cookie },
        body: bad,
        redirect: 'manual',
      });
      expect(refused.status).toBe(302);
      expect(decodeURIComponent(refused.headers.get('location')!.replace(/\+/g, ' '))).toContain(
        'row 2, column "Store Amount": is not Amount minus Charge',
      );
    },
    120_000,
  );

  it.concurrent(
    'imports through `npm run cli -- recon:import` as a FINANCE operator, and refuses a bad file or another role',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'recon-import-cli-'));
      try {
        const operator = await stack.createOperator('FINANCE');
        const env = {
          TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
          TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
        };
        const a = randomToken(8);
        const path = join(folder, 'ssl-cli.csv');
        await writeFile(path, [SSLCOMMERZ_HEADER, sslRow(a), sslRow(`${a}2`)].join('\n'));
        const importAs = (email: string, password: string, file: string) =>
          runCli(
            ['recon:import', '--gateway', 'sslcommerz', '--mode', 'TEST', '--email', email, '--json', file],
            `${password}\n`,
            env,
          );

        const first = await importAs(operator.email, operator.password, path);
        expect(first.stderr).toBe('');
        expect(first.code).toBe(0);
        const imported = JSON.parse(first.stdout);
        expect(imported).toMatchObject({
          created: true,
          format: 'sslcommerz-csv',
          lines: 2,
          storedLines: 2,
          reconciliations: ['recon-sslcommerz-TEST-2026-11-20'],
        });
        expect((await auditOf(imported.importId)).map((e) => [e.action, e.actor_id])).toEqual([
          ['settlement.import', String(operator.id)],
        ]);
        const bad = join(folder, 'bad.csv');
        await writeFile(
          bad,
          [SSLCOMMERZ_HEADER, sslRow(`${a}3`), sslRow(`${a}4`).replace(',Payment,', ',Payout,')].join('\n'),
        );
        const support = await stack.createOperator('SUPPORT');
        // Once the file is in, the rest need nothing from one another: each CLI process starts
        // beside the others instead of after them.
        const [again, refused, forbidden, missing] = await Promise.all([
          importAs(operator.email, operator.password, path),
          importAs(operator.email, operator.password, bad),
          importAs(support.email, support.password, path),
          importAs(operator.email, operator.password, join(folder, 'absent.csv')),
        ]);
        expect(JSON.parse(again.stdout)).toMatchObject({ created: false, importId: imported.importId });

        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('SETTLEMENT_FILE_INVALID');
        expect(refused.stderr).toContain('row 3, column "Type"');
        expect(await linesOf([`BTX-${a}3`])).toEqual([]);

        expect(forbidden.code).toBe(1);
        expect(forbidden.stderr).toContain('may not import settlement reports');

        expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('cannot read')]);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it.concurrent(
    'imports from a stream in the worker as the import contract says, starting the days it settles',
    async () => {
      const a = randomToken(8);
      const csv = [
        'gateway_transaction_id,reference,type,currency,gross_minor,fee_minor,net_minor,settlement_date,payout_batch',
        `NGD${a},pay_x,PAYMENT,BDT,10000,150,9850,2026-10-05,P-${a}`,
        `NGD${a}r,,REFUND,BDT,-2000,0,-2000,2026-10-06,P-${a}`,
      ].join('\n');
      const input = () => ({
        gateway: 'nagad',
        mode: 'TEST' as const,
        fileName: 'nagad-canonical.csv',
        stream: Readable.from([Buffer.from(csv)]),
        importedBy: null,
        temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
      });
      const result = await importSettlementReport(stack.em(), input());
      expect(result).toMatchObject({
        created: true,
        lines: 2,
        storedLines: 2,
        settlementDates: ['2026-10-05', '2026-10-06'],
        reconciliations: ['recon-nagad-TEST-2026-10-05', 'recon-nagad-TEST-2026-10-06'],
      });
      expect(result.record).toMatchObject({ format: 'canonical-csv', importedBy: null });
      for (const id of result.reconciliations!) {
        expect((await stack.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
      }
      expect(await importSettlementReport(stack.em(), input())).toMatchObject({
        created: false,
        importId: result.importId,
      });
    },
    120_000,
  );
});
