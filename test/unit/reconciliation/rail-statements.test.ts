import fc from 'fast-check';
import {
  firstLineKey,
  matchRailDay,
  type RailLine,
  type RailPayout,
} from '../../../domain/reconciliation/rail-statement-matching.js';
import {
  parseRailStatementRow,
  RailLineKeys,
  referenceFromRail,
  resolveRailStatementHeader,
  type RailHeaders,
} from '../../../domain/reconciliation/rail-statements.js';
import { bkashB2cFeeMinor } from '../../../gateways/bkash/disbursement/simulator/tariff.js';
import { nagadDisbursementFeeMinor } from '../../../gateways/nagad/disbursement/simulator/tariff.js';

/** Rail statements read row by row, and a rail's day matched to payouts: pure rules. */

const DAY = '2027-02-02';

function headersOf(rail: 'bkash' | 'nagad' | 'bank', names: string[]): RailHeaders {
  const resolved = resolveRailStatementHeader(rail, names);
  if (!resolved.ok) throw new Error(resolved.problem.problem);
  return resolved.headers;
}

describe('rail statement rows', () => {
  const bkash = headersOf('bkash', [
    'Transaction ID',
    'Transaction Date',
    'Transaction Type',
    'Receiver MSISDN',
    'Merchant Invoice Number',
    'Amount',
    'Fee',
    'Currency',
    'Status',
  ]);
  const row = (cells: Record<string, string>) =>
    parseRailStatementRow('bkash', bkash, cells, { row: 2, mode: 'TEST', statementDate: DAY });

  it("reads bKash's B2C statement: id, reference, amount and fee in minor units", () => {
    expect(
      row({
        'Transaction ID': 'BFK1XA',
        'Transaction Date': `${DAY} 10:11:12`,
        'Merchant Invoice Number': 'po_abc',
        Amount: '1,500.50',
        Fee: '15.01',
        Status: 'Completed',
      }),
    ).toEqual({
      ok: true,
      line: {
        rail: 'bkash',
        mode: 'TEST',
        valueDate: DAY,
        direction: 'DEBIT',
        railTransactionId: 'BFK1XA',
        reference: 'po_abc',
        amountMinor: 150_050,
        feeMinor: 1_501,
        currency: 'BDT',
      },
    });
  });

  it('passes over rows that moved no money, and refuses a line of another day with its row and column', () => {
    expect(row({ 'Transaction ID': 'X', Status: 'Failed' })).toEqual({ ok: true, line: null });
    expect(
      row({
        'Transaction ID': 'X',
        'Transaction Date': '2027-02-01 23:59:59',
        Amount: '1.00',
        Fee: '0',
        Status: 'Completed',
      }),
    ).toMatchObject({ ok: false, problem: { row: 2, column: 'Transaction Date' } });
    expect(resolveRailStatementHeader('nagad', ['Order ID'])).toMatchObject({
      ok: false,
      problem: { column: 'Issuer Txn ID' },
    });
  });

  it("reads the bank's debits as transfers and its credits as returns", () => {
    const bank = headersOf('bank', [
      'Value Date',
      'Bank Reference',
      'Narrative',
      'End To End Reference',
      'Debit',
      'Credit',
      'Charges',
    ]);
    const at = { row: 3, mode: 'TEST' as const, statementDate: DAY };
    const debit = parseRailStatementRow(
      'bank',
      bank,
      {
        'Value Date': DAY,
        'Bank Reference': 'FT1',
        'End To End Reference': 'po_x',
        Debit: '100.00',
        Charges: '11.50',
      },
      at,
    );
    const credit = parseRailStatementRow(
      'bank',
      bank,
      { 'Value Date': DAY, 'Bank Reference': 'RT1', 'End To End Reference': 'po_x', Credit: '100.00' },
      at,
    );
    expect(debit).toMatchObject({
      ok: true,
      line: { direction: 'DEBIT', amountMinor: 10_000, feeMinor: 1_150 },
    });
    expect(credit).toMatchObject({
      ok: true,
      line: { direction: 'CREDIT', amountMinor: 10_000, feeMinor: 0 },
    });
  });

  it("gives Nagad's order id its underscore back", () => {
    expect(referenceFromRail('nagad', 'poabc123')).toBe('po_abc123');
    expect(referenceFromRail('bkash', 'poabc123')).toBe('poabc123');
  });

  it('keys a line listed twice apart, and the same line in another statement alike', () => {
    const line = {
      rail: 'bkash' as const,
      mode: 'TEST' as const,
      valueDate: DAY,
      direction: 'DEBIT' as const,
      railTransactionId: 'T1',
      reference: 'po_a',
      amountMinor: 100,
      feeMinor: 1,
      currency: 'BDT' as const,
    };
    const one = new RailLineKeys();
    const [a, b] = [one.keyed(line), one.keyed(line)];
    expect(a.lineKey).not.toBe(b.lineKey);
    expect(new RailLineKeys().keyed(line).lineKey).toBe(a.lineKey);
  });
});

