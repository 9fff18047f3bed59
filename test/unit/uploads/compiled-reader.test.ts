import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { sharedStringsBomb, workbookOf } from '../../helpers/upload-files.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

/**
 * The reader as `npm run build` leaves it: JavaScript beside JavaScript, run by plain node without
 * tsx (`node dist/worker/main.js`). The modules the reader is made of are compiled to a folder of
 * the repository (so that node_modules resolves) and read from in a node process of their own: the
 * reader process is found as the .js beside its caller and runs without tsx, reads a CSV and a
 * workbook, and a reader that fills its heap ends alone.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
/** The reader's modules: the caller, the reader process and everything they import. */
const READER_MODULES = [
  'activities/uploads/isolated-report-rows.ts',
  'activities/uploads/report-reader-process.ts',
  'activities/uploads/reader-ending.ts',
  'activities/uploads/report-files.ts',
  'activities/uploads/upload-archive.ts',
  'activities/uploads/row-width.ts',
  'activities/uploads/xlsx-reader.ts',
  'domain/uploads/upload-limits.ts',
  'domain/uploads/report-files.ts',
];

/** Imports between our own modules, which a missing one would break. */
const LOCAL_IMPORT = /from '(\.{1,2}\/[^']+)\.js'/g;

describe('the compiled reader', () => {
  let out: string;
  let files: string;
  beforeAll(async () => {
    await mkdir(join(ROOT, '.cache'), { recursive: true });
    out = await mkdtemp(join(ROOT, '.cache', 'compiled-reader-'));
    files = await mkdtemp(join(tmpdir(), 'compiled-reader-'));
    for (const module of READER_MODULES) {
      const source = await readFile(join(ROOT, module), 'utf8');
      // Every module it imports is compiled too.
      for (const [, imported] of source.matchAll(LOCAL_IMPORT)) {
        const path = relative(ROOT, resolve(dirname(join(ROOT, module)), `${imported}.ts`));
        expect(READER_MODULES).toContain(path);
      }
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
        },
        fileName: module,
      });
      const target = join(out, module.replace(/\.ts$/, '.js'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, outputText);
    }
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
    await rm(files, { recursive: true, force: true });
  });

  /** Reads each file with the compiled reader, in plain node; answers each outcome and the readers left. */
  function readCompiled(
    reads: Array<{ path: string; container: 'csv' | 'xlsx'; limits?: Record<string, number> }>,
  ) {
    const script = `
      const { execFileSync } = require('node:child_process');
      const { isolatedReportRows } = require(${JSON.stringify(join(out, 'activities/uploads/isolated-report-rows.js'))});
      const { DEFAULT_UPLOAD_LIMITS } = require(${JSON.stringify(join(out, 'domain/uploads/upload-limits.js'))});
      (async () => {
        const outcomes = [];
        for (const read of ${JSON.stringify(reads)}) {
          const limits = { ...DEFAULT_UPLOAD_LIMITS, ...read.limits };
          try {
            const rows = [];
            for await (const row of isolatedReportRows(read.path, read.container, { root: ${JSON.stringify(files)}, limits }))
              rows.push(row);
            outcomes.push({ rows });
          } catch (error) {
            outcomes.push({ code: error.code, message: error.message });
          }
        }
        const readers = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
          .split('\\n').filter((line) => line.includes('report-reader-process'));
        const tsx = Object.keys(require.cache).some((name) => name.includes('/tsx/'));
        console.log(JSON.stringify({ outcomes, readers, tsx }));
      })();
    `;
    // No NODE_OPTIONS: nothing loads tsx behind the test's back.
    const { NODE_OPTIONS: _unused, ...env } = process.env;
    return new Promise<{ outcomes: any[]; readers: string[]; tsx: boolean }>((done, fail) =>
      execFile(
        process.execPath,
        ['-e', script],
        { cwd: ROOT, env, timeout: HANG_GUARD_MS },
        (error, stdout, stderr) =>
          error ? fail(new Error(`${error.message}\n${stderr}`)) : done(JSON.parse(stdout)),
      ),
    );
  }

  it('runs its reader process without tsx, and a reader out of memory ends alone', async () => {
    const csv = join(files, 'report.csv');
    await writeFile(csv, 'Amount,Date\n1000.00,2026-11-20\n');
    const xlsx = join(files, 'report.xlsx');
    await writeFile(
      xlsx,
      await workbookOf([
        ['Amount', 'Date'],
        [1000, '2026-11-20'],
      ]),
    );
    const bomb = join(files, 'strings.xlsx');
    await writeFile(bomb, await sharedStringsBomb(500_000));
    const answer = await readCompiled([
      { path: csv, container: 'csv' },
      { path: xlsx, container: 'xlsx' },
      {
        path: bomb,
        container: 'xlsx',
        limits: { parserHeapMb: 32, maxCompressionRatio: 1000, maxDecompressedBytes: 512 * 1024 * 1024 },
      },
      { path: csv, container: 'csv' },
    ]);
    const csvRows = [
      { kind: 'header', names: ['Amount', 'Date'], row: 1 },
      { kind: 'row', row: 2, cells: { Amount: '1000.00', Date: '2026-11-20' } },
    ];
    expect(answer).toEqual({
      outcomes: [
        { rows: csvRows },
        {
          rows: [
            { kind: 'header', names: ['Amount', 'Date'], row: 1 },
            { kind: 'row', row: 2, cells: { Amount: 1000, Date: '2026-11-20' } },
          ],
        },
        {
          code: 'UPLOAD_PARSER_FAILED',
          message: 'Reading the file needed more than 32 MiB of memory (UPLOAD_PARSER_HEAP_MB)',
        },
        { rows: csvRows },
      ],
      readers: [],
      tsx: false,
    });
  }, 180_000);
});
