import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * A worksheet read a row at a time with a streaming XML parser (saxes): only the current row is
 * held, and the shared strings (already inflated within the upload limits). Cells are read as
 * spreadsheetml writes them: shared strings (t="s"), inline strings, formula strings (t="str"),
 * booleans (as "true"/"false"), errors (as their text) and numbers; a number whose style's format
 * is a date's (styles.xml) is that day, as panels write settlement dates as date cells.
 */

export type SheetCell = string | number | Date | null;

export interface SheetRow {
  /** The row's number in the sheet, counted from 1. */
  number: number;
  /** The row's cells by column, column A at 0; missing cells are null. */
  values: SheetCell[];
}

/** A file's chunks, each told to `seen` before it is parsed. */
async function* chunksOf(path: string, seen: (chunk: Buffer) => void): AsyncGenerator<Buffer> {
  const input = createReadStream(path);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      seen(chunk);
      yield chunk;
    }
  } finally {
    input.destroy();
  }
}

function parser(): SaxesParser {
  return new SaxesParser({ xmlns: false, position: false });
}

/** The local name of a tag (`x:c` is `c`): some writers prefix spreadsheetml (row-width.ts counts both). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** The shared strings table: each `<si>`'s text (its runs joined, phonetic hints left out). */
export async function readSharedStrings(
  path: string,
  seen: (chunk: Buffer) => void = () => undefined,
): Promise<string[]> {
  const strings: string[] = [];
  const sax = parser();
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  sax.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'si') current = '';
    else if (name === 'rPh') phonetic += 1;
    else if (name === 't' && phonetic === 0) inText = true;
  });
  sax.on('closetag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'si') {
      strings.push(current ?? '');
      current = null;
    } else if (name === 'rPh') phonetic -= 1;
    else if (name === 't') inText = false;
  });
  sax.on('text', (text: string) => {
    if (inText && current !== null) current += text;
  });
  sax.on('cdata', (text: string) => {
    if (inText && current !== null) current += text;
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunksOf(path, seen)) sax.write(decoder.decode(chunk, { stream: true }));
  sax.write(decoder.decode());
  sax.close();
  return strings;
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** A custom format code is a date's when it has a day, month, year or hour outside quotes and brackets. */
function isDateCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^General$/i.test(bare.trim());
}

/** For each cell style (`cellXfs`, by index): whether its number format is a date's. */
export async function readDateStyles(
  path: string,
  seen: (chunk: Buffer) => void = () => undefined,
): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  const sax = parser();
  let inCellXfs = false;
  sax.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) formats.push(Number(tag.attributes.numFmtId ?? 0));
  });
  sax.on('closetag', (tag: SaxesTagPlain) => {
    if (local(tag.name) === 'cellXfs') inCellXfs = false;
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunksOf(path, seen)) sax.write(decoder.decode(chunk, { stream: true }));
  sax.write(decoder.decode());
  sax.close();
  return formats.map((id) => (custom.has(id) ? isDateCode(custom.get(id)!) : DATE_FORMAT_IDS.has(id)));
}

/** A date serial (days since 1899-12-30, the 1900 system) as a UTC date, to the millisecond. */
export const serialDate = (serial: number) => new Date(Math.round((serial - 25_569) * 86_400_000));

/** A cell reference's column, A at 0 (`AB12` is 27); -1 when there is none. */
export function columnIndex(reference: string | undefined): number {
  if (!reference) return -1;
  let column = 0;
  let at = 0;
  for (; at < reference.length; at++) {
    const code = reference.charCodeAt(at) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return at === 0 ? -1 : column - 1;
}

function cellOf(
  type: string | undefined,
  value: string,
  inline: string,
  shared: readonly string[],
): SheetCell {
  switch (type) {
    case 's': {
      const index = Number(value);
      if (!Number.isInteger(index) || index < 0 || index >= shared.length) {
        throw new Error(`a cell names shared string ${value}, which is not in the table`);
      }
      return shared[index]!;
    }
    case 'inlineStr':
      return inline;
    case 'str':
    case 'e':
      return value;
    case 'b':
      return value === '1' || value === 'true' ? 'true' : 'false';
    default: {
      if (value.trim() === '') return null;
      const number = Number(value);
      return Number.isFinite(number) ? number : value;
    }
  }
}

/**
 * The sheet's rows, in order, as they are parsed. `chunks` gives the sheet's bytes (so the caller
 * can count or refuse them before they are parsed); each row is answered once its `</row>` is read.
 */
export async function* readSheetRows(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  shared: readonly string[],
  dateStyles: readonly boolean[] = [],
): AsyncGenerator<SheetRow> {
  const sax = parser();
  const ready: SheetRow[] = [];
  let row: SheetRow | null = null;
  let lastRow = 0;
  let cell: {
    column: number;
    type: string | undefined;
    style: number;
    value: string;
    inline: string;
  } | null = null;
  let lastColumn = -1;
  /** Which text is being read: a cell's `<v>`, or an inline string's `<t>`. */
  let reading: 'v' | 't' | null = null;
  let phonetic = 0;
  sax.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'row') {
      const declared = Number(tag.attributes.r);
      lastRow = Number.isInteger(declared) && declared > 0 ? declared : lastRow + 1;
      row = { number: lastRow, values: [] };
      lastColumn = -1;
    } else if (name === 'c' && row) {
      const declared = columnIndex(tag.attributes.r);
      lastColumn = declared >= 0 ? declared : lastColumn + 1;
      cell = {
        column: lastColumn,
        type: tag.attributes.t,
        style: Number(tag.attributes.s ?? 0),
        value: '',
        inline: '',
      };
    } else if (cell && name === 'v') reading = 'v';
    else if (cell && name === 'rPh') phonetic += 1;
    else if (cell && name === 't' && phonetic === 0) reading = 't';
  });
  sax.on('closetag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'v' || name === 't') reading = null;
    else if (name === 'rPh') phonetic -= 1;
    else if (name === 'c' && cell && row) {
      let value = cellOf(cell.type, cell.value, cell.inline, shared);
      if (
        typeof value === 'number' &&
        (cell.type === undefined || cell.type === 'n') &&
        dateStyles[cell.style]
      ) {
        value = serialDate(value);
      }
      for (let column = row.values.length; column < cell.column; column++) row.values[column] = null;
      row.values[cell.column] = value;
      cell = null;
    } else if (name === 'row' && row) {
      ready.push(row);
      row = null;
    }
  });
  const text = (content: string) => {
    if (!cell) return;
    if (reading === 'v') cell.value += content;
    else if (reading === 't') cell.inline += content;
  };
  sax.on('text', text);
  sax.on('cdata', text);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    sax.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    while (ready.length > 0) yield ready.shift()!;
  }
  sax.write(decoder.decode());
  sax.close();
  while (ready.length > 0) yield ready.shift()!;
}

/** A sheet file's chunks, each told to `seen`: for readers that count what they parse. */
export const sheetChunks = chunksOf;
