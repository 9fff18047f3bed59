import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, rm, utimes, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedReportRows } from '../../../activities/uploads/isolated-report-rows.js';
import { ReaderInterrupted, refusalOfReaderEnd } from '../../../activities/uploads/reader-ending.js';
import { sweepStaleUploadFolders } from '../../../activities/uploads/upload-sweep.js';
import {
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimitExceeded,
  type UploadLimits,
} from '../../../domain/uploads/upload-limits.js';
import {
  plainWorkbook,
  sharedStringsBomb,
  withDeclaredSize,
  workbookBomb,
} from '../../helpers/upload-files.js';

/**
 * The reader of uploads on its own (a real child process, the real zip and spreadsheet libraries):
 * each limit stops it with its code, a reader that runs out of its heap ends only its own process,
 * and neither a reader nor a folder is left however reading ends.
 */
describe('reading an upload within its limits', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'upload-reader-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** Reader processes this process has running. */
  const readers = () =>
    execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('report-reader-process'));

  async function readAll(content: Buffer, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS) {
    const area = join(root, 'area');
    await mkdir(area, { recursive: true });
    const path = join(root, 'file.xlsx');
    await writeFile(path, content);
    let rows = 0;
    try {
      for await (const _row of isolatedReportRows(path, 'xlsx', { root: area, limits })) rows += 1;
      return { rows, left: await readdir(area) };
    } catch (error) {
      return {
        code: (error as { code?: string }).code ?? (error as Error).message,
        message: (error as Error).message,
        left: await readdir(area),
      };
    }
  }

  it('refuses a workbook whose parts declare more than the limit, before inflating them', async () => {
    expect(await readAll(await workbookBomb(120_000))).toMatchObject({
      code: 'UPLOAD_DECOMPRESSED_TOO_LARGE',
      left: [],
    });
  });

  it('refuses a part that inflates more times its size than allowed', async () => {
    const bomb = await workbookBomb(20_000);
    expect(await readAll(bomb, { ...DEFAULT_UPLOAD_LIMITS, maxCompressionRatio: 50 })).toMatchObject({
      code: 'UPLOAD_DECOMPRESSED_TOO_LARGE',
      left: [],
    });
  });

  it('stops inflating a part at the size its directory declares', async () => {
    const lying = withDeclaredSize(await workbookBomb(20_000), 'xl/worksheets/sheet1.xml', 100_000);
    expect(await readAll(lying)).toMatchObject({ code: 'UPLOAD_ARCHIVE_INVALID', left: [] });
  });

  it('stops at the row and column limits, and reads a workbook within them', async () => {
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxRows: 50, maxColumns: 8 };
    expect(await readAll(await plainWorkbook(51, 3), limits)).toMatchObject({
      code: 'UPLOAD_TOO_MANY_ROWS',
      left: [],
    });
    expect(await readAll(await plainWorkbook(3, 9), limits)).toMatchObject({
      code: 'UPLOAD_TOO_MANY_CELLS',
      left: [],
    });
    expect(await readAll(await plainWorkbook(50, 8), limits)).toEqual({ rows: 50, left: [] });
  });

  it('ends only the reading process when a file needs more than its heap, and reads the next file', async () => {
    // Half a million shared strings, every one kept by the streaming reader: far past a 32 MiB heap.
    const bomb = await sharedStringsBomb(500_000);
    const limits = {
      ...DEFAULT_UPLOAD_LIMITS,
      parserHeapMb: 32,
      maxCompressionRatio: 1000,
      maxDecompressedBytes: 512 * 1024 * 1024,
    };
    // V8's out-of-memory abort ended the reader (in a thread it can end the whole process).
    expect(await readAll(bomb, limits)).toEqual({
      code: 'UPLOAD_PARSER_FAILED',
      message: 'Reading the file needed more than 32 MiB of memory (UPLOAD_PARSER_HEAP_MB)',
      left: [],
    });
    expect(readers()).toEqual([]);
    // This process read on as if nothing happened.
    expect(await readAll(await plainWorkbook(3, 2))).toEqual({ rows: 3, left: [] });
  }, 180_000);

  it('leaves no folder when the caller stops reading early', async () => {
    const area = join(root, 'early');
    await mkdir(area);
    const path = join(root, 'early.xlsx');
    await writeFile(path, await plainWorkbook(2_000, 3));
    for await (const _row of isolatedReportRows(path, 'xlsx', { root: area, limits: DEFAULT_UPLOAD_LIMITS }))
      break;
    expect(await readdir(area)).toEqual([]);
    expect(readers()).toEqual([]);
  });

  it('ends the reader when reading is cancelled, and answers the reason', async () => {
    const area = join(root, 'cancelled');
    await mkdir(area);
    const path = join(root, 'cancelled.xlsx');
    await writeFile(path, await plainWorkbook(5_000, 3));
    const stop = new AbortController();
    const rows = isolatedReportRows(path, 'xlsx', { root: area, limits: DEFAULT_UPLOAD_LIMITS }, stop.signal);
    expect((await rows.next()).value).toMatchObject({ kind: 'header' });
    expect(readers()).toHaveLength(1);
    const reason = new Error('the activity was cancelled');
    stop.abort(reason);
    // The rows of the batch already taken come first; then the reader is ended.
    let answer: unknown;
    try {
      for (;;) if ((await rows.next()).done) break;
    } catch (error) {
      answer = error;
    }
    expect(answer).toBe(reason);
    expect(readers()).toEqual([]);
    expect(await readdir(area)).toEqual([]);
  });

  /**
   * A file that is never done being sent: a named pipe the test writes to, whose last writer the
   * test holds open. Opened read-write, the test's end never waits for the reader's.
   */
  async function endlessFile(name: string): Promise<{ path: string; writer: FileHandle }> {
    const path = join(root, name);
    execFileSync('mkfifo', [path]);
    return { path, writer: await open(path, 'r+') };
  }

  it('ends a reader that makes no progress for UPLOAD_READER_STALL_SECONDS and refuses the file', async () => {
    const area = join(root, 'stalled');
    await mkdir(area);
    const { path, writer } = await endlessFile('stalled.csv');
    const limits = { ...DEFAULT_UPLOAD_LIMITS, readerStallSeconds: 2 };
    try {
      // A header and a row, then nothing more, and no end: the reader waits on the file for ever.
      await writer.write('Amount,Date\n1000.00,2026-11-20\n');
      const started = Date.now();
      let answer: unknown;
      try {
        for await (const _row of isolatedReportRows(path, 'csv', { root: area, limits })) continue;
      } catch (error) {
        answer = error;
      }
      expect(answer).toMatchObject({
        code: 'UPLOAD_PARSER_FAILED',
        message: 'Reading the file made no progress for 2 seconds (UPLOAD_READER_STALL_SECONDS)',
      });
      expect((answer as UploadLimitExceeded).details()).toEqual({
        limit: 'UPLOAD_READER_STALL_SECONDS',
        value: 2,
      });
      // Not before the deadline; the reader's own error, not the activity's timeout, ended it.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
      expect(readers()).toEqual([]);
      expect(await readdir(area)).toEqual([]);
    } finally {
      await writer.close();
    }
  }, 60_000);

  it('does not take a reader passing over empty lines for stalled', async () => {
    const area = join(root, 'slow');
    await mkdir(area);
    const { path, writer } = await endlessFile('slow.csv');
    // Every line empty for twice the deadline: no row comes of them, but the reader gets on.
    const limits = { ...DEFAULT_UPLOAD_LIMITS, readerStallSeconds: 3 };
    const feeding = (async () => {
      await writer.write('Amount,Date\n');
      const until = Date.now() + 6_000;
      while (Date.now() < until) {
        await writer.write('\n'.repeat(1_000));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await writer.write('1000.00,2026-11-20\n');
      await writer.close();
    })();
    const rows: unknown[] = [];
    try {
      for await (const row of isolatedReportRows(path, 'csv', { root: area, limits })) rows.push(row);
    } finally {
      await feeding;
    }
    expect(rows).toEqual([
      { kind: 'header', names: ['Amount', 'Date'], row: 1 },
      { kind: 'row', row: expect.any(Number), cells: { Amount: '1000.00', Date: '2026-11-20' } },
    ]);
    expect(readers()).toEqual([]);
  }, 60_000);

  it('tells a reader that died of memory from one stopped with the worker', () => {
    const limits = { ...DEFAULT_UPLOAD_LIMITS, parserHeapMb: 64 };
    const memory = 'Reading the file needed more than 64 MiB of memory (UPLOAD_PARSER_HEAP_MB)';
    const ended = (code: number | null, signal: NodeJS.Signals | null, stderr = '') =>
      refusalOfReaderEnd({ code, signal, stderr }, limits);
    // V8 on a full heap, through a shell, and the system's out-of-memory killer.
    expect(ended(null, 'SIGABRT').message).toBe(memory);
    expect(ended(134, null).message).toBe(memory);
    expect(ended(null, 'SIGKILL').message).toBe(memory);
    expect(ended(1, null, 'FATAL ERROR: Reached heap limit Allocation failed').message).toBe(memory);
    // A fault is the file's doing too, but not a matter of memory.
    expect(ended(null, 'SIGSEGV')).toMatchObject({
      code: 'UPLOAD_PARSER_FAILED',
      setting: 'UPLOAD_PARSER_HEAP_MB',
      message: expect.stringContaining('The reader failed on the file'),
    });
    // Stopped with the worker: read again, not refused.
    expect(ended(null, 'SIGINT')).toBeInstanceOf(ReaderInterrupted);
    expect(ended(null, 'SIGTERM')).toBeInstanceOf(ReaderInterrupted);
  });

  it('sweeps upload folders older than an hour, and only those', async () => {
    const area = join(root, 'sweep');
    await mkdir(join(area, 'oi-upload-stale'), { recursive: true });
    await writeFile(join(area, 'oi-upload-stale', 'part-0'), 'x');
    await mkdir(join(area, 'oi-upload-fresh'));
    await mkdir(join(area, 'someone-elses'));
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(join(area, 'oi-upload-stale'), twoHoursAgo, twoHoursAgo);
    await utimes(join(area, 'someone-elses'), twoHoursAgo, twoHoursAgo);
    expect(await sweepStaleUploadFolders({ root: area })).toBe(1);
    expect((await readdir(area)).sort()).toEqual(['oi-upload-fresh', 'someone-elses']);
  });
});
