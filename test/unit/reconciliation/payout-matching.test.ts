import fc from 'fast-check';
import {
  addDays,
  coverageOf,
  creditNamesBatch,
  holdsDayOpen,
  inWindow,
  matchPayouts,
  payoutKey,
  payoutStatus,
  receivedByPayout,
  type BankCredit,
  type ExpectedPayout,
} from '../../../domain/reconciliation/payout-matching.js';
import {
  parseStatementRow,
  resolveStatementHeader,
  StatementLineKeys,
} from '../../../domain/reconciliation/bank-statements.js';

const DAY = '2026-11-20';

const payout = (overrides: Partial<ExpectedPayout> = {}): ExpectedPayout => ({
  settlementDate: DAY,
  payoutBatch: 'B1',
  currency: 'BDT',
  amountMinor: 10_000,
  ...overrides,
});

let nextId = 1;
const credit = (overrides: Partial<BankCredit> = {}): BankCredit => {
  const id = nextId++;
  return {
    id,
    lineKey: `k${String(id).padStart(6, '0')}`,
    valueDate: addDays(DAY, 1),
    amountMinor: 10_000,
    currency: 'BDT',
    description: 'GATEWAY SETTLEMENT',
    payoutBatch: null,
    ...overrides,
  };
};

describe('matching payouts to bank credits', () => {
  it('matches by the batch named in the credit before any amount match', () => {
    const byAmount = credit({ valueDate: DAY });
    const named = credit({
      description: 'SSLCOMMERZ PAYOUT B1',
      amountMinor: 9_000,
      valueDate: addDays(DAY, 2),
    });
    const result = matchPayouts({ payouts: [payout()], credits: [byAmount, named], windowDays: 3 });
    expect(result.matches).toEqual([{ payoutKey: payoutKey(payout()), creditId: named.id, by: 'REFERENCE' }]);
    expect(result.unmatchedCredits).toEqual([byAmount.id]);
  });

  it('matches by amount only inside the window, in the same currency, and never a credit naming another batch', () => {
    const late = credit({ valueDate: addDays(DAY, 4) });
    const early = credit({ valueDate: addDays(DAY, -1) });
    const dollars = credit({ currency: 'USD' });
    const otherBatch = credit({ payoutBatch: 'B2' });
    const result = matchPayouts({
      payouts: [payout()],
      credits: [late, early, dollars, otherBatch],
      windowDays: 3,
    });
    expect(result.matches).toEqual([]);
    expect(result.unmatchedPayouts).toEqual([payoutKey(payout())]);
    const inTime = credit({ valueDate: addDays(DAY, 3) });
    expect(matchPayouts({ payouts: [payout()], credits: [late, inTime], windowDays: 3 }).matches).toEqual([
      { payoutKey: payoutKey(payout()), creditId: inTime.id, by: 'AMOUNT' },
    ]);
  });

  it('adds up every transfer that names the batch, so a payout sent in two parts is received', () => {
    const first = credit({ description: 'SSLCOMMERZ PAYOUT B1 1/2', amountMinor: 6_000 });
    const second = credit({ payoutBatch: 'b1', amountMinor: 4_000, valueDate: addDays(DAY, 2) });
    const result = matchPayouts({ payouts: [payout()], credits: [second, first], windowDays: 3 });
    expect(result.matches).toEqual([
      { payoutKey: payoutKey(payout()), creditId: first.id, by: 'REFERENCE' },
      { payoutKey: payoutKey(payout()), creditId: second.id, by: 'REFERENCE' },
    ]);
    expect(result.unmatchedCredits).toEqual([]);
    const sums = receivedByPayout(
      result.matches.map((m) => ({
        ...payout(),
        receivedMinor: [first, second].find((c) => c.id === m.creditId)!.amountMinor,
      })),
    );
    expect(payoutStatus(payout(), sums.get(payoutKey(payout()))!, null, 3)).toBe('RECEIVED');
  });

  it('never takes by amount a credit whose description names another payout, even of the same amount', () => {
    const b2 = payout({ payoutBatch: 'B2' });
    const namesB2 = credit({ description: 'NPSB CR BKASH B2' });
    const result = matchPayouts({ payouts: [payout(), b2], credits: [namesB2], windowDays: 3 });
    expect(result.matches).toEqual([{ payoutKey: payoutKey(b2), creditId: namesB2.id, by: 'REFERENCE' }]);
    expect(result.unmatchedPayouts).toEqual([payoutKey(payout())]);
    // Its own payout already received: the credit is still not another payout's by amount.
    const again = matchPayouts({
      payouts: [payout(), b2],
      credits: [credit({ description: 'NPSB CR BKASH B2' })],
      windowDays: 3,
      received: new Set([payoutKey(b2)]),
    });
    expect(again.matches.map((m) => [m.payoutKey, m.by])).toEqual([[payoutKey(b2), 'REFERENCE']]);
  });

  it('gives a payout already received only further credits naming its batch, none by amount', () => {
    const anonymous = credit();
    const result = matchPayouts({
      payouts: [payout()],
      credits: [anonymous],
      windowDays: 3,
      received: new Set([payoutKey(payout())]),
    });
    expect(result).toEqual({ matches: [], unmatchedPayouts: [], unmatchedCredits: [anonymous.id] });
  });

  it('leaves debits and payouts of nothing out', () => {
    const debit = credit({ amountMinor: -10_000 });
    const result = matchPayouts({
      payouts: [payout({ amountMinor: 0 }), payout({ payoutBatch: 'B2', amountMinor: -500 })],
      credits: [debit],
      windowDays: 3,
    });
    expect(result).toEqual({ matches: [], unmatchedPayouts: [], unmatchedCredits: [] });
  });

  const arbitraryPayout = fc.record({
    settlementDate: fc.integer({ min: 0, max: 6 }).map((d) => addDays(DAY, d)),
    payoutBatch: fc.option(fc.constantFrom('B1', 'B2', 'B3'), { nil: null }),
    currency: fc.constantFrom('BDT' as const, 'USD' as const),
    amountMinor: fc.constantFrom(5_000, 10_000, 20_000),
  });
  const arbitraryCredit = fc.record({
    valueDate: fc.integer({ min: 0, max: 10 }).map((d) => addDays(DAY, d)),
    amountMinor: fc.constantFrom(-5_000, 5_000, 10_000, 20_000, 7_000),
    currency: fc.constantFrom('BDT' as const, 'USD' as const),
    description: fc.constantFrom('SETTLEMENT', 'PAYOUT B1', 'PAYOUT B2 REF', 'CASH'),
    payoutBatch: fc.option(fc.constantFrom('B1', 'B3'), { nil: null }),
  });
  const scenario = fc
    .record({
      payouts: fc.uniqueArray(arbitraryPayout, { selector: payoutKey, maxLength: 8 }),
      credits: fc.array(arbitraryCredit, { maxLength: 10 }),
      windowDays: fc.integer({ min: 0, max: 4 }),
    })
    .map((s) => ({
      ...s,
      credits: s.credits.map((c, i): BankCredit => ({ ...c, id: i + 1, lineKey: `line-${i}` })),
    }));

  it('gives the same matches whatever order payouts and credits come in', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.shuffledSubarray(s.payouts, { minLength: s.payouts.length }),
            fc.shuffledSubarray(s.credits, { minLength: s.credits.length }),
          ),
        ),
        ([s, payouts, credits]) => {
          const first = matchPayouts(s);
          const again = matchPayouts({ payouts, credits, windowDays: s.windowDays });
          expect(again).toEqual(first);
        },
      ),
    );
  });

  it('uses each credit at most once and a payout by amount at most once, only inside its window and currency', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = matchPayouts(s);
        const byKey = new Map(s.payouts.map((p) => [payoutKey(p), p]));
        const byId = new Map(s.credits.map((c) => [c.id, c]));
        expect(new Set(result.matches.map((m) => m.creditId)).size).toBe(result.matches.length);
        const byAmount = result.matches.filter((m) => m.by === 'AMOUNT');
        expect(new Set(byAmount.map((m) => m.payoutKey)).size).toBe(byAmount.length);
        // A payout is matched by reference or by amount, never both.
        const byReference = new Set(
          result.matches.filter((m) => m.by === 'REFERENCE').map((m) => m.payoutKey),
        );
        for (const m of byAmount) expect(byReference.has(m.payoutKey)).toBe(false);
        for (const match of result.matches) {
          const p = byKey.get(match.payoutKey)!;
          const c = byId.get(match.creditId)!;
          expect(c.currency).toBe(p.currency);
          expect(inWindow(p.settlementDate, c.valueDate, s.windowDays)).toBe(true);
          expect(c.amountMinor).toBeGreaterThan(0);
          if (match.by === 'AMOUNT') {
            expect(c.amountMinor).toBe(p.amountMinor);
            expect(c.payoutBatch).toBeNull();
            for (const other of s.payouts) {
              if (other.payoutBatch) expect(creditNamesBatch(c, other.payoutBatch)).toBe(false);
            }
          } else {
            expect(creditNamesBatch(c, p.payoutBatch!)).toBe(true);
          }
        }
        // Every positive payout and credit ends matched or unmatched, never both.
        const positive = s.payouts.filter((p) => p.amountMinor > 0).map(payoutKey);
        const matchedPayouts = new Set(result.matches.map((m) => m.payoutKey));
        expect(matchedPayouts.size + result.unmatchedPayouts.length).toBe(positive.length);
        for (const key of result.unmatchedPayouts) expect(matchedPayouts.has(key)).toBe(false);
        const credits = s.credits.filter((c) => c.amountMinor > 0).length;
        expect(result.matches.length + result.unmatchedCredits.length).toBe(credits);
      }),
    );
  });
});

