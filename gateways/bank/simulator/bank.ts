import { writeAcknowledgementFile } from '../acknowledgement-file.js';
import { bankCodeOf } from '../fields.js';
import { BankFileError } from '../file-text.js';
import { compareNames } from '../names.js';
import { methodMaxMinor, readPaymentFile } from '../payment-file.js';
import { MIN_TRANSFER_MINOR } from '../protocol.js';
import type { NameEnquiryAnswer } from '../protocol.js';
import { writeReturnFile } from '../return-file.js';
import { RETURN_REASONS } from '../return-reasons.js';
import { NON_NPSB_BANK_CODES } from './book.js';
import { bankTransferChargeMinor } from './tariff.js';
import type { BankBook, SimFile, SimLine } from './book.js';
import type { Faults } from './faults.js';

/**
 * The simulated bank's work: taking a payment file (refusing a name it holds and a file it cannot
 * read), processing each line as the bank's payment system does (a duplicate reference, a limit, a
 * short balance, for NPSB an account the receiving bank does not have: refused), writing the
 * acknowledgement, settling BEFTN at the clearing session and NPSB at once, and returning credits.
 */

export interface Originator {
  companyId: string;
  accountNumber: string;
}

export type Receipt =
  { outcome: 'TAKEN'; file: SimFile } | { outcome: 'DUPLICATE' } | { outcome: 'MALFORMED'; message: string };

const REJECTIONS = {
  AM02: 'Amount outside the limits of the payment method',
  AM04: 'Insufficient funds in the debit account',
  AM05: 'Duplicate end-to-end reference',
  AC01: 'No such account at the receiving bank',
  AC04: 'Account closed',
  AC06: 'Account blocked',
  RC01: 'Receiving bank is not an NPSB member',
} as const;

function reject(line: SimLine, code: keyof typeof REJECTIONS): void {
  line.state = 'REJECTED';
  line.rejectCode = code;
  line.rejectReason = REJECTIONS[code];
}

export class Bank {
  constructor(
    private readonly book: BankBook,
    private readonly originator: Originator,
    private readonly now: () => number,
  ) {}

  receive(name: string, text: string, faults: Faults): Receipt {
    if (this.book.files.has(name)) return { outcome: 'DUPLICATE' };
    let parsed;
    try {
      parsed = readPaymentFile(text);
    } catch (error) {
      if (error instanceof BankFileError) return { outcome: 'MALFORMED', message: error.message };
      throw error;
    }
    if (
      parsed.companyId !== this.originator.companyId ||
      parsed.debitAccountNumber !== this.originator.accountNumber
    ) {
      return { outcome: 'MALFORMED', message: 'the header names another company or account than this login' };
    }
    const file: SimFile = {
      name,
      receivedAtMs: this.now(),
      text,
      fileReference: parsed.fileReference,
      lines: parsed.lines.map((line) => ({
        ...line,
        state: 'RECEIVED',
        bankTransactionId: null,
        rejectCode: null,
        rejectReason: null,
        returnCode: null,
        returnReason: null,
        settledAtMs: null,
        debitedAtMs: null,
      })),
      ackHeld: false,
      acks: 0,
    };
    this.book.files.set(name, file);
    for (const line of file.lines) this.process(line, faults);
    if (faults.holdAcks) file.ackHeld = true;
    else this.acknowledge(file, faults.duplicateAck ? 2 : 1);
    return { outcome: 'TAKEN', file };
  }

  private process(line: SimLine, faults: Faults): void {
    if (this.book.liveLine(line.reference)) return reject(line, 'AM05');
    if (line.amountMinor < MIN_TRANSFER_MINOR || line.amountMinor > methodMaxMinor(line.method))
      return reject(line, 'AM02');
    if (line.method === 'NPSB') {
      if (NON_NPSB_BANK_CODES.includes(bankCodeOf(line.routingNumber))) return reject(line, 'RC01');
      // NPSB asks the receiving bank before it moves money; BEFTN learns of a bad account only by a return.
      const account = this.book.account(line.routingNumber, line.accountNumber);
      if (!account) return reject(line, 'AC01');
      if (account.status === 'CLOSED') return reject(line, 'AC04');
      if (account.status === 'FROZEN') return reject(line, 'AC06');
    }
    const charge = bankTransferChargeMinor(line.method);
    if (faults.shortBalance || this.book.balanceMinor < line.amountMinor + charge)
      return reject(line, 'AM04');
    // The bank's charges leave the account with the amount; its acknowledgement states them.
    this.book.balanceMinor -= line.amountMinor + charge;
    line.chargeMinor = charge;
    line.debitedAtMs = this.now();
    line.bankTransactionId = this.book.nextTransactionId();
    line.state = 'ACCEPTED';
    if (line.method === 'NPSB') {
      line.state = 'SETTLED';
      line.settledAtMs = this.now();
    }
  }

