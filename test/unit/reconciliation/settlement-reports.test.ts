import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWorkbook, type WorkbookCell } from '../../../platform/xlsx/write-workbook.js';
import fc from 'fast-check';
import { ReportFileProblem } from '../../../activities/uploads/report-files.js';
import { configSchema } from '../../../platform/config/index.js';
import {
  openReport,
  type ReportReading,
} from '../../../activities/reconciliation/settlement-report-lines.js';
import { ReportLineKeys } from '../../../domain/reconciliation/settlement-reports/line-keys.js';
import { CURRENCIES } from '../../../domain/shared/money.js';
import {
  legacySettlementLineKey,
  settlementLineKey,
  SETTLEMENT_LINE_TYPES,
  type SettlementLineDraft,
} from '../../../domain/reconciliation/settlements.js';
import type { SettlementFileProblem } from '../../../domain/uploads/report-files.js';
import { BKASH_REPORT_COLUMNS } from '../../helpers/bkash-report-header.js';

/** Settlement report files in, lines out: each gateway's layout, the canonical one, and their refusals. */

let folder: string;
let files = 0;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'settlement-reports-test-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function file(content: string | Buffer): Promise<string> {
  const path = join(folder, `report-${++files}`);
  await writeFile(path, content);
  return path;
}

/** A workbook of these rows: its Date cells are date cells (a day's serial in a date format). */
async function xlsx(rows: WorkbookCell[][]): Promise<string> {
  return file(writeWorkbook(rows, { sheetName: 'Settlement' }));
}

async function read(path: string, reading: Partial<ReportReading> & { gateway: string }) {
  const report = await openReport(path, { mode: 'TEST', ...reading });
  const lines: SettlementLineDraft[] = [];
  try {
    for await (const line of report.lines) lines.push(line);
  } finally {
    await report.close();
  }
  return { format: report.format, lines };
}

/** The first problem of a file, as the import would refuse it. */
async function problemOf(path: string, reading: Partial<ReportReading> & { gateway: string }) {
  try {
    await read(path, reading);
  } catch (error) {
    if (error instanceof ReportFileProblem) return error.problem;
    throw error;
  }
  throw new Error('the report was read without a problem');
}

const summary = (line: SettlementLineDraft) => [
  line.gatewayTransactionId,
  line.reference,
  line.type,
  line.currency,
  line.grossMinor,
  line.feeMinor,
  line.netMinor,
  line.settlementDate,
  line.payoutBatch,
];

const SSLCOMMERZ_HEADER =
  'Transaction ID,Bank Transaction ID,Validation ID,Transaction Date,Type,Currency,Amount,Store Amount,Charge,Settlement Date,Settlement ID';
const NAGAD_HEADER =
  'Issuer Payment Ref,Order ID,Txn Type,Currency,Txn Amount,Service Charge,Net Amount,Settlement Date,Payout Reference';
const CANONICAL_HEADER =
  'gateway_transaction_id,reference,type,currency,gross_minor,fee_minor,net_minor,settlement_date,payout_batch';