describe("a rail's day matched to payouts", () => {
  const payout = (reference: string, over: Partial<RailPayout> = {}): RailPayout => ({
    id: Number(reference.replace(/\D/g, '')) || 1,
    reference,
    status: 'SUCCEEDED',
    amountMinor: 10_000,
    feeMinor: 100,
    ...over,
  });
  const line = (id: number, reference: string | null, over: Partial<RailLine> = {}): RailLine => ({
    id,
    lineKey: `k${id}`,
    direction: 'DEBIT',
    railTransactionId: `T${id}`,
    reference,
    amountMinor: 10_000,
    feeMinor: 100,
    ...over,
  });
  const run = (
    lines: RailLine[],
    payouts: RailPayout[],
    paid: Array<[RailPayout, boolean]> = [],
    pastGrace = true,
  ) => {
    const firstLineOf = new Map<string, number>();
    for (const l of [...lines].sort((a, b) => a.id - b.id)) {
      const key = firstLineKey(l.direction, l.reference ?? '');
      if (l.reference && !firstLineOf.has(key)) firstLineOf.set(key, l.id);
    }
    return matchRailDay({
      lines,
      payouts: new Map(payouts.map((p) => [p.reference, p])),
      firstLineOf,
      paidOnDay: paid.map(([p, shown]) => ({ payout: p, shown })),
      pastGrace,
    });
  };

  it('a clean day matches every line and raises nothing', () => {
    const [a, b] = [payout('po_1'), payout('po_2', { amountMinor: 5_000, feeMinor: 50 })];
    const result = run(
      [line(1, 'po_1'), line(2, 'po_2', { amountMinor: 5_000, feeMinor: 50 })],
      [a, b],
      [
        [a, true],
        [b, true],
      ],
    );
    expect(result).toEqual({ matched: 2, exceptions: [], pending: 0 });
  });

  it('raises each kind once, for what it is about', () => {
    const failed = payout('po_3', { status: 'FAILED', feeMinor: null });
    const missing = payout('po_5');
    const result = run(
      [
        line(1, 'po_1', { amountMinor: 9_000 }),
        line(2, 'po_2', { feeMinor: 160 }),
        line(3, 'po_3'),
        line(4, 'po_4'),
        line(5, 'po_4', { railTransactionId: 'T5b' }),
        line(6, 'po_unknown'),
      ],
      [payout('po_1'), payout('po_2'), failed, payout('po_4')],
      [[missing, false]],
    );
    expect(result.exceptions.map((e) => [e.kind, e.subject])).toEqual([
      ['RAIL_AMOUNT_MISMATCH', 'payout:po_1:DEBIT'],
      ['RAIL_FEE_MISMATCH', 'payout:po_2'],
      ['RAIL_UNEXPECTED_TRANSFER', 'payout:po_3:DEBIT'],
      ['RAIL_DUPLICATE_LINE', 'rail-line:k5'],
      ['RAIL_UNEXPECTED_TRANSFER', 'rail-line:k6'],
      ['RAIL_TRANSFER_MISSING', 'payout:po_5'],
    ]);
    expect(result.matched).toBe(1);
  });

  it('a paid payout no statement shows waits inside the grace period; one in flight is not judged yet', () => {
    const p = payout('po_1');
    expect(run([], [], [[p, false]], false)).toEqual({ matched: 0, exceptions: [], pending: 1 });
    expect(run([line(1, 'po_2')], [payout('po_2', { status: 'PROCESSING' })]).exceptions).toEqual([]);
  });

  it('decides the same whatever order the lines come in, and every line is matched or an exception at most once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ref: fc.integer({ min: 1, max: 6 }), delta: fc.constantFrom(0, 0, 0, 1) }), {
          maxLength: 12,
        }),
        fc.integer(),
        (specs, seed) => {
          const lines = specs.map((s, i) => line(i + 1, `po_${s.ref}`, { amountMinor: 10_000 + s.delta }));
          const payouts = [1, 2, 3, 4].map((n) => payout(`po_${n}`));
          const shuffled = [...lines].sort(
            (a, b) => ((a.id * 7919 + seed) % 13) - ((b.id * 7919 + seed) % 13),
          );
          const first = run(lines, payouts);
          const second = run(shuffled, payouts);
          expect(second).toEqual(first);
          expect(first.matched + first.exceptions.length).toBe(lines.length);
        },
      ),
    );
  });
});

describe('the simulators’ assumed tariffs', () => {
  it('charge a fee on every transfer, rounded half up to the poisha', () => {
    expect(bkashB2cFeeMinor(150_000)).toBe(1_500);
    expect(bkashB2cFeeMinor(150)).toBe(2);
    expect(nagadDisbursementFeeMinor(150_050)).toBe(1_125);
    expect(nagadDisbursementFeeMinor(100)).toBe(1);
  });
});
