import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import MarkdownIt from 'markdown-it';
import { OiPayments, OiPaymentsError, type ReportRun } from '../../../sdk/src/index.js';
import { addDays } from '../../../domain/reports/report-schedules.js';
import { companyZone, dateInZone } from '../../../domain/shared/company-time.js';
import { recordingFetch } from '../../helpers/sdk-fetch.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';
import {
  describeWithToolchain,
  missingFrom,
  PHP_TOOLCHAIN,
  type Toolchain,
} from '../../helpers/toolchains.js';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..', '..');
const python = join(root, '.tools', 'python-sdk', 'bin', 'python');

/** What running the PHP SDK's tests needs: php with its extensions and PHPUnit (no Composer, no Java). */
const PHPUNIT_TOOLCHAIN: Toolchain = {
  readmeRow: PHP_TOOLCHAIN.readmeRow,
  commands: ['php', 'phpunit'],
  phpExtensions: PHP_TOOLCHAIN.phpExtensions,
};

type Outcome = { code: number; output: string };

/** Runs a command (in the repository root unless told); the exit code and everything printed, never a throw. */
async function outcomeOf(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = root,
): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env, timeout: HANG_GUARD_MS });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message,
    };
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The SDKs guide's examples of its Reports section, by language (ts, python, php). */
async function guideReportExamples(): Promise<Record<string, string>> {
  const guide = await readFile(join(root, 'docs/guides/sdks.md'), 'utf8');
  const section = guide.slice(guide.indexOf('\n## Reports\n'));
  const fences = new MarkdownIt().parse(section, {}).filter((token) => token.type === 'fence');
  return Object.fromEntries(fences.map((token) => [token.info.trim(), token.content]));
}

/**
 * Each SDK runs a report of today's payments against the real service and PostgreSQL: the run, its
 * rows (the payments' references, amounts as whole numbers), its XLSX (a zip) and its CSV (the BOM,
 * then the header), one run per Idempotency-Key, and an unknown run as the SDK's typed error. Node
 * here; Python and PHP through their own suites' report tests, with the variables the guides name.
 */
