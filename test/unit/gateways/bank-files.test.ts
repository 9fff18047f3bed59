import fc from 'fast-check';
import {
  matchAcknowledgement,
  readAcknowledgementFile,
  writeAcknowledgementFile,
} from '../../../gateways/bank/acknowledgement-file.js';
import type { AcknowledgementLine } from '../../../gateways/bank/acknowledgement-file.js';
import { narrativeFor, poishaOf, takaText } from '../../../gateways/bank/fields.js';
import { BankFileError } from '../../../gateways/bank/file-text.js';
import { attemptOf, transferFileName, transferFilePrefix } from '../../../gateways/bank/file-names.js';
import { compareNames } from '../../../gateways/bank/names.js';
import { lineOutcome } from '../../../gateways/bank/outcomes.js';
import { controlTotalMinor, readPaymentFile, writePaymentFile } from '../../../gateways/bank/payment-file.js';
import type { PaymentFile, PaymentLine } from '../../../gateways/bank/payment-file.js';
import { MAX_FILE_BYTES, MAX_FILE_LINES } from '../../../gateways/bank/protocol.js';
import { matchReturns, readReturnFile, writeReturnFile } from '../../../gateways/bank/return-file.js';
import type { ReturnFile } from '../../../gateways/bank/return-file.js';
import { returnReason } from '../../../gateways/bank/return-reasons.js';

/** The bank's files: what we write reads back whole, totals hold, and nothing malformed or foreign is believed. */

const chars = (alphabet: string) => fc.constantFrom(...alphabet.split(''));
const word = (alphabet: string, min: number, max: number) =>
  fc.array(chars(alphabet), { minLength: min, maxLength: max }).map((list) => list.join(''));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NAME_EDGE = `${ALNUM}.,'&()/-`;
const NAME_INNER = `${NAME_EDGE} `;

const nameArb = fc
  .tuple(chars(NAME_EDGE), word(NAME_INNER, 0, 48), chars(NAME_EDGE))
  .map(([first, middle, last]) => `${first}${middle}${last}`.slice(0, 50))
  .filter((name) => !name.endsWith(' '));
const narrativeArb = fc.oneof(fc.constant(''), fc.string({ maxLength: 60 }).map(narrativeFor));
const lineArb = (reference: string): fc.Arbitrary<PaymentLine> =>
  fc.record({
    reference: fc.constant(reference),
    accountNumber: word('0123456789', 6, 17),
    accountName: nameArb,
    routingNumber: fc.tuple(word('123456789', 1, 1), word('0123456789', 8, 8)).map(([a, b]) => a + b),
    amountMinor: fc.integer({ min: 1, max: 100_000_000_000 }),
    narrative: narrativeArb,
    method: fc.constantFrom('BEFTN' as const, 'NPSB' as const),
  });
const fileArb: fc.Arbitrary<PaymentFile> = fc
  .uniqueArray(word(`${ALNUM}_-`, 1, 35), { minLength: 1, maxLength: 30 })
  .chain((references) =>
    fc.record({
      companyId: word('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1, 20),
      debitAccountNumber: word('0123456789', 6, 17),
      fileReference: word(`${ALNUM}_-`, 1, 35),
      createdAt: fc
        .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2099, 0, 1) / 1000 })
        .map((s) => new Date(s * 1000)),
      lines: fc.tuple(...references.map(lineArb)),
    }),
  );

