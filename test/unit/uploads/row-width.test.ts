import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { csvWithinCells, sheetChunksWithinCells } from '../../../activities/uploads/row-width.js';
import { DEFAULT_UPLOAD_LIMITS, UploadLimitExceeded } from '../../../domain/uploads/upload-limits.js';

/**
 * The cell count that runs ahead of the parsers: it must find the same cells however the bytes are
 * cut into chunks, refuse at the first cell past the limit with the row it is in, and pass a file
 * within the limit on unchanged.
 */
const limits = { ...DEFAULT_UPLOAD_LIMITS, maxColumns: 4 };

/** `text` in chunks of `size` bytes. */
function chunked(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

async function sheetOutcome(xml: string, size: number): Promise<string> {
  const passed: Buffer[] = [];
  try {
    for await (const chunk of sheetChunksWithinCells(Readable.from(chunked(xml, size)), limits)) {
      passed.push(chunk as Buffer);
    }
    return Buffer.concat(passed).toString() === xml ? 'passed unchanged' : 'changed';
  } catch (error) {
    return error instanceof UploadLimitExceeded ? `${error.code}: ${error.message}` : String(error);
  }
}

async function csvOutcome(csv: string, size: number): Promise<string> {
  const passed: Buffer[] = [];
  try {
    await pipeline(
      Readable.from(chunked(csv, size)),
      csvWithinCells(limits),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          passed.push(chunk);
          done();
        },
      }),
    );
    return Buffer.concat(passed).toString() === csv ? 'passed unchanged' : 'changed';
  } catch (error) {
    return error instanceof UploadLimitExceeded ? `${error.code}: ${error.message}` : String(error);
  }
}

const cells = (row: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `<c r="${String.fromCharCode(65 + i)}${row}" t="n"><v>${i}</v></c>`,
  ).join('');
const sheet = (...rows: string[]) =>
  `<worksheet><cols><col min="1" max="9"/></cols><sheetData>${rows.join('')}</sheetData></worksheet>`;
const TOO_WIDE_ROW_3 = 'UPLOAD_TOO_MANY_CELLS: Row 3 has more than 4 columns (UPLOAD_MAX_COLUMNS)';

describe('counting a row’s cells before it is parsed', () => {
  const sizes = [1, 2, 3, 4, 5, 7, 64, 100_000];

  it('passes a worksheet within the limit on unchanged, however it is cut', async () => {
    const xml = sheet(
      `<row r="1" spans="1:4">${cells(1, 4)}</row>`,
      `<row r="2">${cells(2, 4)}</row>`,
      '<row r="3"/>',
    );
    for (const size of sizes)
      expect([size, await sheetOutcome(xml, size)]).toEqual([size, 'passed unchanged']);
  });

  it('refuses the first row past the limit, naming it, however it is cut', async () => {
    const xml = sheet(`<row r="1">${cells(1, 4)}</row>`, `<row r="3" ht="15">${cells(3, 5)}</row>`);
    for (const size of sizes) expect([size, await sheetOutcome(xml, size)]).toEqual([size, TOO_WIDE_ROW_3]);
    // Self-closing cells count the same; `<cols>` and `<col>` are no cells.
    const empty = sheet('<row r="1"/><row r="2"/>', `<row r="3">${'<c r="A3"/>'.repeat(5)}</row>`);
    for (const size of sizes) expect([size, await sheetOutcome(empty, size)]).toEqual([size, TOO_WIDE_ROW_3]);
  });

  it('passes a CSV within the limit on unchanged, commas and line breaks inside quotes included', async () => {
    const csv = 'a,b,c,d\r\n"x,y,z,w,v","q ""quoted"", and more",3,4\n"line\nbreak",,,\n';
    for (const size of sizes) expect([size, await csvOutcome(csv, size)]).toEqual([size, 'passed unchanged']);
  });

  it('refuses a CSV record of more fields than the limit, naming its line', async () => {
    const csv = 'a,b,c,d\n1,2,3,4\n1,2,3,4,5\n';
    for (const size of sizes) expect([size, await csvOutcome(csv, size)]).toEqual([size, TOO_WIDE_ROW_3]);
    expect(await csvOutcome(`a,b\n,${','.repeat(1_000_000)}\n`, 65_536)).toBe(
      'UPLOAD_TOO_MANY_CELLS: Row 2 has more than 4 columns (UPLOAD_MAX_COLUMNS)',
    );
  });
});
