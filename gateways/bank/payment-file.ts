import type { BankTransferMethod } from '../payouts/rail.js';
import { BankFileError, RecordReader, joinRecords, splitRecords } from './file-text.js';
import { PATTERNS, isRoutingNumber, poishaOf, takaText, timestampOf, timestampText } from './fields.js';
import {
  BANK_METHODS,
  BEFTN_MAX_MINOR,
  MAX_FILE_TRANSFERS,
  MIN_TRANSFER_MINOR,
  NPSB_MAX_MINOR,
} from './protocol.js';

/**
 * The payment instruction file we deliver to the company's bank, in the shape Bangladeshi banks'
 * host-to-host channels take BEFTN and NPSB credit transfers:
 *
 *   H|BDH2H|1|<company id>|<debit account>|<file reference>|<created YYYYMMDDHHMMSS>
 *   D|<sequence>|<end-to-end reference>|<account>|<name>|<routing number>|<taka.00>|<narrative>|<BEFTN|NPSB>
 *   T|<line count>|<control total taka.00>
 *
 * The end-to-end reference is our payout reference: every answer the bank gives comes back keyed
 * by it, and no two lines of one file share one.
 */

export const PAYMENT_FILE_FORMAT = 'BDH2H';
/** What one line carries at most (Tk 100 crore), so a full file's control total stays an exact integer. */
const MAX_LINE_MINOR = 100_000_000_000;
const VERSION = '1';

export interface PaymentLine {
  reference: string;
  accountNumber: string;
  accountName: string;
  routingNumber: string;
  amountMinor: number;
  narrative: string;
  method: BankTransferMethod;
}

export interface PaymentFile {
  companyId: string;
  debitAccountNumber: string;
  fileReference: string;
  createdAt: Date;
  lines: PaymentLine[];
}

/** The most the bank takes in one line for the method. */
export function methodMaxMinor(method: BankTransferMethod): number {
  return method === 'NPSB' ? NPSB_MAX_MINOR : BEFTN_MAX_MINOR;
}

export interface LineProblem {
  reasonCode: string;
  message: string;
}

/**
 * What makes a line unwritable, by our stable reason code, or null. The bank refuses a whole file
 * for any of these; amounts outside a method's limits are its business rules instead, refused
 * line by line in its acknowledgement (lineProblem checks both before we send).
 */
export function lineFormatProblem(line: PaymentLine): LineProblem | null {
  if (!PATTERNS.reference.test(line.reference)) {
    return { reasonCode: 'INVALID_REFERENCE', message: 'the reference is not 1–35 letters, digits, _ or -' };
  }
  if (!isRoutingNumber(line.routingNumber)) {
    return {
      reasonCode: 'INVALID_ROUTING_NUMBER',
      message: 'the routing number is not nine digits naming a bank',
    };
  }
  if (!PATTERNS.accountNumber.test(line.accountNumber)) {
    return { reasonCode: 'INVALID_ACCOUNT', message: 'the account number is not 6–17 digits' };
  }
  if (!PATTERNS.name.test(line.accountName)) {
    return {
      reasonCode: 'INVALID_ACCOUNT_NAME',
      message: "the account name is not 1–50 Latin letters, digits, spaces or . , ' & ( ) / -",
    };
  }
  if (!PATTERNS.narrative.test(line.narrative)) {
    return { reasonCode: 'INVALID_NARRATIVE', message: 'the narrative does not fit the bank field' };
  }
  if (!(BANK_METHODS as readonly string[]).includes(line.method)) {
    return { reasonCode: 'INVALID_METHOD', message: 'the method is neither BEFTN nor NPSB' };
  }
  if (!Number.isSafeInteger(line.amountMinor) || line.amountMinor <= 0 || line.amountMinor > MAX_LINE_MINOR) {
    return {
      reasonCode: 'INVALID_AMOUNT',
      message: 'the amount is not a positive whole number of poisha the file can carry',
    };
  }
  return null;
}

/** What the bank would refuse in this line, the file's format or its limits, or null when it takes it. */
export function lineProblem(line: PaymentLine): LineProblem | null {
  const format = lineFormatProblem(line);
  if (format) return format;
  if (line.amountMinor < MIN_TRANSFER_MINOR) {
    return { reasonCode: 'AMOUNT_BELOW_MINIMUM', message: 'the amount is under Tk 1' };
  }
  if (line.amountMinor > methodMaxMinor(line.method)) {
    return {
      reasonCode: 'AMOUNT_ABOVE_LIMIT',
      message: `the amount is over ${line.method}'s limit per transfer`,
    };
  }
  return null;
}