  /** Writes the file's acknowledgement (`copies` of it: a duplicate acknowledgement is a second file). */
  acknowledge(file: SimFile, copies = 1): void {
    file.ackHeld = false;
    const text = writeAcknowledgementFile({
      fileReference: file.fileReference,
      fileName: file.name,
      processedAt: new Date(file.receivedAtMs),
      lines: file.lines.map((line) => ({
        reference: line.reference,
        status: line.state === 'REJECTED' ? 'REJECTED' : 'ACCEPTED',
        bankTransactionId: line.state === 'REJECTED' ? null : line.bankTransactionId,
        amountMinor: line.amountMinor,
        reasonCode: line.rejectCode,
        reason: line.rejectReason,
        ...(line.state !== 'REJECTED' && line.chargeMinor !== undefined && { chargeMinor: line.chargeMinor }),
      })),
    });
    for (let copy = 0; copy < copies; copy += 1) {
      file.acks += 1;
      const name = `ACK_${file.name.replace(/\.txt$/, '')}_${file.acks}.txt`;
      this.book.outbox.set(name, { name, kind: 'ACK', forFile: file.name, createdAtMs: this.now(), text });
    }
  }

  /** Acknowledgements held back are written now; answers how many. */
  releaseAcks(): number {
    let released = 0;
    for (const file of this.book.files.values()) {
      if (!file.ackHeld) continue;
      this.acknowledge(file);
      released += 1;
    }
    return released;
  }

  /**
   * A BEFTN clearing session: held acknowledgements go out first, then every accepted BEFTN line is
   * credited, or sent back by a receiving bank that has no such open account or another name on it.
   */
  clearingSession(): { session: number; settled: number; returned: number } {
    this.releaseAcks();
    this.book.session += 1;
    let settled = 0;
    const returns: Array<{ file: SimFile; line: SimLine; code: string }> = [];
    for (const file of this.book.files.values()) {
      for (const line of file.lines) {
        if (line.state !== 'ACCEPTED' || line.method !== 'BEFTN') continue;
        const account = this.book.account(line.routingNumber, line.accountNumber);
        const code = !account
          ? 'R03'
          : account.status === 'CLOSED'
            ? 'R02'
            : account.status === 'FROZEN'
              ? 'R16'
              : compareNames(line.accountName, account.name)
                ? null
                : 'R17';
        if (code) returns.push({ file, line, code });
        else {
          line.state = 'SETTLED';
          line.settledAtMs = this.now();
          settled += 1;
        }
      }
    }
    this.writeReturns(returns);
    return { session: this.book.session, settled, returned: returns.length };
  }

  /** A settled credit sent back by the receiving bank (a tester's action); answers what stopped it, or null. */
  returnTransfer(reference: string, code: string): string | null {
    if (!RETURN_REASONS[code]) return `unknown return code ${code}`;
    const found = this.book
      .linesFor(reference)
      .find(({ line }) => line.state === 'SETTLED' && line.method === 'BEFTN');
    if (!found) return `no settled BEFTN transfer ${reference}`;
    this.writeReturns([{ ...found, code }]);
    return null;
  }

  private writeReturns(returns: Array<{ file: SimFile; line: SimLine; code: string }>): void {
    if (returns.length === 0) return;
    for (const { line, code } of returns) {
      line.state = 'RETURNED';
      line.returnedAtMs = this.now();
      line.returnCode = code;
      line.returnReason = RETURN_REASONS[code]!.text;
      this.book.balanceMinor += line.amountMinor;
    }
    this.book.lastReturnFile += 1;
    const id = `RET${String(this.book.lastReturnFile).padStart(6, '0')}`;
    const name = `${id}.txt`;
    const text = writeReturnFile({
      returnFileId: id,
      createdAt: new Date(this.now()),
      lines: returns.map(({ file, line, code }) => ({
        reference: line.reference,
        fileName: file.name,
        bankTransactionId: line.bankTransactionId!,
        amountMinor: line.amountMinor,
        returnCode: code,
        reason: RETURN_REASONS[code]!.text,
      })),
    });
    this.book.outbox.set(name, { name, kind: 'RETURN', forFile: null, createdAtMs: this.now(), text });
  }

  nameEnquiry(routingNumber: string, accountNumber: string): NameEnquiryAnswer {
    if (NON_NPSB_BANK_CODES.includes(bankCodeOf(routingNumber)))
      return { status: 'NOT_SUPPORTED', accountName: null };
    const account = this.book.account(routingNumber, accountNumber);
    if (!account) return { status: 'NOT_FOUND', accountName: null };
    if (account.status === 'CLOSED') return { status: 'CLOSED', accountName: null };
    return { status: account.status === 'FROZEN' ? 'FROZEN' : 'FOUND', accountName: account.name };
  }
}
