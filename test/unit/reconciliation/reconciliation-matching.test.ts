import fc from 'fast-check';
import {
  adjustmentFor,
  capturesSettlingOn,
  expectedSettlementDate,
  matchSettlement,
  targetKey,
  type MatchInput,
  type MatchResult,
  type PaymentCandidate,
  type ReconLine,
  type RefundCandidate,
} from '../../../domain/reconciliation/reconciliation.js';
import { settlementLineKey } from '../../../domain/reconciliation/settlements.js';

const DATE = '2026-11-20';

function payment(id: number, overrides: Partial<PaymentCandidate> = {}): PaymentCandidate {
  return {
    id,
    reference: `pay_${String(id).padStart(20, '0')}`,
    gatewayTransactionId: `TXN${id}`,
    amountMinor: 10_000,
    feeBookedMinor: 200,
    currency: 'BDT',
    status: 'SUCCEEDED',
    capturedAt: '2026-11-19T10:00:00Z',
    expectedSettlementDate: DATE,
    ...overrides,
  };
}

function refund(id: number, overrides: Partial<RefundCandidate> = {}): RefundCandidate {
  return {
    id,
    reference: `rf_${String(id).padStart(20, '0')}`,
    gatewayRefundId: `RF${id}`,
    amountMinor: 3_000,
    currency: 'BDT',
    status: 'SUCCEEDED',
    ...overrides,
  };
}

let nextId = 1;
function line(overrides: Partial<ReconLine> & Pick<ReconLine, 'gatewayTransactionId'>): ReconLine {
  const base = {
    gateway: 'sslcommerz',
    mode: 'TEST' as const,
    reference: null,
    type: 'PAYMENT' as const,
    currency: 'BDT' as const,
    grossMinor: 10_000,
    feeMinor: 200,
    settlementDate: DATE,
    payoutBatch: 'B1',
    ...overrides,
  };
  const netMinor = base.grossMinor - base.feeMinor;
  return {
    id: overrides.id ?? nextId++,
    ...base,
    netMinor,
    lineKey: overrides.lineKey ?? settlementLineKey(base, overrides.id ?? nextId),
  };
}

const input = (over: Partial<MatchInput>): MatchInput => ({
  settlementDate: DATE,
  lines: [],
  payments: [],
  refunds: [],
  claimed: new Set(),
  feeToleranceMinor: 50,
  pastGrace: true,
  ...over,
});

