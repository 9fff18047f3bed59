import { Readable } from 'node:stream';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { writeWorkbook } from '../../platform/xlsx/write-workbook.js';

/**
 * Files to upload in the tests of the upload limits: ordinary workbooks and CSVs, and hostile
 * ones (a workbook that inflates to far more than it weighs, one whose directory lies about its
 * sizes, one too wide), made with fflate's streaming zip.
 */

/** A workbook of these rows (the first is the header), written as the simulator writes its reports. */
export async function workbookOf(rows: ReadonlyArray<ReadonlyArray<string | number>>): Promise<Buffer> {
  return Promise.resolve(writeWorkbook(rows, { sheetName: 'Report' }));
}

const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Report" sheetId="1" r:id="rId1"/></sheets></workbook>';

/** A spreadsheet column's letters: 1 is A, 27 is AA. */
function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * The sheet's XML, `rows` rows of the same cells, made as it is read (never held whole). Numbered
 * rows are a sheet a reader can read; unnumbered ones (every row the same bytes) compress as a
 * bomb does.
 */
function sheetXml(rows: number, cells: number, numbered = true): Readable {
  const columns = Array.from({ length: cells }, (_, i) => columnName(i + 1));
  const template = columns
    .map((c, i) => `<c r="${c}#" t="inlineStr"><is><t>v${i % 10}</t></is></c>`)
    .join('');
  const row = (n: number) =>
    numbered
      ? `<row r="${n}">${template.replaceAll('#', String(n))}</row>`
      : `<row r="1">${template.replaceAll('#', '1')}</row>`;
  const sameRows = numbered ? '' : row(1).repeat(2000);
  let next = 1;
  return streamedXml(`${SHEET_OPEN}<sheetData>`, '</sheetData></worksheet>', () => {
    if (next > rows) return null;
    if (!numbered && next + 2000 <= rows + 1) {
      next += 2000;
      return sameRows;
    }
    const chunk: string[] = [];
    for (let i = 0; i < 2000 && next <= rows; i++) chunk.push(row(next++));
    return chunk.join('');
  });
}

const SHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

/** XML made as it is read: `head`, then each piece `next` gives until it gives null, then `tail`. */
function streamedXml(head: string, tail: string, next: () => string | null): Readable {
  let started = false;
  return new Readable({
    read() {
      if (!started) {
        started = true;
        this.push(head);
      }
      const piece = next();
      if (piece === null) {
        this.push(tail);
        this.push(null);
      } else this.push(piece);
    },
  });
}

/**
 * Deflate's strongest setting, as the bombs need it (the most inflation per byte). It is also the
 * slowest, pathologically so on XML that repeats only loosely (tens of seconds for the wide row).
 */
const STRONGEST = 9;
type ZipDeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

async function zipOf(
  parts: Array<{ name: string; content: Readable | string }>,
  level: ZipDeflateLevel = STRONGEST,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let done!: () => void;
  let failed!: (error: Error) => void;
  const written = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const zip = new Zip((error, chunk, final) => {
    if (error) return failed(error);
    chunks.push(chunk);
    if (final) done();
  });
  for (const part of parts) {
    const file = new ZipDeflate(part.name, { level });
    zip.add(file);
    const source = typeof part.content === 'string' ? [part.content] : part.content;
    for await (const piece of source as AsyncIterable<string | Buffer>) {
      file.push(typeof piece === 'string' ? strToU8(piece) : new Uint8Array(piece));
    }
    file.push(new Uint8Array(0), true);
  }
  zip.end();
  await written;
  return Buffer.concat(chunks);
}

/**
 * A workbook whose one sheet is `rows` identical rows of `cells` cells: a few MB that inflate to
 * hundreds. The sheet comes before the workbook's other parts, as the one that filled the disk did
 * (a streaming reader spools such a sheet until it has read the rest).
 */
export function workbookBomb(rows: number, cells = 20): Promise<Buffer> {
  return zipOf([
    { name: 'xl/worksheets/sheet1.xml', content: sheetXml(rows, cells, false) },
    { name: 'xl/_rels/workbook.xml.rels', content: RELS },
    { name: 'xl/workbook.xml', content: WORKBOOK },
  ]);
}

