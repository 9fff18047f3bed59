import { BankFileError, RecordReader, joinRecords, splitRecords } from './file-text.js';
import { PATTERNS, poishaOf, takaText, timestampOf, timestampText } from './fields.js';
import type { PaymentFile } from './payment-file.js';
import { controlTotalMinor } from './payment-file.js';

/**
 * The bank's return file: BEFTN credits the receiving bank sent back after settlement (account
 * closed, no such account, name mismatch), the money back on the company account. One file per
 * return session, naming for each line the payment file it came in.
 *
 *   H|BDH2HRET|1|<return file id>|<created YYYYMMDDHHMMSS>
 *   D|<sequence>|<end-to-end reference>|<our file name>|<bank transaction id>|<taka.00>|<R-code>|<reason>
 *   T|<line count>|<control total taka.00>
 */

export const RETURN_FILE_FORMAT = 'BDH2HRET';

export interface ReturnLine {
  reference: string;
  fileName: string;
  bankTransactionId: string;
  amountMinor: number;
  returnCode: string;
  reason: string;
}

export interface ReturnFile {
  returnFileId: string;
  createdAt: Date;
  lines: ReturnLine[];
}

const FILE_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
const RETURN_CODE = /^R\d{2}$/;

export function writeReturnFile(file: ReturnFile): string {
  return joinRecords([
    ['H', RETURN_FILE_FORMAT, '1', file.returnFileId, timestampText(file.createdAt)],
    ...file.lines.map((line, index) => [
      'D',
      String(index + 1),
      line.reference,
      line.fileName,
      line.bankTransactionId,
      takaText(line.amountMinor),
      line.returnCode,
      line.reason,
    ]),
    ['T', String(file.lines.length), takaText(controlTotalMinor(file.lines))],
  ]);
}

export function readReturnFile(text: string): ReturnFile {
  const records = splitRecords(text);
  if (records.length < 2) throw new BankFileError('MALFORMED', 'a return file has a header and a trailer');
  const header = new RecordReader(records[0]!, 1).expect('H', 5);
  header.field(1, 'format', new RegExp(`^${RETURN_FILE_FORMAT}$`));
  header.field(2, 'version', /^1$/);
  const file: ReturnFile = {
    returnFileId: header.field(3, 'return file id', PATTERNS.fileReference),
    createdAt: timestampOf(header.field(4, 'created', PATTERNS.timestamp)),
    lines: [],
  };
  records.slice(1, -1).forEach((fields, index) => {
    const record = new RecordReader(fields, index + 2).expect('D', 8);
    if (record.field(1, 'sequence', PATTERNS.count) !== String(index + 1))
      record.fail('the sequence is out of order');
    file.lines.push({
      reference: record.field(2, 'reference', PATTERNS.reference),
      fileName: record.field(3, 'file name', FILE_NAME),
      bankTransactionId: record.field(4, 'bank transaction id', PATTERNS.bankTransactionId),
      amountMinor:
        poishaOf(record.field(5, 'amount', PATTERNS.amount)) ?? record.fail('the amount is out of range'),
      returnCode: record.field(6, 'return code', RETURN_CODE),
      reason: record.field(7, 'reason', PATTERNS.reasonText),
    });
  });
  const trailer = new RecordReader(records.at(-1)!, records.length).expect('T', 3);
  if (Number(trailer.field(1, 'line count', PATTERNS.count)) !== file.lines.length)
    trailer.fail('the line count does not match');
  if (poishaOf(trailer.field(2, 'control total', PATTERNS.amount)) !== controlTotalMinor(file.lines)) {
    trailer.fail('the control total does not match the lines');
  }
  return file;
}

/**
 * The return file's lines for the file we sent as `sentName`, by reference. A line naming our file
 * must name a reference of it, with the amount we sent and the transaction id the bank accepted it
 * under (`acceptedIds`, from the acknowledgement): one that does not is refused (NOT_OURS), never
 * taken as a return of money we sent. Lines for other files are not this file's business.
 */
export function matchReturns(
  file: ReturnFile,
  sent: PaymentFile,
  sentName: string,
  acceptedIds: ReadonlyMap<string, string>,
): Map<string, ReturnLine> {
  const amounts = new Map(sent.lines.map((line) => [line.reference, line.amountMinor]));
  const byReference = new Map<string, ReturnLine>();
  for (const line of file.lines) {
    if (line.fileName !== sentName) continue;
    if (
      amounts.get(line.reference) !== line.amountMinor ||
      acceptedIds.get(line.reference) !== line.bankTransactionId
    ) {
      throw new BankFileError(
        'NOT_OURS',
        `return file ${file.returnFileId} returns ${line.reference} of ${sentName}, which the bank did not accept from us so`,
      );
    }
    const earlier = byReference.get(line.reference);
    if (earlier && earlier.returnCode !== line.returnCode) {
      throw new BankFileError(
        'NOT_OURS',
        `return file ${file.returnFileId} returns ${line.reference} twice, two ways`,
      );
    }
    byReference.set(line.reference, line);
  }
  return byReference;
}