describe('matching settlement lines', () => {
  it('matches by gateway transaction id, then by reference and amount', () => {
    const byTxn = line({ gatewayTransactionId: 'TXN1' });
    const byRef = line({ gatewayTransactionId: 'OTHER', reference: payment(2).reference });
    const result = matchSettlement(input({ lines: [byTxn, byRef], payments: [payment(1), payment(2)] }));
    expect(result.exceptions).toEqual([]);
    expect(result.matches.map((m) => [m.lineId, m.target])).toEqual(
      expect.arrayContaining([
        [byTxn.id, { type: 'payment', id: 1 }],
        [byRef.id, { type: 'payment', id: 2 }],
      ]),
    );
  });

  it('names each kind of exception', () => {
    const lines = [
      line({ gatewayTransactionId: 'NOPE' }),
      line({ gatewayTransactionId: 'TXN2', grossMinor: 9_000 }),
      line({ gatewayTransactionId: 'TXN3', feeMinor: 900 }),
      line({ gatewayTransactionId: 'TXN4', feeMinor: 230 }),
      line({
        gatewayTransactionId: 'RF1',
        type: 'REFUND',
        grossMinor: -3_000,
        feeMinor: 0,
        payoutBatch: 'B1',
      }),
      line({
        gatewayTransactionId: 'RF1',
        type: 'REFUND',
        grossMinor: -3_000,
        feeMinor: 0,
        payoutBatch: 'B2',
      }),
      line({ gatewayTransactionId: 'TXN6', type: 'CHARGEBACK', grossMinor: -10_000, feeMinor: 0 }),
    ];
    const result = matchSettlement(
      input({
        lines,
        payments: [1, 2, 3, 4, 5, 6].map((id) => payment(id)),
        refunds: [refund(1)],
      }),
    );
    const kinds = result.exceptions.map((e) => e.kind).sort();
    expect(kinds).toEqual([
      'AMOUNT_MISMATCH',
      'CHARGEBACK',
      'DUPLICATE_LINE',
      'FEE_MISMATCH',
      // Payments 1 (its line was unknown to it), 2 (amount differs) and 5 never settled; 6 was taken back.
      'UNKNOWN_LINE',
      'UNSETTLED_PAYMENT',
      'UNSETTLED_PAYMENT',
      'UNSETTLED_PAYMENT',
      'UNSETTLED_PAYMENT',
    ]);
    // A fee within tolerance is matched with its difference, to be posted as a fee adjustment.
    expect(result.matches.find((m) => m.target.id === 4 && m.target.type === 'payment')).toMatchObject({
      feeDifferenceMinor: 30,
    });
  });

  it('reports every kind on one footing: what the line paid out (its net) against the net expected', () => {
    const result = matchSettlement(
      input({
        lines: [
          line({ gatewayTransactionId: 'NOPE' }),
          // Charged 9,000 with a fee of 180: expected 10,000 − 200 booked = 9,800, paid out 8,820.
          line({ gatewayTransactionId: 'TXN2', grossMinor: 9_000, feeMinor: 180 }),
          line({ gatewayTransactionId: 'RF1', type: 'REFUND', grossMinor: -2_500, feeMinor: 10 }),
          line({ gatewayTransactionId: 'TXN6', type: 'CHARGEBACK', grossMinor: -10_000, feeMinor: 500 }),
        ],
        payments: [payment(2), payment(6)],
        refunds: [refund(1)],
        pastGrace: false,
      }),
    );
    const byKind = (kind: string, paymentId: number | null = null) =>
      result.exceptions.find((e) => e.kind === kind && (paymentId === null || e.paymentId === paymentId));
    expect(byKind('UNKNOWN_LINE')).toMatchObject({ expectedMinor: null, actualMinor: 9_800 });
    expect(byKind('AMOUNT_MISMATCH', 2)).toMatchObject({ expectedMinor: 9_800, actualMinor: 8_820 });
    expect(result.exceptions.find((e) => e.refundId === 1)).toMatchObject({
      kind: 'AMOUNT_MISMATCH',
      expectedMinor: -3_000,
      actualMinor: -2_510,
    });
    expect(byKind('CHARGEBACK')).toMatchObject({ actualMinor: -10_500 });
  });

  it('raises an unsettled payment only once the day is past its grace period', () => {
    const during = matchSettlement(input({ payments: [payment(1)], pastGrace: false }));
    expect(during.exceptions).toEqual([]);
    const after = matchSettlement(input({ payments: [payment(1)], pastGrace: true }));
    expect(after.exceptions.map((e) => e.subject)).toEqual(['payment:1']);
    // Settled by a line of another day: not unsettled.
    const elsewhere = matchSettlement(
      input({ payments: [payment(1)], claimed: new Set([targetKey({ type: 'payment', id: 1 })]) }),
    );
    expect(elsewhere.exceptions).toEqual([]);
  });

  it('adjusts a line exception so the clearing account ends as expected', () => {
    // Expected 9,800 net; the gateway paid 8,800: settle 8,800 and adjust clearing by -1,000.
    expect(adjustmentFor('AMOUNT_MISMATCH', { netMinor: 8_800 }, 9_800)).toEqual({
      settleLine: true,
      adjustmentMinor: -1_000,
    });
    // A line nothing expected: settled, and what it paid out is put back.
    expect(adjustmentFor('UNKNOWN_LINE', { netMinor: 500 }, 0)).toEqual({
      settleLine: true,
      adjustmentMinor: 500,
    });
    // A payment never settled: written off clearing.
    expect(adjustmentFor('UNSETTLED_PAYMENT', null, 9_800)).toEqual({
      settleLine: false,
      adjustmentMinor: -9_800,
    });
  });

  it('expects a capture to settle the next day in Dhaka', () => {
    expect(expectedSettlementDate(new Date('2026-11-19T17:59:59Z'))).toBe('2026-11-20');
    expect(expectedSettlementDate(new Date('2026-11-19T18:00:00Z'))).toBe('2026-11-21');
    const window = capturesSettlingOn('2026-11-20');
    expect(expectedSettlementDate(window.from)).toBe('2026-11-20');
    expect(expectedSettlementDate(new Date(window.to.getTime() - 1))).toBe('2026-11-20');
    expect(expectedSettlementDate(window.to)).toBe('2026-11-21');
  });
});

