import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { MAX_ENTRIES, safeWorkbook } from '../../../activities/uploads/upload-archive.js';
import {
  columnIndex,
  readDateStyles,
  readSharedStrings,
  readSheetRows,
  sheetChunks,
} from '../../../activities/uploads/xlsx-reader.js';
import { reportRows } from '../../../activities/uploads/report-files.js';
import {
  DEFAULT_UPLOAD_LIMITS,
  UploadLimitExceeded,
  type UploadLimits,
} from '../../../domain/uploads/upload-limits.js';
import { writeWorkbook } from '../../../platform/xlsx/write-workbook.js';
import { plainWorkbook, workbookBomb } from '../../helpers/upload-files.js';

/**
 * The XLSX reader on its own: a workbook the writer makes reads back cell for cell, and a
 * hostile one stops at the limit it crosses before its sheet is parsed.
 */
describe('XLSX reader', () => {
  let folder: string;
  let files = 0;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'xlsx-reader-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  async function saved(content: Buffer | Uint8Array): Promise<{ path: string; workDir: string }> {
    const workDir = await mkdtemp(join(folder, 'work-'));
    const path = join(workDir, `upload-${++files}.xlsx`);
    await writeFile(path, content);
    return { path, workDir };
  }

  async function rowsOf(content: Buffer, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS) {
    const { path, workDir } = await saved(content);
    const parts = await safeWorkbook(path, workDir, limits);
    const shared = parts.sharedStrings ? await readSharedStrings(parts.sharedStrings) : [];
    const dates = parts.styles ? await readDateStyles(parts.styles) : [];
    const rows = [];
    for await (const row of readSheetRows(
      sheetChunks(parts.sheet, () => undefined),
      shared,
      dates,
    ))
      rows.push(row);
    return rows;
  }

  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(UploadLimitExceeded);
      return (error as UploadLimitExceeded).code;
    }
    throw new Error('not refused');
  }

  it('reads back what the writer wrote: text, numbers, dates, empty and escaped cells', async () => {
    const day = new Date(Date.UTC(2026, 10, 21));
    const rows = await rowsOf(
      writeWorkbook([
        ['Name', 'Amount', 'Day'],
        ['a & <b> "c"', 1500.5, day],
        [' padded ', -3, null, 'bn: টাকা'],
      ]),
    );
    expect(rows).toEqual([
      { number: 1, values: ['Name', 'Amount', 'Day'] },
      { number: 2, values: ['a & <b> "c"', 1500.5, day] },
      { number: 3, values: [' padded ', -3, null, 'bn: টাকা'] },
    ]);
  });

  it('reads shared strings, booleans, formula results and sparse rows as spreadsheets write them', async () => {
    const sheet =
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="2"><x:c r="B2" t="s"><x:v>1</x:v></x:c><x:c r="D2" t="b"><x:v>1</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c r="A5" t="str"><x:f>A1</x:f><x:v>formula</x:v></x:c><x:c r="C5" s="1"><x:v>46347</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    const shared =
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>zero</t></si>' +
      '<si><r><t>ri</t></r><r><t xml:space="preserve">ch </t></r><rPh><t>ignored</t></rPh></si></sst>';
    const styles =
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>' +
      '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>';
    const zip = zipSync({
      'xl/worksheets/sheet1.xml': strToU8(sheet),
      'xl/sharedStrings.xml': strToU8(shared),
      'xl/styles.xml': strToU8(styles),
    });
    expect(await rowsOf(Buffer.from(zip))).toEqual([
      { number: 2, values: [null, 'rich ', null, 'true'] },
      { number: 5, values: ['formula', null, new Date(Date.UTC(2026, 10, 21))] },
    ]);
    expect([
      columnIndex('A1'),
      columnIndex('Z9'),
      columnIndex('AA1'),
      columnIndex('XFD3'),
      columnIndex('9'),
    ]).toEqual([0, 25, 26, 16_383, -1]);
  });

  it('refuses a part that inflates too many times its weight before inflating it', async () => {
    expect(await refusal(rowsOf(await workbookBomb(20_000)))).toBe('UPLOAD_DECOMPRESSED_TOO_LARGE');
  });

  it('refuses a workbook past the inflated budget', async () => {
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxDecompressedBytes: 10_000 };
    expect(await refusal(rowsOf(await plainWorkbook(500, 5), limits))).toBe('UPLOAD_DECOMPRESSED_TOO_LARGE');
  });

  it('refuses a zip of more entries than a workbook has, reading no part of it', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (let n = 0; n <= MAX_ENTRIES; n++) entries[`junk/${n}`] = new Uint8Array(0);
    entries['xl/worksheets/sheet1.xml'] = strToU8('<worksheet/>');
    expect(await refusal(rowsOf(Buffer.from(zipSync(entries, { level: 0 }))))).toBe('UPLOAD_ARCHIVE_INVALID');
  });

  it('stops at the row past the limit, as the report reader counts them', async () => {
    const { path, workDir } = await saved(await plainWorkbook(51, 3));
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxRows: 50 };
    const read = async () => {
      for await (const row of reportRows(path, 'xlsx', { limits, workDir })) void row;
    };
    expect(await refusal(read())).toBe('UPLOAD_TOO_MANY_ROWS');
  });

  it('counts the cells of a prefixed sheet before it is parsed, as of an unprefixed one', async () => {
    const cells = Array.from({ length: 5 }, (_, n) => `<x:c><x:v>${n}</x:v></x:c>`).join('');
    const sheet = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1">${cells}</x:row></x:sheetData></x:worksheet>`;
    const { path, workDir } = await saved(zipSync({ 'xl/worksheets/sheet1.xml': strToU8(sheet) }));
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxColumns: 4 };
    const read = async () => {
      for await (const row of reportRows(path, 'xlsx', { limits, workDir })) void row;
    };
    expect(await refusal(read())).toBe('UPLOAD_TOO_MANY_CELLS');
  });
});