describe('a payout against the bank', () => {
  const coverage = (from: string, to: string) => coverageOf([{ from, to }]);

  it('is received, short, over, missing once the statements cover its window, else pending', () => {
    expect(payoutStatus(payout(), 10_000, null, 3)).toBe('RECEIVED');
    expect(payoutStatus(payout(), 9_000, null, 3)).toBe('SHORT');
    expect(payoutStatus(payout(), 11_000, null, 3)).toBe('OVER');
    expect(payoutStatus(payout(), null, coverage(DAY, addDays(DAY, 3)), 3)).toBe('MISSING');
    expect(payoutStatus(payout(), null, coverage(DAY, addDays(DAY, 2)), 3)).toBe('PENDING');
    expect(payoutStatus(payout(), null, coverage(addDays(DAY, 1), addDays(DAY, 9)), 3)).toBe('PENDING');
    expect(payoutStatus(payout(), null, null, 3)).toBe('PENDING');
  });

  it('is not missing across a gap between two statements: nothing is known of those days', () => {
    const gap = coverageOf([
      { from: addDays(DAY, -10), to: addDays(DAY, 1) },
      { from: addDays(DAY, 3), to: addDays(DAY, 9) },
    ]);
    expect(gap!.spans).toHaveLength(2);
    expect(payoutStatus(payout(), null, gap, 3)).toBe('PENDING');
    // The missing day's statement arrives: the periods meet and the window is covered.
    const whole = coverageOf([
      { from: addDays(DAY, 3), to: addDays(DAY, 9) },
      { from: addDays(DAY, -10), to: addDays(DAY, 1) },
      { from: addDays(DAY, 2), to: addDays(DAY, 2) },
    ]);
    expect(whole).toEqual({ spans: [{ from: addDays(DAY, -10), to: addDays(DAY, 9) }] });
    expect(payoutStatus(payout(), null, whole, 3)).toBe('MISSING');
    expect(coverageOf([])).toBeNull();
  });

  it('holds its day open only where the statements are imported from before it', () => {
    expect(holdsDayOpen(payout(), null)).toBe(false);
    expect(holdsDayOpen(payout(), coverage(addDays(DAY, 1), addDays(DAY, 5)))).toBe(false);
    expect(holdsDayOpen(payout(), coverage(addDays(DAY, -5), addDays(DAY, -1)))).toBe(true);
  });
});