// ---- properties ----

interface World {
  payments: PaymentCandidate[];
  refunds: RefundCandidate[];
  lines: ReconLine[];
}

/** A small world where lines often collide: duplicates, mismatches, unknowns, refunds. */
const worldArb: fc.Arbitrary<World> = fc
  .record({
    paymentCount: fc.integer({ min: 0, max: 6 }),
    refundCount: fc.integer({ min: 0, max: 3 }),
    lineSpecs: fc.array(
      fc.record({
        kind: fc.constantFrom('PAYMENT', 'REFUND', 'CHARGEBACK', 'ADJUSTMENT'),
        target: fc.integer({ min: 1, max: 8 }),
        byReference: fc.boolean(),
        grossDelta: fc.constantFrom(0, 0, 0, -500),
        fee: fc.constantFrom(200, 200, 230, 900, 0),
        batch: fc.constantFrom('B1', 'B2', 'B3'),
      }),
      { maxLength: 14 },
    ),
  })
  .map(({ paymentCount, refundCount, lineSpecs }) => {
    const payments = Array.from({ length: paymentCount }, (_, i) =>
      payment(i + 1, { capturedAt: i === 5 ? null : '2026-11-19T10:00:00Z' }),
    );
    const refunds = Array.from({ length: refundCount }, (_, i) =>
      refund(i + 1, { status: i === 2 ? 'PROCESSING' : 'SUCCEEDED' }),
    );
    const seen = new Map<string, number>();
    const lines = lineSpecs.map((spec, n) => {
      const isRefund = spec.kind === 'REFUND';
      const gross = isRefund
        ? -3_000 + spec.grossDelta
        : spec.kind === 'CHARGEBACK'
          ? -10_000
          : 10_000 + spec.grossDelta;
      const fee = isRefund ? 0 : spec.fee;
      const txn = isRefund ? `RF${spec.target}` : `TXN${spec.target}`;
      const identity = {
        gateway: 'sslcommerz',
        mode: 'TEST' as const,
        gatewayTransactionId: spec.byReference ? `X${n}` : txn,
        type: spec.kind,
        settlementDate: DATE,
        payoutBatch: spec.batch,
        grossMinor: gross,
      };
      const base = settlementLineKey(identity);
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      return {
        id: n + 1,
        ...identity,
        mode: 'TEST' as const,
        reference: spec.byReference
          ? isRefund
            ? refund(spec.target).reference
            : payment(spec.target).reference
          : null,
        currency: 'BDT' as const,
        feeMinor: fee,
        netMinor: gross - fee,
        lineKey: settlementLineKey(identity, occurrence),
      } satisfies ReconLine;
    });
    return { payments, refunds, lines };
  });

const worldInput = (world: World, lines: readonly ReconLine[], claimed: ReadonlySet<string>) =>
  input({ lines, payments: world.payments, refunds: world.refunds, claimed });

/**
 * Lines arriving in several imports: each re-match sees every line of the day not matched yet,
 * and the matches already made stand (they are posted). The final state: every match made on the
 * way, and the last re-match's exceptions.
 */
function matchInParts(world: World, parts: ReconLine[][]): MatchResult {
  const matches: MatchResult['matches'] = [];
  const claimed = new Set<string>();
  const arrived: ReconLine[] = [];
  let last: MatchResult = { matches: [], exceptions: [] };
  for (const part of parts) {
    arrived.push(...part);
    const matchedIds = new Set(matches.map((m) => m.lineId));
    last = matchSettlement(
      worldInput(
        world,
        arrived.filter((l) => !matchedIds.has(l.id)),
        claimed,
      ),
    );
    for (const m of last.matches) {
      matches.push(m);
      claimed.add(targetKey(m.target));
    }
  }
  return { matches, exceptions: last.exceptions };
}