function malformed(read: () => unknown, code = 'MALFORMED'): void {
  let error: unknown;
  try {
    read();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(BankFileError);
  expect((error as BankFileError).code).toBe(code);
}

const SAMPLE: PaymentFile = {
  companyId: 'OIPAYTEST',
  debitAccountNumber: '1234567890123',
  fileReference: 'F1',
  createdAt: new Date('2026-11-27T10:00:00Z'),
  lines: [
    {
      reference: 'po_a',
      accountNumber: '1001001001',
      accountName: 'Rahima Khatun',
      routingNumber: '010261234',
      amountMinor: 125_050,
      narrative: 'Refund',
      method: 'BEFTN',
    },
    {
      reference: 'po_b',
      accountNumber: '2002002002',
      accountName: 'Karim Traders',
      routingNumber: '020151236',
      amountMinor: 99,
      narrative: '',
      method: 'NPSB',
    },
  ],
};

describe('the payment file', () => {
  it('reads back every transfer it was written with, and the trailer holds the count and control total', () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const text = writePaymentFile(file);
        expect(readPaymentFile(text)).toEqual(file);
        const trailer = text.trimEnd().split('\r\n').at(-1)!.split('|');
        expect(trailer).toEqual(['T', String(file.lines.length), takaText(controlTotalMinor(file.lines))]);
      }),
      { numRuns: 150 },
    );
  });

  it("writes the bank's layout: CRLF lines, taka with two decimals", () => {
    expect(writePaymentFile(SAMPLE)).toBe(
      'H|BDH2H|1|OIPAYTEST|1234567890123|F1|20261127100000\r\n' +
        'D|1|po_a|1001001001|Rahima Khatun|010261234|1250.50|Refund|BEFTN\r\n' +
        'D|2|po_b|2002002002|Karim Traders|020151236|0.99||NPSB\r\n' +
        'T|2|1251.49\r\n',
    );
  });

  it('refuses to write a separator, a line break, a bad routing or account number, or one reference twice', () => {
    const withLine = (change: Partial<PaymentLine>) => ({
      ...SAMPLE,
      lines: [{ ...SAMPLE.lines[0]!, ...change }],
    });
    malformed(() => writePaymentFile(withLine({ accountName: 'Rahima|Khatun' })));
    malformed(() => writePaymentFile(withLine({ accountName: 'Rahima\r\nD|9' })));
    malformed(() => writePaymentFile(withLine({ narrative: 'a|b' })));
    malformed(() => writePaymentFile(withLine({ routingNumber: '01026123' })));
    malformed(() => writePaymentFile(withLine({ routingNumber: '000261234' })));
    malformed(() => writePaymentFile(withLine({ accountNumber: '12345' })));
    malformed(() => writePaymentFile(withLine({ amountMinor: 0 })));
    malformed(() => writePaymentFile(withLine({ amountMinor: 1.5 })));
    malformed(() => writePaymentFile({ ...SAMPLE, lines: [SAMPLE.lines[0]!, SAMPLE.lines[0]!] }));
    malformed(() => writePaymentFile({ ...SAMPLE, lines: [] }));
  });

  it('refuses a wrong control total, a wrong count, a line out of order, a missing field or a stray line', () => {
    const text = writePaymentFile(SAMPLE);
    malformed(() => readPaymentFile(text.replace('T|2|1251.49', 'T|2|1251.48')));
    malformed(() => readPaymentFile(text.replace('T|2|1251.49', 'T|3|1251.49')));
    malformed(() => readPaymentFile(text.replace('D|2|', 'D|3|')));
    malformed(() => readPaymentFile(text.replace('|Refund|BEFTN', '|BEFTN')));
    malformed(() => readPaymentFile(text.replace('1250.50', '1250.5')));
    malformed(() => readPaymentFile(`${text}D|3|po_c\r\n`));
    malformed(() => readPaymentFile(text.replace('Rahima Khatun', 'Rahima\u0000Khatun')));
    malformed(() => readPaymentFile(''));
  });

  it('reads or refuses any mangled file, never crashing on it', () => {
    const text = writePaymentFile(SAMPLE);
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.string({ maxLength: 3 }), (at, insert) => {
        const mangled = text.slice(0, at) + insert + text.slice(at + 1);
        try {
          readPaymentFile(mangled);
        } catch (error) {
          expect(error).toBeInstanceOf(BankFileError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a file over the size or line limits before reading it', () => {
    malformed(() => readPaymentFile('x'.repeat(MAX_FILE_BYTES + 1)), 'FILE_TOO_LARGE');
    malformed(() => readPaymentFile('D\n'.repeat(MAX_FILE_LINES + 1)), 'FILE_TOO_LARGE');
  });
});

describe('the acknowledgement file', () => {
  const accepted: AcknowledgementLine = {
    reference: 'po_a',
    status: 'ACCEPTED',
    bankTransactionId: 'BT0000000001',
    amountMinor: 125_050,
    reasonCode: null,
    reason: null,
  };
  const rejected: AcknowledgementLine = {
    reference: 'po_b',
    status: 'REJECTED',
    bankTransactionId: null,
    amountMinor: 99,
    reasonCode: 'AM04',
    reason: 'Insufficient funds in the debit account',
  };
  const ack = {
    fileReference: 'F1',
    fileName: 'OIPAY_po_a_1.txt',
    processedAt: new Date('2026-11-27T10:00:01Z'),
    lines: [accepted, rejected],
  };

  it('reads back what it was written with, and matches the file we sent', () => {
    const read = readAcknowledgementFile(writeAcknowledgementFile(ack));
    expect(read).toEqual(ack);
    expect(matchAcknowledgement(read, SAMPLE, 'OIPAY_po_a_1.txt')).toEqual(
      new Map([
        ['po_a', accepted],
        ['po_b', rejected],
      ]),
    );
  });

  it('round-trips any acknowledgement of a sent file', () => {
    fc.assert(
      fc.property(fileArb, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (file, accepts) => {
        const written = {
          fileReference: file.fileReference,
          fileName: 'OIPAY_x_1.txt',
          processedAt: file.createdAt,
          lines: file.lines.map((line, index): AcknowledgementLine =>
            accepts[index]
              ? {
                  reference: line.reference,
                  status: 'ACCEPTED',
                  bankTransactionId: `BT${index}`,
                  amountMinor: line.amountMinor,
                  reasonCode: null,
                  reason: null,
                }
              : {
                  reference: line.reference,
                  status: 'REJECTED',
                  bankTransactionId: null,
                  amountMinor: line.amountMinor,
                  reasonCode: 'AC01',
                  reason: 'No such account',
                },
          ),
        };
        const read = readAcknowledgementFile(writeAcknowledgementFile(written));
        expect(read).toEqual(written);
        expect(matchAcknowledgement(read, file, 'OIPAY_x_1.txt').size).toBe(file.lines.length);
      }),
      { numRuns: 100 },
    );
  });

  it("never believes a line not in the file we sent, another file's answer, or one reference answered two ways", () => {
    const foreign = { ...ack, lines: [{ ...accepted, reference: 'po_zzz' }] };
    malformed(() => matchAcknowledgement(foreign, SAMPLE, 'OIPAY_po_a_1.txt'), 'NOT_OURS');
    malformed(
      () =>
        matchAcknowledgement(
          { ...ack, lines: [{ ...accepted, amountMinor: 1 }] },
          SAMPLE,
          'OIPAY_po_a_1.txt',
        ),
      'NOT_OURS',
    );
    malformed(() => matchAcknowledgement(ack, SAMPLE, 'OIPAY_po_a_2.txt'), 'NOT_OURS');
    malformed(
      () => matchAcknowledgement({ ...ack, fileReference: 'F2' }, SAMPLE, 'OIPAY_po_a_1.txt'),
      'NOT_OURS',
    );
    const twoWays = { ...ack, lines: [accepted, { ...rejected, reference: 'po_a', amountMinor: 125_050 }] };
    malformed(() => matchAcknowledgement(twoWays, SAMPLE, 'OIPAY_po_a_1.txt'), 'NOT_OURS');
    // The same answer twice is one answer.
    expect(
      matchAcknowledgement({ ...ack, lines: [accepted, accepted] }, SAMPLE, 'OIPAY_po_a_1.txt').size,
    ).toBe(1);
  });

  it('refuses a trailer whose counts do not match, and a rejection without its reason code', () => {
    const text = writeAcknowledgementFile(ack);
    malformed(() => readAcknowledgementFile(text.replace('T|2|1|1', 'T|2|2|0')));
    malformed(() => readAcknowledgementFile(text.replace('|AM04|', '||')));
    malformed(() => readAcknowledgementFile(text.replace('|BT0000000001|', '||')));
  });
});

describe('the return file', () => {
  const returns: ReturnFile = {
    returnFileId: 'RET000001',
    createdAt: new Date('2026-11-28T09:00:00Z'),
    lines: [
      {
        reference: 'po_a',
        fileName: 'OIPAY_po_a_1.txt',
        bankTransactionId: 'BT0000000001',
        amountMinor: 125_050,
        returnCode: 'R02',
        reason: 'Account closed',
      },
      {
        reference: 'po_q',
        fileName: 'OIPAY_po_q_1.txt',
        bankTransactionId: 'BT0000000007',
        amountMinor: 500,
        returnCode: 'R03',
        reason: 'No account',
      },
    ],
  };
  const accepted = new Map([['po_a', 'BT0000000001']]);

  it('reads back what it was written with, and gives a file only its own returns', () => {
    const read = readReturnFile(writeReturnFile(returns));
    expect(read).toEqual(returns);
    expect([...matchReturns(read, SAMPLE, 'OIPAY_po_a_1.txt', accepted).keys()]).toEqual(['po_a']);
  });

  it('round-trips any return file with its control total', () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const written: ReturnFile = {
          returnFileId: 'RET1',
          createdAt: file.createdAt,
          lines: file.lines.map((line, index) => ({
            reference: line.reference,
            fileName: 'OIPAY_x_1.txt',
            bankTransactionId: `BT${index}`,
            amountMinor: line.amountMinor,
            returnCode: 'R16',
            reason: 'Account frozen',
          })),
        };
        expect(readReturnFile(writeReturnFile(written))).toEqual(written);
      }),
      { numRuns: 100 },
    );
  });

  it('never takes as ours a return of a reference, amount or transaction we did not send so', () => {
    const naming = (change: Partial<ReturnFile['lines'][number]>) => ({
      ...returns,
      lines: [{ ...returns.lines[0]!, ...change }],
    });
    malformed(
      () => matchReturns(naming({ reference: 'po_zzz' }), SAMPLE, 'OIPAY_po_a_1.txt', accepted),
      'NOT_OURS',
    );
    malformed(
      () => matchReturns(naming({ amountMinor: 125_051 }), SAMPLE, 'OIPAY_po_a_1.txt', accepted),
      'NOT_OURS',
    );
    malformed(
      () => matchReturns(naming({ bankTransactionId: 'BT0000000002' }), SAMPLE, 'OIPAY_po_a_1.txt', accepted),
      'NOT_OURS',
    );
    malformed(() => readReturnFile(writeReturnFile(returns).replace('|R02|', '|X02|')));
    malformed(() => readReturnFile(writeReturnFile(returns).replace('T|2|1255.50', 'T|2|1255.49')));
  });

  it('maps BEFTN return codes to our stable reasons, and an unknown one to RETURNED_OTHER', () => {
    expect(returnReason('R02').reasonCode).toBe('ACCOUNT_CLOSED');
    expect(returnReason('R03').reasonCode).toBe('ACCOUNT_NOT_FOUND');
    expect(returnReason('R17').reasonCode).toBe('NAME_MISMATCH');
    expect(returnReason('R99').reasonCode).toBe('RETURNED_OTHER');
  });
});