describe('SSLCOMMERZ settlement report (CSV)', () => {
  const report = (...rows: string[]) => file([SSLCOMMERZ_HEADER, ...rows].join('\r\n') + '\r\n');

  it('reads payments and refunds into signed minor units, its bank transaction id as the gateway id', async () => {
    const path = await report(
      'pay_aaaaaaaaaaaaaaaaaaaa,BTX1,VAL1,2026-11-19 14:03:11,Payment,BDT,1000.00,975.00,25.00,2026-11-20,S-77',
      'rf_bbbbbbbbbbbbbbbbbbbb,BTX2,,2026-11-19 15:00:00,Refund,BDT,-200.50,-200.50,0,2026-11-20 00:00:00,S-77',
      '',
    );
    const { format, lines } = await read(path, { gateway: 'sslcommerz' });
    expect(format).toBe('sslcommerz-csv');
    expect(lines.map(summary)).toEqual([
      ['BTX1', 'pay_aaaaaaaaaaaaaaaaaaaa', 'PAYMENT', 'BDT', 100000, 2500, 97500, '2026-11-20', 'S-77'],
      ['BTX2', 'rf_bbbbbbbbbbbbbbbbbbbb', 'REFUND', 'BDT', -20050, 0, -20050, '2026-11-20', 'S-77'],
    ]);
    expect(lines[0]).toMatchObject({ gateway: 'sslcommerz', mode: 'TEST' });
    expect(lines[0]!.lineKey).toBe(
      settlementLineKey({
        gateway: 'sslcommerz',
        mode: 'TEST',
        gatewayTransactionId: 'BTX1',
        type: 'PAYMENT',
        settlementDate: '2026-11-20',
        payoutBatch: 'S-77',
        grossMinor: 100000,
      }),
    );
    // The identity names the mode; the older key (without it) rides along for lines stored under it.
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(lines[0]).toMatchObject({
      lineKey: sha256('v2|sslcommerz|TEST|BTX1|PAYMENT|2026-11-20|S-77|100000'),
      legacyLineKey: sha256('sslcommerz|BTX1|PAYMENT|2026-11-20|S-77|100000'),
    });
  });

  it('keys the same line apart in TEST and LIVE, and a repeated line apart from its first', () => {
    const identity = {
      gateway: 'bkash',
      mode: 'TEST' as const,
      gatewayTransactionId: 'TRX9',
      type: 'PAYMENT' as const,
      settlementDate: '2026-11-20',
      payoutBatch: null,
      grossMinor: 5000,
    };
    const keys = [
      settlementLineKey(identity),
      settlementLineKey({ ...identity, mode: 'LIVE' }),
      settlementLineKey(identity, 2),
      settlementLineKey({ ...identity, mode: 'LIVE' }, 2),
    ];
    expect(new Set(keys).size).toBe(4);
    expect(legacySettlementLineKey(identity)).toBe(legacySettlementLineKey({ ...identity, mode: 'LIVE' }));
  });

  const good = 'pay_a,BTX1,VAL1,2026-11-19 14:03:11,Payment,BDT,1000.00,975.00,25.00,2026-11-20,S-77';
  const cases: Array<[string, string, SettlementFileProblem]> = [
    [
      'a store amount that is not amount minus charge',
      'pay_a,BTX1,VAL1,2026-11-19,Payment,BDT,1000.00,980.00,25.00,2026-11-20,S-77',
      { row: 3, column: 'Store Amount', problem: 'is not Amount minus Charge' },
    ],
    [
      'an amount that is not a number',
      'pay_a,BTX1,VAL1,2026-11-19,Payment,BDT,1O00.00,975.00,25.00,2026-11-20,S-77',
      { row: 3, column: 'Amount', problem: '"1O00.00" is not a decimal amount' },
    ],
    [
      'more precision than the currency has',
      'pay_a,BTX1,VAL1,2026-11-19,Payment,BDT,1000.005,975.005,25.00,2026-11-20,S-77',
      { row: 3, column: 'Amount', problem: '1000.005 has more precision than BDT allows' },
    ],
    [
      'a date that is no day',
      'pay_a,BTX1,VAL1,2026-11-19,Payment,BDT,1000.00,975.00,25.00,2026-02-30,S-77',
      { row: 3, column: 'Settlement Date', problem: '"2026-02-30" is not a day of the calendar' },
    ],
    [
      'a date in no known form',
      'pay_a,BTX1,VAL1,2026-11-19,Payment,BDT,1000.00,975.00,25.00,Nov 20 2026,S-77',
      {
        row: 3,
        column: 'Settlement Date',
        problem: '"Nov 20 2026" is not a date (YYYY-MM-DD or DD/MM/YYYY)',
      },
    ],
    [
      'an unknown type',
      'pay_a,BTX1,VAL1,2026-11-19,Reversal,BDT,1000.00,975.00,25.00,2026-11-20,S-77',
      {
        row: 3,
        column: 'Type',
        problem: '"Reversal" is not a known type (Payment, Refund, Chargeback, Adjustment)',
      },
    ],
    [
      'an unknown currency',
      'pay_a,BTX1,VAL1,2026-11-19,Payment,XYZ,1000.00,975.00,25.00,2026-11-20,S-77',
      { row: 3, column: 'Currency', problem: '"XYZ" is not a currency we know' },
    ],
    [
      'no gateway transaction id',
      'pay_a,,VAL1,2026-11-19,Payment,BDT,1000.00,975.00,25.00,2026-11-20,S-77',
      { row: 3, column: 'Bank Transaction ID', problem: 'is empty' },
    ],
    [
      'a refund with a positive amount',
      'rf_a,BTX9,,2026-11-19,Refund,BDT,200.00,200.00,0,2026-11-20,S-77',
      { row: 3, column: 'Amount', problem: 'a refund line settles a negative amount' },
    ],
    [
      'a row with more columns than the header',
      'pay_a,BTX1,VAL1,2026-11-19,Payment,BDT,1000.00,975.00,25.00,2026-11-20,S-77,extra',
      { row: 3, column: null, problem: 'the row has a different number of columns than the header' },
    ],
  ];
  it.each(cases)('refuses %s, naming its row and column', async (_name, bad, expected) => {
    expect(await problemOf(await report(good, bad, good), { gateway: 'sslcommerz' })).toEqual(expected);
  });

  it('refuses a header without a column the layout needs, on row 1', async () => {
    const path = await file(
      'Transaction ID,Bank Transaction ID,Type,Currency,Amount,Charge,Settlement Date\n',
    );
    expect(await problemOf(path, { gateway: 'sslcommerz' })).toEqual({
      row: 1,
      column: 'Store Amount',
      problem: 'the header has no "Store Amount" column',
    });
  });

  it('reads a report of a day with nothing settled (a header alone) as no lines', async () => {
    expect((await read(await report(), { gateway: 'sslcommerz' })).lines).toEqual([]);
    expect(await problemOf(await file(''), { gateway: 'sslcommerz' })).toEqual({
      row: 1,
      column: null,
      problem: 'the file is empty',
    });
  });

  it('reads columns a deployment renamed', async () => {
    const path = await file(
      [
        SSLCOMMERZ_HEADER.replace('Store Amount', 'Net Payable').replace('Charge', 'MDR'),
        'pay_a,BTX1,VAL1,2026-11-19,Payment,BDT,"1,000.00",975.00,25.00,2026-11-20,S-77',
      ].join('\n'),
    );
    const { lines } = await read(path, {
      gateway: 'sslcommerz',
      columns: { net: 'Net Payable', fee: 'MDR' },
    });
    expect(lines.map(summary)).toEqual([
      ['BTX1', 'pay_a', 'PAYMENT', 'BDT', 100000, 2500, 97500, '2026-11-20', 'S-77'],
    ]);
    expect(await problemOf(path, { gateway: 'sslcommerz' })).toMatchObject({
      row: 1,
      column: 'Charge',
    });
  });
});

