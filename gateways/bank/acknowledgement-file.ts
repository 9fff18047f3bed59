import { BankFileError, RecordReader, joinRecords, splitRecords } from './file-text.js';
import { PATTERNS, poishaOf, takaText, timestampOf, timestampText } from './fields.js';
import type { PaymentFile } from './payment-file.js';

/**
 * The bank's acknowledgement of one payment file: every line ACCEPTED (taken, debited, on its way:
 * BEFTN at the next clearing session, NPSB at once) or REJECTED with the reason.
 *
 *   H|BDH2HACK|1|<our file reference>|<our file name>|<processed YYYYMMDDHHMMSS>
 *   D|<sequence>|<end-to-end reference>|ACCEPTED|<bank transaction id>|<taka.00>|||<charges taka.00>
 *   D|<sequence>|<end-to-end reference>|REJECTED||<taka.00>|<reason code>|<reason>|
 *
 * The ninth field, the bank's charges for an accepted transfer (taken from the account with it),
 * is absent from acknowledgements written before the bank stated them: such a line has none.
 *   T|<line count>|<accepted count>|<rejected count>
 */

export const ACK_FILE_FORMAT = 'BDH2HACK';

export interface AcknowledgementLine {
  reference: string;
  status: 'ACCEPTED' | 'REJECTED';
  bankTransactionId: string | null;
  amountMinor: number;
  reasonCode: string | null;
  reason: string | null;
  /** What the bank charged for an accepted transfer, when it says (the ninth field). */
  chargeMinor?: number;
}

export interface AcknowledgementFile {
  fileReference: string;
  fileName: string;
  processedAt: Date;
  lines: AcknowledgementLine[];
}

const FILE_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
const REASON_CODE = /^[A-Z0-9]{2,8}$/;

export function writeAcknowledgementFile(ack: AcknowledgementFile): string {
  const accepted = ack.lines.filter((line) => line.status === 'ACCEPTED').length;
  return joinRecords([
    ['H', ACK_FILE_FORMAT, '1', ack.fileReference, ack.fileName, timestampText(ack.processedAt)],
    ...ack.lines.map((line, index) => [
      'D',
      String(index + 1),
      line.reference,
      line.status,
      line.bankTransactionId ?? '',
      takaText(line.amountMinor),
      line.reasonCode ?? '',
      line.reason ?? '',
      line.chargeMinor === undefined ? '' : takaText(line.chargeMinor),
    ]),
    ['T', String(ack.lines.length), String(accepted), String(ack.lines.length - accepted)],
  ]);
}

/** The acknowledgement's text as the bank wrote it, syntax checked; see matchAcknowledgement. */
export function readAcknowledgementFile(text: string): AcknowledgementFile {
  const records = splitRecords(text);
  if (records.length < 2)
    throw new BankFileError('MALFORMED', 'an acknowledgement has a header and a trailer');
  const header = new RecordReader(records[0]!, 1).expect('H', 6);
  header.field(1, 'format', new RegExp(`^${ACK_FILE_FORMAT}$`));
  header.field(2, 'version', /^1$/);
  const ack: AcknowledgementFile = {
    fileReference: header.field(3, 'file reference', PATTERNS.fileReference),
    fileName: header.field(4, 'file name', FILE_NAME),
    processedAt: timestampOf(header.field(5, 'processed', PATTERNS.timestamp)),
    lines: [],
  };
  records.slice(1, -1).forEach((fields, index) => {
    const record = new RecordReader(fields, index + 2).expect('D', fields.length === 9 ? 9 : 8);
    if (record.field(1, 'sequence', PATTERNS.count) !== String(index + 1))
      record.fail('the sequence is out of order');
    const status = record.field(3, 'status', /^(ACCEPTED|REJECTED)$/) as AcknowledgementLine['status'];
    const accepted = status === 'ACCEPTED';
    const bankTransactionId = record.field(
      4,
      'bank transaction id',
      accepted ? PATTERNS.bankTransactionId : /^$/,
    );
    const reasonCode = record.field(6, 'reason code', accepted ? /^$/ : REASON_CODE);
    const reason = record.field(7, 'reason', PATTERNS.reasonText);
    const charges =
      fields.length === 9
        ? record.field(8, 'charges', accepted ? /^$|^(0|[1-9]\d{0,12})\.\d{2}$/ : /^$/)
        : '';
    ack.lines.push({
      ...(charges !== '' && {
        chargeMinor: poishaOf(charges) ?? record.fail('the charges are out of range'),
      }),
      reference: record.field(2, 'reference', PATTERNS.reference),
      status,
      bankTransactionId: bankTransactionId || null,
      amountMinor:
        poishaOf(record.field(5, 'amount', PATTERNS.amount)) ?? record.fail('the amount is out of range'),
      reasonCode: reasonCode || null,
      reason: reason || null,
    });
  });
  const trailer = new RecordReader(records.at(-1)!, records.length).expect('T', 4);
  const accepted = ack.lines.filter((line) => line.status === 'ACCEPTED').length;
  if (Number(trailer.field(1, 'line count', PATTERNS.count)) !== ack.lines.length)
    trailer.fail('the line count does not match');
  if (Number(trailer.field(2, 'accepted count', PATTERNS.count)) !== accepted)
    trailer.fail('the accepted count does not match');
  if (Number(trailer.field(3, 'rejected count', PATTERNS.count)) !== ack.lines.length - accepted) {
    trailer.fail('the rejected count does not match');
  }
  return ack;
}

/**
 * The acknowledgement's lines by reference, each checked against the file we sent: an answer for
 * another file, a reference we never sent, an amount we did not send, or one reference answered
 * two ways is refused whole (NOT_OURS), never half believed. A line repeated the same way is one.
 */
export function matchAcknowledgement(
  ack: AcknowledgementFile,
  sent: PaymentFile,
  sentName: string,
): Map<string, AcknowledgementLine> {
  if (ack.fileReference !== sent.fileReference || ack.fileName !== sentName) {
    throw new BankFileError('NOT_OURS', `the acknowledgement answers ${ack.fileName}, not ${sentName}`);
  }
  const amounts = new Map(sent.lines.map((line) => [line.reference, line.amountMinor]));
  const byReference = new Map<string, AcknowledgementLine>();
  for (const line of ack.lines) {
    if (amounts.get(line.reference) !== line.amountMinor) {
      throw new BankFileError(
        'NOT_OURS',
        `the acknowledgement answers ${line.reference} for an amount we did not send`,
      );
    }
    const earlier = byReference.get(line.reference);
    if (earlier && !sameAnswer(earlier, line)) {
      throw new BankFileError('NOT_OURS', `the acknowledgement answers ${line.reference} two ways`);
    }
    byReference.set(line.reference, line);
  }
  return byReference;
}

export function sameAnswer(a: AcknowledgementLine, b: AcknowledgementLine): boolean {
  return (
    a.status === b.status &&
    a.bankTransactionId === b.bankTransactionId &&
    a.amountMinor === b.amountMinor &&
    a.reasonCode === b.reasonCode
  );
}
