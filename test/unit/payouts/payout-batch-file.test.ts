import {
  batchHeaderProblem,
  BATCH_HEADER_PEEK_BYTES,
  linesFromRows,
} from '../../../domain/payouts/payout-batch-file.js';

describe("a batch file's header, checked from the file's first bytes when it is received", () => {
  it('takes the columns in any order and case, quoted or not, after a byte-order mark, with CRLF', () => {
    expect(
      batchHeaderProblem('line_reference,amount_minor,beneficiary_type\nprize-1,100,BKASH_WALLET'),
    ).toBeNull();
    expect(batchHeaderProblem('\uFEFF"Beneficiary_Type", AMOUNT_MINOR ,line_reference,name\r\nx')).toBeNull();
    expect(batchHeaderProblem('line_reference,amount_minor,beneficiary_type')).toBeNull();
  });

  it('refuses what is plainly not a batch file: JSON, an empty body, a missing or unknown column', () => {
    expect(batchHeaderProblem('{}')).toMatchObject({ code: 'BATCH_FILE_COLUMNS' });
    expect(batchHeaderProblem('')).toMatchObject({ code: 'BATCH_FILE_EMPTY' });
    expect(batchHeaderProblem('\r\nline_reference')).toMatchObject({ code: 'BATCH_FILE_EMPTY' });
    expect(batchHeaderProblem('line_reference,amount_minor\n')?.message).toContain('beneficiary_type');
    expect(batchHeaderProblem('line_reference,amount_minor,beneficiary_type,iban\n')?.message).toContain(
      'unknown column(s) iban',
    );
  });

  it('refuses a first line longer than the bytes it reads', () => {
    expect(batchHeaderProblem('a'.repeat(BATCH_HEADER_PEEK_BYTES))).toMatchObject({
      code: 'BATCH_FILE_COLUMNS',
    });
  });

  it('judges the header the worker parses the same way', () => {
    const header = ['line_reference', 'amount_minor', 'beneficiary_type', 'iban'];
    expect(linesFromRows([header, ['p-1', '100', 'BKASH_WALLET', 'x']])).toMatchObject({
      code: 'BATCH_FILE_COLUMNS',
    });
    expect(batchHeaderProblem(`${header.join(',')}\n`)).toEqual(
      linesFromRows([header, ['p-1', '100', 'BKASH_WALLET', 'x']]),
    );
  });
});