describe('bKash settlement report (XLSX)', () => {
  it('reads numeric and text amounts, date cells and DD/MM/YYYY dates from the first sheet', async () => {
    const path = await xlsx([
      BKASH_REPORT_COLUMNS,
      [
        'TRX1',
        'PID1',
        'pay_c',
        'Payment',
        'BDT',
        1500.5,
        22.51,
        1477.99,
        new Date(Date.UTC(2026, 10, 21)),
        'B-1',
      ],
      ['TRX2', 'PID2', 'pay_d', 'Refund', 'BDT', '-300.00', '0.00', '-300.00', '21/11/2026', 'B-1'],
      [],
      ['TRX3', 'PID3', '', 'Chargeback', 'BDT', -1000, 0, -1000, '2026-11-21', null],
    ]);
    const { format, lines } = await read(path, { gateway: 'bkash' });
    expect(format).toBe('bkash-xlsx');
    expect(lines.map(summary)).toEqual([
      ['TRX1', 'pay_c', 'PAYMENT', 'BDT', 150050, 2251, 147799, '2026-11-21', 'B-1'],
      ['TRX2', 'pay_d', 'REFUND', 'BDT', -30000, 0, -30000, '2026-11-21', 'B-1'],
      ['TRX3', null, 'CHARGEBACK', 'BDT', -100000, 0, -100000, '2026-11-21', null],
    ]);
  });

  it('refuses a bad cell naming its spreadsheet row and column', async () => {
    const path = await xlsx([
      BKASH_REPORT_COLUMNS,
      ['TRX1', 'PID1', 'pay_c', 'Payment', 'BDT', 100, 2, 98, '21/11/2026', 'B-1'],
      ['TRX2', 'PID2', 'pay_d', 'Payment', 'BDT', 100, 2, 97, '21/11/2026', 'B-1'],
    ]);
    expect(await problemOf(path, { gateway: 'bkash' })).toEqual({
      row: 3,
      column: 'Net Amount',
      problem: 'is not Amount minus Fee',
    });
  });

  it('passes over a title row above the header, and names the header row of a missing column', async () => {
    const title = ['Settlement report 21/11/2026'];
    const line = ['TRX1', 'PID1', 'pay_c', 'Payment', 'BDT', 100, 2, 98, '21/11/2026', 'B-1'];
    const { lines } = await read(await xlsx([title, [], BKASH_REPORT_COLUMNS, line]), { gateway: 'bkash' });
    expect(lines.map(summary)).toEqual([
      ['TRX1', 'pay_c', 'PAYMENT', 'BDT', 10000, 200, 9800, '2026-11-21', 'B-1'],
    ]);
    const withoutFee = BKASH_REPORT_COLUMNS.map((name) => (name === 'Fee' ? 'Charges' : name));
    expect(await problemOf(await xlsx([title, withoutFee, line]), { gateway: 'bkash' })).toEqual({
      row: 2,
      column: 'Fee',
      problem: 'the header has no "Fee" column',
    });
  });

  it('refuses the older binary Excel format with a way forward', async () => {
    const path = await file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(await problemOf(path, { gateway: 'bkash' })).toMatchObject({
      row: 1,
      problem: expect.stringMatching(/XLSX/),
    });
  });
});