describe('the fields, names and outcomes', () => {
  it('turns poisha into taka text and back', () => {
    fc.assert(
      // The bank's amount field holds at most 13 digits of taka: 1e15 poisha is one past it.
      fc.property(fc.integer({ min: 0, max: 1e15 - 1 }), (minor) =>
        expect(poishaOf(takaText(minor))).toBe(minor),
      ),
    );
    expect(poishaOf(takaText(1e15))).toBeUndefined();
    expect(poishaOf('1.5')).toBeUndefined();
    expect(poishaOf('-1.50')).toBeUndefined();
    expect(poishaOf('01.50')).toBeUndefined();
  });

  it('makes any narrative one the bank carries', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(narrativeFor(text)).toMatch(
          /^(?:[A-Za-z0-9.,'&()/-](?:[A-Za-z0-9 .,'&()/-]{0,33}[A-Za-z0-9.,'&()/-])?)?$/,
        );
      }),
    );
  });

  it('compares names by their letters and words only', () => {
    expect(compareNames('MD. RAHIM  UDDIN', 'Md Rahim Uddin')).toBe(true);
    expect(compareNames('Md Rahim', 'Md Rahim Uddin')).toBe(false);
    expect(compareNames('...', '')).toBe(false);
  });

  it("finds a reference's attempts among the listed names, and no other reference's", () => {
    const prefix = transferFilePrefix('po_1');
    expect(attemptOf(transferFileName('po_1', 3), prefix)).toBe(3);
    expect(attemptOf(transferFileName('po_1_2', 1), prefix)).toBeNull();
    expect(attemptOf('OIPAY_po_1_01.txt', prefix)).toBeNull();
  });

  it('judges a line: no acknowledgement is processing; a short balance fails for funds; settled succeeds; a return is returned', () => {
    const base = { fileName: 'f', ack: undefined, returned: undefined, status: undefined };
    expect(lineOutcome(base).status).toBe('PROCESSING');
    const ack: AcknowledgementLine = {
      reference: 'po_a',
      status: 'REJECTED',
      bankTransactionId: null,
      amountMinor: 1,
      reasonCode: 'AM04',
      reason: 'short',
    };
    expect(lineOutcome({ ...base, ack })).toMatchObject({
      status: 'FAILED',
      reasonCode: 'INSUFFICIENT_BALANCE',
      shortBalance: true,
    });
    const taken = { ...ack, status: 'ACCEPTED' as const, bankTransactionId: 'BT1', reasonCode: null };
    expect(lineOutcome({ ...base, ack: taken }).status).toBe('PROCESSING');
    const settled = {
      reference: 'po_a',
      status: 'SETTLED' as const,
      bankTransactionId: 'BT1',
      settledAt: null,
    };
    expect(lineOutcome({ ...base, ack: taken, status: settled })).toMatchObject({
      status: 'SUCCEEDED',
      railTransferId: 'BT1',
    });
    const returned = {
      reference: 'po_a',
      fileName: 'f',
      bankTransactionId: 'BT1',
      amountMinor: 1,
      returnCode: 'R16',
      reason: '',
    };
    expect(lineOutcome({ ...base, ack: taken, status: settled, returned })).toMatchObject({
      status: 'RETURNED',
      reasonCode: 'ACCOUNT_BLOCKED',
      reason: 'Account frozen',
    });
  });
});