describe('report runs through the SDKs', () => {
  let stack: Stack;
  let env: NodeJS.ProcessEnv;
  let creds: { key: string; secret: string };
  let appId: number;
  let paid: string[];
  let today: string;

  beforeAll(async () => {
    stack = await startStack();
    const app = await stack.registerApp();
    creds = app.test;
    appId = app.app.id;
    paid = [
      (await stack.paidPayment(app.test, { amountMinor: 12_500, customerReference: 'cust_report_1' }))
        .reference,
      (await stack.paidPayment(app.test, { amountMinor: 30_000, customerReference: 'cust_report_2' }))
        .reference,
    ];
    today = dateInZone(new Date(), companyZone(stack.config.COMPANY_TIME_ZONE));
    env = {
      PATH: process.env.PATH,
      OI_PAYMENTS_URL: stack.apiUrl,
      OI_API_KEY: app.test.key,
      OI_API_SECRET: app.test.secret,
      OI_PAYMENT: paid[0],
      OI_COMPANY_TIME_ZONE: stack.config.COMPANY_TIME_ZONE,
    };
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('Node: runs today’s payments, reads the rows, downloads both files, once per key', async () => {
    const wire = recordingFetch();
    const sdk = new OiPayments({
      apiKey: creds.key,
      apiSecret: creds.secret,
      baseUrl: stack.apiUrl,
      fetch: wire.fetch,
      retry: { initialDelayMs: 100, maxDelayMs: 400 },
    });
    // From yesterday, so a payment made just before midnight in the company's zone is in it too.
    const body = { type: 'payments', from: addDays(today, -1), to: today, format: 'xlsx' } as const;
    const created: ReportRun = await sdk.reports.create(body, { idempotencyKey: 'month-end-payments' });
    expect(created).toMatchObject({
      type: 'payments',
      format: 'xlsx',
      mode: 'TEST',
      appId,
      from: body.from,
      to: today,
      rowCount: 2,
      scheduleId: null,
      delivery: { status: 'NONE', deliveredAt: null, detail: null },
    });
    expect(created.id).toMatch(/^rpt_[0-9a-z]{20}$/);
    expect(created.fileName).toBe(`payments-app-${appId}-TEST-${body.from}-to-${today}.xlsx`);
    expect(await sdk.reports.retrieve(created.id)).toEqual(created);

    const page = await sdk.reports.rows(created.id);
    expect(page.columns).toEqual(created.columns);
    const rowsByReference = new Map(page.rows.map((row) => [row.reference, row]));
    for (const reference of paid) {
      const row = rowsByReference.get(reference);
      expect(row).toMatchObject({ reference, mode: 'TEST', status: 'SUCCEEDED', currency: 'BDT' });
      expect(Number.isInteger(row!.amount_minor)).toBe(true);
      expect(Number.isInteger(row!.id)).toBe(true);
    }
    expect(rowsByReference.get(paid[1]!)!.amount_minor).toBe(30_000);
    expect(page.pagination.nextCursor).toBeNull();
    const first = await sdk.reports.rows(created.id, { offset: 0, limit: 1 });
    expect([first.rows.length, first.pagination.nextCursor]).toEqual([1, '1']);
    const second = await sdk.reports.rows(created.id, { offset: 1, limit: 1 });
    expect([second.rows.length, second.pagination.nextCursor]).toEqual([1, null]);

    const xlsx = await sdk.reports.download(created.id);
    expect(Buffer.from(xlsx.content.subarray(0, 2)).toString('latin1')).toBe('PK');
    expect(xlsx).toMatchObject({ format: 'xlsx', fileName: created.fileName });
    const csv = await sdk.reports.download(created.id, { format: 'csv' });
    expect(csv).toMatchObject({ format: 'csv', fileName: created.fileName.replace(/\.xlsx$/, '.csv') });
    const bytes = Buffer.from(csv.content);
    expect(bytes.subarray(0, 3)).toEqual(BOM);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe(created.columns.join(','));
    for (const reference of paid) expect(bytes.toString('utf8')).toContain(reference);

    // The same key answers the same run; the service made one.
    const again = await sdk.reports.create(body, { idempotencyKey: 'month-end-payments' });
    expect(again.id).toBe(created.id);
    const keyed = await stack
      .em()
      .execute<Array<{ n: string }>>(
        `select count(*) as n from report_runs where app_id = ? and idempotency_key like '%:' || ?`,
        [appId, 'month-end-payments'],
      );
    expect(Number(keyed[0]!.n)).toBe(1);
    // The SDK keys every create itself: a run without a key of the caller's carries one too.
    await sdk.reports.create({ type: 'statement', from: today, to: today });
    expect(
      wire.sent.filter((r) => r.method === 'POST').every((r) => typeof r.idempotencyKey === 'string'),
    ).toBe(true);

    const listed = await sdk.reports.list({ type: 'payments' });
    expect(listed.items.map((r) => r.id)).toEqual([created.id]);
    const every: string[] = [];
    for await (const r of sdk.reports.iterate({ size: 1 })) every.push(r.id);
    expect(every).toHaveLength(2);
    expect(every).toContain(created.id);

    const missing = await sdk.reports.retrieve('rpt_00000000000000000000').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OiPaymentsError);
    if (!(missing instanceof OiPaymentsError) || !missing.is('REPORT_RUN_NOT_FOUND')) {
      throw new Error(`expected REPORT_RUN_NOT_FOUND, got ${String(missing)}`);
    }
    expect(missing.status).toBe(404);
    const noFile = await sdk.reports.download('rpt_00000000000000000000').catch((error: unknown) => error);
    expect(noFile).toMatchObject({ status: 404, errorCode: 'REPORT_RUN_NOT_FOUND' });
    const refused = await sdk.reports
      .create({ type: 'payments', from: today, to: addDays(today, -1) })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, errorCode: 'VALIDATION_ERROR' });
  });

  it('Python: the SDK’s report tests pass against the service', async () => {
    if (!existsSync(python)) {
      throw new Error(
        `${python} is missing: run \`node scripts/install-tools.mjs\` (npm install runs it) to make the Python SDK's venv`,
      );
    }
    const outcome = await outcomeOf(
      python,
      ['-m', 'pytest', 'sdk/python/tests/test_reports.py', '-q', '-p', 'no:cacheprovider'],
      {
        ...env,
        // The checkout's own sources, whichever checkout the editable install was made from.
        PYTHONPATH: join(root, 'sdk', 'python', 'src'),
        PYTHONDONTWRITEBYTECODE: '1',
      },
    );
    expect(outcome).toEqual({ code: 0, output: expect.stringMatching(/\b2 passed\b/) });
  }, 120_000);

  describeWithToolchain(PHPUNIT_TOOLCHAIN, 'PHP', () => {
    it('the SDK’s report tests pass against the service', async () => {
      const outcome = await outcomeOf(
        'phpunit',
        ['-c', 'sdk/php/phpunit.xml.dist', '--filter', 'ReportsTest'],
        env,
      );
      expect(outcome).toEqual({ code: 0, output: expect.stringMatching(/OK \(2 tests, \d+ assertions\)/) });
    }, 120_000);
  });

  it("runs the SDKs guide's Reports examples as written: each saves the same month's statement", async () => {
    const examples = await guideReportExamples();
    expect(Object.keys(examples)).toEqual(['ts', 'python', 'php']);
    const { test } = await stack.registerApp();
    const guideEnv = { ...env, OI_API_KEY: test.key, OI_API_SECRET: test.secret };
    const folder = await mkdtemp(join(tmpdir(), 'sdk-guide-reports-'));
    const saved = async (language: string) => {
      const names = await readdir(join(folder, language));
      expect(names).toEqual([
        expect.stringMatching(/^statement-app-\d+-TEST-2026-11-01-to-2026-11-30\.xlsx$/),
      ]);
      const bytes = await readFile(join(folder, language, names[0]!));
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      return bytes;
    };
    try {
      // A reader has a client named `oi` already (the guide's earlier sections make it).
      const programs: Array<[string, string, string[], NodeJS.ProcessEnv]> = [
        [
          'ts',
          `import { OiPayments } from ${JSON.stringify(join(root, 'sdk/src/index.js'))};
const oi = new OiPayments({ baseUrl: process.env.OI_PAYMENTS_URL!, apiKey: process.env.OI_API_KEY!, apiSecret: process.env.OI_API_SECRET! });
${examples.ts}console.log(rows.length);
`,
          [join(root, 'node_modules/.bin/tsx'), 'example.mts'],
          guideEnv,
        ],
        [
          'python',
          `import os
from oi_payments import OiPayments
oi = OiPayments(os.environ["OI_PAYMENTS_URL"], os.environ["OI_API_KEY"], os.environ["OI_API_SECRET"])
${examples.python}print(len(rows))
`,
          [python, 'example.py'],
          { ...guideEnv, PYTHONPATH: join(root, 'sdk', 'python', 'src'), PYTHONDONTWRITEBYTECODE: '1' },
        ],
        [
          'php',
          `<?php
require ${JSON.stringify(join(root, 'sdk/php/autoload.php'))};
$oi = new OiPayments\\OiPayments(getenv('OI_PAYMENTS_URL'), getenv('OI_API_KEY'), getenv('OI_API_SECRET'));
${examples.php}echo count($rows), "\\n";
`,
          ['php', 'example.php'],
          guideEnv,
        ],
      ];
      // PHP as its own suite runs it: skipped on a laptop without PHP, never under CI.
      const withPhp = missingFrom(PHPUNIT_TOOLCHAIN).length === 0 || process.env.CI === 'true';
      const languages = programs.filter(([language]) => language !== 'php' || withPhp);
      for (const [language, program, [command, ...args], programEnv] of languages) {
        const cwd = join(folder, language);
        await mkdir(cwd);
        await writeFile(join(cwd, args.at(-1)!), program);
        const outcome = await outcomeOf(command!, args, programEnv, cwd);
        expect({ language, ...outcome }).toEqual({
          language,
          code: 0,
          output: expect.stringMatching(/^\d+\n$/),
        });
        await rm(join(cwd, args.at(-1)!));
      }
      // The one Idempotency-Key: the three saved the one run's file.
      const files = await Promise.all(languages.map(([language]) => saved(language)));
      expect(files.every((file) => file.equals(files[0]!))).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