describe('Nagad settlement report (CSV)', () => {
  it('gives back our reference from the orderId Nagad was sent', async () => {
    const path = await file(
      [
        NAGAD_HEADER,
        'NGD1,payabcdefghjkmnpqrstvwx,PAYMENT,BDT,500.00,7.50,492.50,2026-11-22,P-9',
        'NGD2,someone-elses-order,ADJUSTMENT,BDT,-1.00,0.00,-1.00,2026-11-22,P-9',
      ].join('\n'),
    );
    const { format, lines } = await read(path, { gateway: 'nagad' });
    expect(format).toBe('nagad-csv');
    expect(lines.map(summary)).toEqual([
      ['NGD1', 'pay_abcdefghjkmnpqrstvwx', 'PAYMENT', 'BDT', 50000, 750, 49250, '2026-11-22', 'P-9'],
      ['NGD2', 'someone-elses-order', 'ADJUSTMENT', 'BDT', -100, 0, -100, '2026-11-22', 'P-9'],
    ]);
  });

  it('refuses an unclosed quote at its row', async () => {
    const path = await file(
      [
        NAGAD_HEADER,
        'NGD1,o1,PAYMENT,BDT,500.00,7.50,492.50,2026-11-22,P-9',
        'NGD2,"o2,PAYMENT,BDT,1,0,1,2026-11-22,P-9',
      ].join('\n'),
    );
    expect(await problemOf(path, { gateway: 'nagad' })).toMatchObject({
      column: null,
      problem: 'a quoted value is never closed',
    });
  });
});

