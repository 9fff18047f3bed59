import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvField, csvRecord, csvRecords } from '../../../domain/shared/csv.js';

/** The text a field must read back as: a formula's with the apostrophe before it. */
const defused = (text: string) =>
  /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;

describe('csv', () => {
  it('quotes only fields that need it, doubling quotes inside', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('Dhaka; Gulshan 2')).toBe('"Dhaka; Gulshan 2"');
    expect(csvRecord(['a;b', 'c'])).toBe('"a;b",c\r\n');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvRecord(['a', 1, null, 'x,y'])).toBe('a,1,,"x,y"\r\n');
    expect(csvRecords([['a'], ['b']])).toBe('a\r\nb\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, and keeps numbers numbers', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    );
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('-5')).toBe('-5');
    expect(csvField(-1250)).toBe('-1250');
    expect(csvField('a=b')).toBe('a=b');
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
  });

  it('reads back, with a maintained parser, exactly what was written', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(text, fc.constantFrom('"', ',', ';', '\r\n', '\n', '=1', '-3', ' ')), {
            minLength: 1,
            maxLength: 5,
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (rows) => {
          // Every row as wide as the first, as a CSV file's records are.
          const width = rows[0]!.length;
          const square = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
          const parsed = parse(csvRecords(square), { relax_column_count: false }) as string[][];
          expect(parsed).toEqual(square.map((row) => row.map(defused)));
        },
      ),
    );
  });
});
