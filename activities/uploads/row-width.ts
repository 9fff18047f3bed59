import { Transform } from 'node:stream';
import { limitErrors, type UploadLimits } from '../../domain/uploads/upload-limits.js';

/**
 * The cell limit (UPLOAD_MAX_COLUMNS), held while a row is read: the cells are counted in the
 * file's bytes before they reach the parser. Both parsers build a whole row before handing it
 * over. Counted only then, a CSV row of some millions of empty cells grew until the reader ran out
 * of its heap (then a thread, whose out-of-memory abort took the whole worker down), instead of
 * the file ending on the limit it crosses; a sheet's row of a million cells was parsed to its
 * end, tens of seconds, before its width was known. Reading stops at the first cell past the
 * limit; the parser has seen at most the bytes before it, a chunk's worth of that row.
 */

/**
 * A cell or a row opening in a worksheet's XML (spreadsheetml `<c>` and `<row>`, with or without
 * a namespace prefix, as the reader takes both).
 */
const SHEET_TAG = /<(?:[A-Za-z_][\w.-]{0,31}:)?(row|c)[\s/>]/g;
/** The longest tag SHEET_TAG matches, less one: what a tag split across two chunks can leave behind. */
const CARRIED = '<:row'.length + 32;
/** A row's opening tag is held over to the next chunk until its end, up to this long, for its number. */
const ROW_TAG_MAX = 1024;
const ROW_NUMBER = /^<(?:[A-Za-z_][\w.-]{0,31}:)?row\b[^>]*?\sr\s*=\s*["'](\d+)["']/;

/**
 * A worksheet's XML chunks as they are read, passed on unchanged once the cells in them are
 * counted: each `<c>` since the last `<row>`. Refuses (UPLOAD_TOO_MANY_CELLS, naming the row by its
 * `r`) at the first cell past the limit. The count errs only high (a tag in a comment counts),
 * never low: the reader builds a cell for every `<c>` it meets in a row.
 */
export async function* sheetChunksWithinCells(
  chunks: AsyncIterable<Buffer | string>,
  limits: UploadLimits,
): AsyncGenerator<Buffer | string> {
  // The end of the text before, and how much of it was already looked at.
  let carried = '';
  let seen = 0;
  let cells = 0;
  let rowNumber = 0;
  for await (const chunk of chunks) {
    // Latin-1 keeps one character per byte: the tags are ASCII, and no byte of a multi-byte
    // character can be taken for one.
    const text = carried + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    let heldRowTag: string | null = null;
    for (const match of text.matchAll(SHEET_TAG)) {
      if (match.index + match[0].length <= seen) continue;
      if (match[1] === 'row') {
        const end = text.indexOf('>', match.index);
        if (end < 0 && text.length - match.index < ROW_TAG_MAX) {
          // Nothing after it can be a cell yet: the tag's end is still to come.
          heldRowTag = text.slice(match.index);
          break;
        }
        cells = 0;
        const numbered = end < 0 ? null : ROW_NUMBER.exec(text.slice(match.index, end + 1));
        rowNumber = numbered ? Number(numbered[1]) : rowNumber + 1;
      } else if (++cells > limits.maxColumns) {
        throw limitErrors.columns(limits, rowNumber);
      }
    }
    [carried, seen] =
      heldRowTag === null ? [text.slice(-CARRIED), Math.min(CARRIED, text.length)] : [heldRowTag, 0];
    yield chunk;
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * A CSV's bytes, passed on unchanged once the fields in them are counted: a comma outside quotes
 * starts another field, a line break outside quotes another record. Quotes are told as csv-parse
 * tells them with its defaults (`"` quotes, `""` is a quote inside quotes: two toggles). Refuses
 * (UPLOAD_TOO_MANY_CELLS, naming the line) at the first field past the limit.
 */
export function csvWithinCells(limits: UploadLimits): Transform {
  let quoted = false;
  let fields = 1;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let at = 0; at < chunk.length; at++) {
        const byte = chunk[at];
        if (byte === LF) line += 1;
        if (byte === QUOTE) quoted = !quoted;
        else if (quoted) continue;
        else if (byte === LF || byte === CR) fields = 1;
        else if (byte === COMMA && ++fields > limits.maxColumns) {
          done(limitErrors.columns(limits, line));
          return;
        }
      }
      done(null, chunk);
    },
  });
}
