import { MAX_FILE_BYTES, MAX_FILE_LINES } from './protocol.js';

/**
 * What every bank file shares: lines of `|`-separated fields, ended by CRLF as the bank writes
 * them (a lone LF is read too), read only once the whole is known to be within the limits. No field
 * may hold the separator or a line break: names and narratives are refused or cleaned before they
 * are written (fields.ts), never escaped, since the bank's own reader knows no escape.
 */

export const SEPARATOR = '|';
export const LINE_END = '\r\n';

export type BankFileErrorCode = 'FILE_TOO_LARGE' | 'MALFORMED' | 'NOT_OURS';

/** A file the reader will not take, or a transfer the writer will not write; `line` counts from 1. */
export class BankFileError extends Error {
  constructor(
    readonly code: BankFileErrorCode,
    message: string,
    readonly line: number | null = null,
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'BankFileError';
  }
}

/** The file's records as field lists, refused whole when over the size or line limits. */
export function splitRecords(text: string): string[][] {
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    throw new BankFileError('FILE_TOO_LARGE', `the file is over ${MAX_FILE_BYTES} bytes`);
  }
  const lines = text.split('\n');
  // One line end closes the last record; anything after it is a record of its own.
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > MAX_FILE_LINES) {
    throw new BankFileError('FILE_TOO_LARGE', `the file has over ${MAX_FILE_LINES} lines`);
  }
  return lines.map((line, index) => {
    const record = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (hasControlCharacter(record)) {
      throw new BankFileError('MALFORMED', 'a control character inside the line', index + 1);
    }
    return record.split(SEPARATOR);
  });
}

/** A tab aside, no bank field holds a control character; one inside a line means a damaged file. */
function hasControlCharacter(line: string): boolean {
  for (let index = 0; index < line.length; index += 1) {
    const code = line.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

export function joinRecords(records: readonly (readonly string[])[]): string {
  return records.map((fields) => fields.join(SEPARATOR) + LINE_END).join('');
}

/** Reads one record's fields, failing with its line number. */
export class RecordReader {
  constructor(
    private readonly fields: readonly string[],
    readonly line: number,
  ) {}

  expect(type: string, count: number): this {
    if (this.fields[0] !== type) this.fail(`expected a ${type} record, found "${this.fields[0] ?? ''}"`);
    if (this.fields.length !== count)
      this.fail(`a ${type} record has ${count} fields, this one ${this.fields.length}`);
    return this;
  }

  field(index: number, name: string, pattern: RegExp): string {
    const value = this.fields[index] ?? '';
    if (!pattern.test(value)) this.fail(`${name} "${value.slice(0, 60)}" is not valid`);
    return value;
  }

  fail(message: string): never {
    throw new BankFileError('MALFORMED', message, this.line);
  }
}
