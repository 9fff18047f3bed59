import fc from 'fast-check';
import path from 'node:path';
import { partNameOf, remotePath, safeFileName } from '../../../platform/sftp/remote-names.js';

const DIRECTORY = '/incoming/oi-payments';
// eslint-disable-next-line no-control-regex
const SEPARATOR_OR_CONTROL = /[/\\\u0000-\u001f\u007f]/;

describe('the name a delivered file lands under', () => {
  it('keeps an ordinary report name as it is', () => {
    for (const name of ['settlements-2026-03-31.xlsx', 'Payouts March.csv', 'রিপোর্ট.csv', 'a.b.c']) {
      expect(safeFileName(name)).toBe(name);
    }
  });

  it('turns separators and control characters into "_", dot runs into one dot, and drops leading dots', () => {
    expect(safeFileName('../outside.csv')).toBe('_outside.csv');
    expect(safeFileName('..\\..\\outside.csv')).toBe('_._outside.csv');
    expect(safeFileName('/etc/passwd')).toBe('_etc_passwd');
    expect(safeFileName('report..csv')).toBe('report.csv');
    expect(safeFileName('.report.csv.part')).toBe('report.csv.part');
    expect(safeFileName('line\nbreak\u0000.csv')).toBe('line_break_.csv');
  });

  it('refuses a name with nothing usable left, rather than making one up', () => {
    for (const name of ['', '.', '..', '/', '\\', ' . ', '___', '\u0000']) {
      expect(() => safeFileName(name)).toThrow(RangeError);
    }
  });

  it('cuts a long name to what a file system takes with its temporary prefix and suffix, never inside a character', () => {
    const long = safeFileName('ক'.repeat(200));
    expect(Buffer.byteLength(partNameOf(long))).toBeLessThanOrEqual(255);
    expect(long).toBe('ক'.repeat(83));
  });

  it('writes the part beside the file, hidden', () => {
    expect(partNameOf('daily.csv')).toBe('.daily.csv.part');
    expect(remotePath(DIRECTORY, partNameOf('daily.csv'))).toBe('/incoming/oi-payments/.daily.csv.part');
    expect(() => remotePath('incoming', 'daily.csv')).toThrow(RangeError);
  });

  it('never leaves the directory, whatever the name', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: fc.constantFrom('.', '/', '\\', 'a', ' ', '\u0000', '\n', 'ক'), maxLength: 40 }),
          fc.string({ unit: 'grapheme', maxLength: 300 }),
        ),
        (name) => {
          let safe: string;
          try {
            safe = safeFileName(name);
          } catch (error) {
            return error instanceof RangeError;
          }
          const file = remotePath(DIRECTORY, safe);
          return (
            path.posix.dirname(file) === DIRECTORY &&
            path.posix.dirname(remotePath(DIRECTORY, partNameOf(safe))) === DIRECTORY &&
            !safe.includes('..') &&
            !safe.startsWith('.') &&
            !SEPARATOR_OR_CONTROL.test(safe) &&
            Buffer.byteLength(partNameOf(safe)) <= 255
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
