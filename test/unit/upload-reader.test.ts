import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedReportRows } from '../../activities/isolated-report-rows.js';
import { sweepStaleUploadFolders } from '../../activities/upload-sweep.js';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../domain/upload-limits.js';
import { plainWorkbook, sharedStringsBomb, withDeclaredSize, workbookBomb } from '../helpers/upload-files.js';

/**
 * The reader of uploads on its own (a real thread, the real zip and spreadsheet libraries): each
 * limit stops it with its code, a reader that runs out of its heap ends only its thread, and no
 * folder is left however reading ends.
 */
describe('reading an upload within its limits', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'upload-reader-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

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
        left: await readdir(area),
      };
    }
  }

  it('refuses a workbook whose parts declare more than the limit, before inflating them', async () => {
    expect(await readAll(await workbookBomb(120_000))).toEqual({
      code: 'UPLOAD_DECOMPRESSED_TOO_LARGE',
      left: [],
    });
  });

  it('refuses a part that inflates more times its size than allowed', async () => {
    const bomb = await workbookBomb(20_000);
    expect(await readAll(bomb, { ...DEFAULT_UPLOAD_LIMITS, maxCompressionRatio: 50 })).toEqual({
      code: 'UPLOAD_DECOMPRESSED_TOO_LARGE',
      left: [],
    });
  });

  it('stops inflating a part at the size its directory declares', async () => {
    const lying = withDeclaredSize(await workbookBomb(20_000), 'xl/worksheets/sheet1.xml', 100_000);
    expect(await readAll(lying)).toEqual({ code: 'UPLOAD_ARCHIVE_INVALID', left: [] });
  });

  it('stops at the row and column limits, and reads a workbook within them', async () => {
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxRows: 50, maxColumns: 8 };
    expect(await readAll(await plainWorkbook(51, 3), limits)).toEqual({
      code: 'UPLOAD_TOO_MANY_ROWS',
      left: [],
    });
    expect(await readAll(await plainWorkbook(3, 9), limits)).toEqual({
      code: 'UPLOAD_TOO_MANY_CELLS',
      left: [],
    });
    expect(await readAll(await plainWorkbook(50, 8), limits)).toEqual({ rows: 50, left: [] });
  });

  it('ends only the reading thread when a file needs more than its heap, and reads the next file', async () => {
    // Half a million shared strings, every one kept by the streaming reader: far past a 32 MiB heap.
    const bomb = await sharedStringsBomb(500_000);
    const limits = {
      ...DEFAULT_UPLOAD_LIMITS,
      parserHeapMb: 32,
      maxCompressionRatio: 1000,
      maxDecompressedBytes: 512 * 1024 * 1024,
    };
    expect(await readAll(bomb, limits)).toEqual({ code: 'UPLOAD_PARSER_FAILED', left: [] });
    // This process read on as if nothing happened.
    expect(await readAll(await plainWorkbook(3, 2))).toEqual({ rows: 3, left: [] });
  });

  it('leaves no folder when the caller stops reading early', async () => {
    const area = join(root, 'early');
    await mkdir(area);
    const path = join(root, 'early.xlsx');
    await writeFile(path, await plainWorkbook(2_000, 3));
    for await (const _row of isolatedReportRows(path, 'xlsx', { root: area, limits: DEFAULT_UPLOAD_LIMITS }))
      break;
    expect(await readdir(area)).toEqual([]);
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