/**
 * Where several lines claim one payment or refund, one settles it (matched, or held as a fee
 * difference) and the rest are duplicates; which one depends on which arrived first, since a
 * posted match is never taken back. Lines claiming a target are compared as that group.
 */
function normalised(result: MatchResult) {
  const byLine = new Map<number, string>();
  const claimants = new Map<string, number>();
  for (const m of result.matches) {
    byLine.set(m.lineId, `claim ${targetKey(m.target)}`);
    claimants.set(targetKey(m.target), (claimants.get(targetKey(m.target)) ?? 0) + 1);
  }
  const others: string[] = [];
  for (const e of result.exceptions) {
    const target = e.paymentId ? `payment:${e.paymentId}` : e.refundId ? `refund:${e.refundId}` : '-';
    if (e.lineId === null) {
      others.push(`${e.kind} ${e.subject}`);
    } else if (e.kind === 'FEE_MISMATCH' || e.kind === 'DUPLICATE_LINE') {
      byLine.set(e.lineId, `claim ${target}`);
      if (e.kind === 'FEE_MISMATCH') claimants.set(target, (claimants.get(target) ?? 0) + 1);
    } else {
      byLine.set(e.lineId, `${e.kind} ${target} ${e.expectedMinor} ${e.actualMinor}`);
    }
  }
  return {
    lines: [...byLine.entries()].sort((a, b) => a[0] - b[0]),
    claimants: [...claimants.entries()].sort(),
    others: others.sort(),
  };
}

/** Splits a list into consecutive parts at the given cut points. */
function split<T>(items: T[], cuts: number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let from = 0;
  for (const p of points) {
    parts.push(items.slice(from, p));
    from = p;
  }
  parts.push(items.slice(from));
  return parts;
}

describe('matching, whatever order and split the lines come in', () => {
  it('puts every line in exactly one of matched or exception', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const result = matchSettlement(worldInput(world, world.lines, new Set()));
        const matched = result.matches.map((m) => m.lineId);
        const excepted = result.exceptions.filter((e) => e.lineId !== null).map((e) => e.lineId!);
        expect([...matched, ...excepted].sort((a, b) => a - b)).toEqual(world.lines.map((l) => l.id));
        // And no payment or refund is settled twice.
        const targets = result.matches.map((m) => targetKey(m.target));
        expect(new Set(targets).size).toBe(targets.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives exactly the same result for the same lines in any order', () => {
    fc.assert(
      fc.property(
        worldArb.chain((world) =>
          fc.tuple(fc.constant(world), fc.shuffledSubarray(world.lines, { minLength: world.lines.length })),
        ),
        ([world, shuffled]) => {
          const sorted = (r: MatchResult) => ({
            matches: [...r.matches].sort((a, b) => a.lineId - b.lineId),
            exceptions: [...r.exceptions].sort(
              (a, b) => a.subject.localeCompare(b.subject) || a.kind.localeCompare(b.kind),
            ),
          });
          expect(sorted(matchSettlement(worldInput(world, shuffled, new Set())))).toEqual(
            sorted(matchSettlement(worldInput(world, world.lines, new Set()))),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same matches and exceptions for the same lines split into several imports', () => {
    fc.assert(
      fc.property(
        worldArb.chain((world) =>
          fc.tuple(
            fc.constant(world),
            fc.shuffledSubarray(world.lines, { minLength: world.lines.length }),
            fc.array(fc.nat(), { maxLength: 4 }),
          ),
        ),
        ([world, shuffled, cuts]) => {
          const whole = matchSettlement(worldInput(world, world.lines, new Set()));
          const inParts = matchInParts(world, split(shuffled, cuts));
          expect(normalised(inParts)).toEqual(normalised(whole));
          // Each claimed payment or refund is settled by exactly one line.
          for (const [, count] of normalised(inParts).claimants) expect(count).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