function checkFile(file: PaymentFile): void {
  if (!PATTERNS.companyId.test(file.companyId))
    throw new BankFileError('MALFORMED', 'the company id is not valid');
  if (!PATTERNS.accountNumber.test(file.debitAccountNumber)) {
    throw new BankFileError('MALFORMED', 'the debit account number is not valid');
  }
  if (!PATTERNS.fileReference.test(file.fileReference)) {
    throw new BankFileError('MALFORMED', 'the file reference is not valid');
  }
  if (file.lines.length === 0 || file.lines.length > MAX_FILE_TRANSFERS) {
    throw new BankFileError('MALFORMED', `a file carries 1 to ${MAX_FILE_TRANSFERS} transfers`);
  }
  const seen = new Set<string>();
  file.lines.forEach((line, index) => {
    const problem = lineFormatProblem(line);
    if (problem) throw new BankFileError('MALFORMED', `${problem.reasonCode}: ${problem.message}`, index + 2);
    if (seen.has(line.reference)) {
      throw new BankFileError('MALFORMED', `reference ${line.reference} is on two lines`, index + 2);
    }
    seen.add(line.reference);
  });
}

export function controlTotalMinor(lines: readonly { amountMinor: number }[]): number {
  return lines.reduce((sum, line) => sum + line.amountMinor, 0);
}

/** The file's text; throws BankFileError rather than write a line the bank would misread. */
export function writePaymentFile(file: PaymentFile): string {
  checkFile(file);
  return joinRecords([
    [
      'H',
      PAYMENT_FILE_FORMAT,
      VERSION,
      file.companyId,
      file.debitAccountNumber,
      file.fileReference,
      timestampText(file.createdAt),
    ],
    ...file.lines.map((line, index) => [
      'D',
      String(index + 1),
      line.reference,
      line.accountNumber,
      line.accountName,
      line.routingNumber,
      takaText(line.amountMinor),
      line.narrative,
      line.method,
    ]),
    ['T', String(file.lines.length), takaText(controlTotalMinor(file.lines))],
  ]);
}

/** A payment file read back (the bank's side, or ours to check an answer against what we sent). */
export function readPaymentFile(text: string): PaymentFile {
  const records = splitRecords(text);
  if (records.length < 3)
    throw new BankFileError('MALFORMED', 'a payment file has a header, lines and a trailer');
  const header = new RecordReader(records[0]!, 1).expect('H', 7);
  header.field(1, 'format', new RegExp(`^${PAYMENT_FILE_FORMAT}$`));
  header.field(2, 'version', /^1$/);
  const file: PaymentFile = {
    companyId: header.field(3, 'company id', PATTERNS.companyId),
    debitAccountNumber: header.field(4, 'debit account', PATTERNS.accountNumber),
    fileReference: header.field(5, 'file reference', PATTERNS.fileReference),
    createdAt: timestampOf(header.field(6, 'created', PATTERNS.timestamp)),
    lines: [],
  };
  const details = records.slice(1, -1);
  details.forEach((fields, index) => {
    const record = new RecordReader(fields, index + 2).expect('D', 9);
    if (record.field(1, 'sequence', PATTERNS.count) !== String(index + 1))
      record.fail('the sequence is out of order');
    const amountMinor =
      poishaOf(record.field(6, 'amount', PATTERNS.amount)) ?? record.fail('the amount is out of range');
    file.lines.push({
      reference: record.field(2, 'reference', PATTERNS.reference),
      accountNumber: record.field(3, 'account number', PATTERNS.accountNumber),
      accountName: record.field(4, 'account name', PATTERNS.name),
      routingNumber: record.field(5, 'routing number', PATTERNS.routingNumber),
      amountMinor,
      narrative: record.field(7, 'narrative', PATTERNS.narrative),
      method: record.field(8, 'method', /^(BEFTN|NPSB)$/) as BankTransferMethod,
    });
  });
  const trailer = new RecordReader(records.at(-1)!, records.length).expect('T', 3);
  if (Number(trailer.field(1, 'line count', PATTERNS.count)) !== file.lines.length) {
    trailer.fail('the line count does not match the lines');
  }
  if (poishaOf(trailer.field(2, 'control total', PATTERNS.amount)) !== controlTotalMinor(file.lines)) {
    trailer.fail('the control total does not match the lines');
  }
  checkFile(file);
  return file;
}