describe('canonical settlement report', () => {
  it('is recognised by its header for any gateway, and is the only layout for Stripe', async () => {
    const path = await file(
      [
        CANONICAL_HEADER,
        'ch_1,pay_e,PAYMENT,USD,2000,88,1912,2026-11-23,po_1',
        'ch_1,,REFUND,USD,-500,0,-500,2026-11-23,',
      ].join('\n'),
    );
    for (const gateway of ['bkash', 'stripe']) {
      const { format, lines } = await read(path, { gateway });
      expect(format).toBe('canonical-csv');
      expect(lines.map(summary)).toEqual([
        ['ch_1', 'pay_e', 'PAYMENT', 'USD', 2000, 88, 1912, '2026-11-23', 'po_1'],
        ['ch_1', null, 'REFUND', 'USD', -500, 0, -500, '2026-11-23', null],
      ]);
    }
  });

  it('refuses decimal amounts where minor units are written', async () => {
    const path = await file(
      [CANONICAL_HEADER, 'ch_1,pay_e,PAYMENT,USD,20.00,0,20.00,2026-11-23,po_1'].join('\n'),
    );
    expect(await problemOf(path, { gateway: 'stripe' })).toEqual({
      row: 2,
      column: 'gross_minor',
      problem: '"20.00" is not a whole number of minor units',
    });
  });

  it('keeps a line a report lists twice as two lines, and gives the same keys when read again', async () => {
    const row = 'ch_1,pay_e,PAYMENT,USD,2000,88,1912,2026-11-23,po_1';
    const path = await file([CANONICAL_HEADER, row, row].join('\n'));
    const first = await read(path, { gateway: 'stripe' });
    const again = await read(path, { gateway: 'stripe' });
    expect(new Set(first.lines.map((l) => l.lineKey)).size).toBe(2);
    expect(again.lines.map((l) => l.lineKey)).toEqual(first.lines.map((l) => l.lineKey));
  });

  const quoted = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const text = fc.stringMatching(/^[A-Za-z0-9_,"-][A-Za-z0-9 _,"-]{0,20}[A-Za-z0-9_,"-]$/);
  const generatedLine = fc
    .record({
      gatewayTransactionId: text,
      reference: fc.option(text, { nil: null }),
      type: fc.constantFrom(...SETTLEMENT_LINE_TYPES),
      currency: fc.constantFrom(...CURRENCIES),
      magnitude: fc.integer({ min: 1, max: 10_000_000_000 }),
      feeMinor: fc.integer({ min: -1000, max: 1_000_000 }),
      settlementDate: fc
        .date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10)),
      payoutBatch: fc.option(text, { nil: null }),
      negative: fc.boolean(),
    })
    .map(({ magnitude, negative, ...line }) => {
      const sign = line.type === 'PAYMENT' ? 1 : line.type === 'ADJUSTMENT' && !negative ? 1 : -1;
      const grossMinor = sign * magnitude;
      return { ...line, grossMinor, netMinor: grossMinor - line.feeMinor };
    });

  // Each report is read in a process of its own (about half a second to start): a dozen reports
  // of up to 80 lines hold as many generated lines as sixty of up to about ten (fast-check's
  // default size) did, in a fifth of the processes.
  it('reads back exactly the lines a generated canonical CSV holds (any values, quoting, duplicates)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(generatedLine, { minLength: 1, maxLength: 80, size: 'max' }),
        fc.boolean(),
        async (generated, crlf) => {
          const withRepeat = generated.length > 2 ? [...generated, generated[1]!] : generated;
          const csv = [
            CANONICAL_HEADER,
            ...withRepeat.map((l) =>
              [
                l.gatewayTransactionId,
                l.reference ?? '',
                l.type,
                l.currency,
                l.grossMinor,
                l.feeMinor,
                l.netMinor,
                l.settlementDate,
                l.payoutBatch ?? '',
              ]
                .map((v) => quoted(String(v)))
                .join(','),
            ),
          ].join(crlf ? '\r\n' : '\n');
          const { lines } = await read(await file(csv), { gateway: 'sslcommerz', mode: 'LIVE' });
          const keys = new ReportLineKeys();
          const expected = withRepeat.map((l) => keys.keyed({ ...l, gateway: 'sslcommerz', mode: 'LIVE' }));
          expect(lines).toEqual(expected);
          expect(new Set(lines.map((l) => l.lineKey)).size).toBe(lines.length);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('reads a decimal amount by its currency own minor unit', async () => {
    const path = await file(
      [SSLCOMMERZ_HEADER, 'pay_a,BTX1,,2026-11-19,Payment,JPY,1000,990,10,2026-11-20,S-1'].join('\n'),
    );
    expect((await read(path, { gateway: 'sslcommerz' })).lines.map(summary)).toEqual([
      ['BTX1', 'pay_a', 'PAYMENT', 'JPY', 1000, 10, 990, '2026-11-20', 'S-1'],
    ]);
    const finer = await file(
      [SSLCOMMERZ_HEADER, 'pay_a,BTX1,,2026-11-19,Payment,JPY,1000.5,990.5,10,2026-11-20,S-1'].join('\n'),
    );
    expect(await problemOf(finer, { gateway: 'sslcommerz' })).toEqual({
      row: 2,
      column: 'Amount',
      problem: '1000.5 has more precision than JPY allows',
    });
  });
});

describe('SETTLEMENT_REPORT_COLUMNS', () => {
  const parsed = (value: string) => configSchema.safeParse({ SETTLEMENT_REPORT_COLUMNS: value });

  it('names columns per gateway and field, the rest keeping their defaults', () => {
    const result = parsed('{"sslcommerz": {"fee": " MDR ", "net": "Net Payable"}, "bkash": {}}');
    expect(result.success && result.data.SETTLEMENT_REPORT_COLUMNS).toEqual({
      sslcommerz: { fee: 'MDR', net: 'Net Payable' },
      bkash: {},
    });
    expect(parsed('').success && parsed('').data?.SETTLEMENT_REPORT_COLUMNS).toBeUndefined();
  });

  it.each([
    ['not JSON', '{bkash', /must be JSON/],
    ['an unknown gateway', '{"paypal": {"fee": "Fee"}}', /paypal/],
    ['an unknown field', '{"nagad": {"amount": "Amount"}}', /nagad/],
    ['an empty column', '{"nagad": {"fee": " "}}', /nagad\.fee/],
  ])('refuses %s, naming the variable', (_name, value, message) => {
    const result = parsed(value);
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(issues).toMatch(/^SETTLEMENT_REPORT_COLUMNS: /);
    expect(issues).toMatch(message);
  });
});