/** `count` shared strings of `length` letters each, made as they are read. */
function sharedStringsXml(count: number, length: number): Readable {
  const item = `<si><t>${'A'.repeat(length)}</t></si>`;
  const chunk = item.repeat(1000);
  let made = 0;
  return new Readable({
    read() {
      if (made === 0) {
        this.push(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`,
        );
      }
      if (made >= count) {
        this.push('</sst>');
        this.push(null);
        return;
      }
      made += 1000;
      this.push(chunk);
    },
  });
}

/**
 * A workbook of a one-cell sheet and `count` shared strings: a reader that keeps every shared
 * string (as a streaming reader does) holds all of them in memory before the first row.
 */
export function sharedStringsBomb(count: number, length = 100): Promise<Buffer> {
  return zipOf([
    { name: 'xl/_rels/workbook.xml.rels', content: RELS },
    { name: 'xl/workbook.xml', content: WORKBOOK },
    { name: 'xl/sharedStrings.xml', content: sharedStringsXml(count, length) },
    {
      name: 'xl/worksheets/sheet1.xml',
      content:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>',
    },
  ]);
}

/** A generated sheet of `rows` rows × `cells` columns, the rest of the workbook in order. */
export function plainWorkbook(rows: number, cells: number): Promise<Buffer> {
  return zipOf([
    { name: 'xl/_rels/workbook.xml.rels', content: RELS },
    { name: 'xl/workbook.xml', content: WORKBOOK },
    { name: 'xl/worksheets/sheet1.xml', content: sheetXml(rows, cells) },
  ]);
}

/**
 * A workbook whose sheet is one row of `cells` cells, made as it is read: a few MB that a reader
 * which builds a whole row before counting its cells holds in memory all at once.
 */
export function wideRowWorkbook(cells: number): Promise<Buffer> {
  // A sheet has 16,384 columns (A to XFD): past them, the same ones again. Cell n holds n % 10, so
  // the cells repeat every 81,920: each of those is written once and sent as often as needed.
  const cell = (n: number) => `<c r="${columnName(((n - 1) % 16_384) + 1)}1"><v>${n % 10}</v></c>`;
  const PERIOD = 81_920;
  const CHUNK = 10_240;
  const chunks = Array.from({ length: PERIOD / CHUNK }, (_, c) =>
    Array.from({ length: CHUNK }, (_, i) => cell(c * CHUNK + i + 1)).join(''),
  );
  let next = 1;
  const sheet = streamedXml(`${SHEET_OPEN}<sheetData><row r="1">`, '</row></sheetData></worksheet>', () => {
    if (next > cells) return null;
    const count = Math.min(CHUNK, cells - next + 1);
    const whole = chunks[((next - 1) % PERIOD) / CHUNK]!;
    const piece = count === CHUNK ? whole : Array.from({ length: count }, (_, i) => cell(next + i)).join('');
    next += count;
    return piece;
  });
  // Not a bomb, only a long row: zlib's default level makes nearly as small a file in a tenth of the time.
  return zipOf(
    [
      { name: 'xl/_rels/workbook.xml.rels', content: RELS },
      { name: 'xl/workbook.xml', content: WORKBOOK },
      { name: 'xl/worksheets/sheet1.xml', content: sheet },
    ],
    6,
  );
}

/**
 * The same zip with its directory claiming `declared` bytes inflated for the entry `name` (and
 * the compressed size it has): a reader that trusts the directory inflates far more than it
 * planned for.
 */
export function withDeclaredSize(zip: Buffer, name: string, declared: number): Buffer {
  const copy = Buffer.from(zip);
  for (let at = copy.length - 22; at >= 0; at--) {
    if (copy.readUInt32LE(at) !== 0x02014b50) continue;
    const nameLength = copy.readUInt16LE(at + 28);
    if (copy.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      copy.writeUInt32LE(declared, at + 24);
      return copy;
    }
  }
  throw new Error(`no entry ${name} in the zip's directory`);
}

/** A CSV of a header and `rows` rows. */
export function csvOf(header: string, row: (n: number) => string, rows: number): Buffer {
  const lines = [header];
  for (let n = 1; n <= rows; n++) lines.push(row(n));
  return Buffer.from(lines.join('\n'));
}