describe('reading a bank statement row', () => {
  const header = resolveStatementHeader(['Date', 'Amount', 'Currency', 'Description', 'payout_batch']);
  const headers = header.ok ? header.headers : {};
  const at = { row: 2, gateway: 'bkash', mode: 'LIVE' as const };

  it('reads a decimal amount into minor units without rounding', () => {
    const parsed = parseStatementRow(
      headers,
      {
        Date: '21/11/2026',
        Amount: '1,234.50',
        Currency: 'bdt',
        Description: ' BKASH B-9 ',
        payout_batch: '',
      },
      at,
    );
    expect(parsed).toEqual({
      ok: true,
      line: {
        gateway: 'bkash',
        mode: 'LIVE',
        valueDate: '2026-11-21',
        amountMinor: 123_450,
        currency: 'BDT',
        description: 'BKASH B-9',
        bankReference: null,
        payoutBatch: null,
      },
    });
  });

  it('names the row and column of a problem', () => {
    expect(header.ok).toBe(true);
    expect(resolveStatementHeader(['date', 'currency', 'description'])).toEqual({
      ok: false,
      problem: { row: 1, column: 'amount', problem: 'the header has no "amount" column' },
    });
    const row = { Date: '2026-11-21', Amount: '10.005', Currency: 'BDT', Description: '', payout_batch: '' };
    const parsed = parseStatementRow(headers, row, at);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatchObject({ row: 2, column: 'Amount' });
    const badDate = parseStatementRow(headers, { ...row, Amount: '10', Date: '2026-02-30' }, at);
    expect(!badDate.ok && badDate.problem).toMatchObject({ row: 2, column: 'Date' });
  });

  it('keys two identical entries of one statement apart, and the same entry again alike', () => {
    const parsed = parseStatementRow(
      headers,
      { Date: '2026-11-21', Amount: '10', Currency: 'BDT', Description: 'X', payout_batch: '' },
      at,
    );
    if (!parsed.ok) throw new Error('parsed');
    const keys = new StatementLineKeys();
    const [a, b] = [keys.keyed(parsed.line), keys.keyed(parsed.line)];
    expect(a.lineKey).not.toBe(b.lineKey);
    expect(new StatementLineKeys().keyed(parsed.line).lineKey).toBe(a.lineKey);
  });
});
