import { FaultBook } from '../../../gateways/simulator-kit/faults.js';
import {
  SettlementFaultBindings,
  feeAtRate,
  settlementLines,
  type SettledItem,
  type SettlementFaults,
} from '../../../gateways/simulator-kit/settlement.js';

/**
 * The settlement faults as every simulator applies them: bound once to the transaction they name
 * (or the next one processed), so a report asked for again is the same report.
 */

// 2026-11-25 10:00 in Asia/Dhaka.
const AT = Date.parse('2026-11-25T04:00:00Z');

function payment(id: string, key: string, at = AT): SettledItem {
  return {
    id,
    faultKey: key,
    kind: 'payment',
    gatewayTransactionId: id,
    reference: key,
    currency: 'BDT',
    grossMinor: 10_000,
    feeMinor: 185,
    processedAtMs: at,
    details: {},
  };
}

function refund(id: string, key: string, at = AT): SettledItem {
  return { ...payment(id, key, at), kind: 'refund', reference: `rf_${id}`, grossMinor: -2_000, feeMinor: 0 };
}

const options = { extraIds: (item: SettledItem) => ({ id: `X${item.id}`, reference: null }) };
const book = () => new FaultBook<SettlementFaults, 'byKey'>('byKey');
const summary = (date: string, items: SettledItem[], bindings: SettlementFaultBindings) =>
  settlementLines(items, bindings, date, options).map((line) => [
    line.kind,
    line.gatewayTransactionId,
    line.grossMinor,
    line.feeMinor,
    line.netMinor,
    line.batch,
  ]);

describe('settlement faults', () => {
  it('settles the day after its day in Asia/Dhaka: 00:30 there is still the day before in UTC', () => {
    const late = payment('t1', 'pay_a', Date.parse('2026-11-25T18:30:00Z'));
    const bindings = new SettlementFaultBindings();
    expect(summary('2026-11-27', [late], bindings)).toEqual([['payment', 't1', 10_000, 185, 9_815, 1]]);
    expect(summary('2026-11-26', [late], bindings)).toEqual([]);
  });

  it('binds a fault armed for the next payment to the next one processed only', () => {
    const faults = book();
    const bindings = new SettlementFaultBindings();
    faults.set({ settlementLate: 3 });
    const first = payment('t1', 'pay_a');
    const second = payment('t2', 'pay_b');
    bindings.bindOnProcessing(faults, first);
    bindings.bindOnProcessing(faults, second);
    expect(faults.snapshot()).toEqual({ defaults: {}, byKey: {} });
    expect(summary('2026-11-26', [first, second], bindings)).toEqual([
      ['payment', 't2', 10_000, 185, 9_815, 1],
    ]);
    expect(summary('2026-11-29', [first, second], bindings)).toEqual([
      ['payment', 't1', 10_000, 185, 9_815, 1],
    ]);
  });

  it("binds a named refund fault armed after the refund to that payment's first refund, at report time", () => {
    const faults = book();
    const bindings = new SettlementFaultBindings();
    const items = [payment('t1', 'pay_a'), refund('r1', 'pay_a', AT + 1), refund('r2', 'pay_a', AT + 2)];
    for (const item of items) bindings.bindOnProcessing(faults, item);
    faults.set({ settlementRefundNettedLater: 2, settlementFeeMismatch: -85 }, 'pay_a');
    bindings.bindArmedForProcessed(faults, items);
    expect(faults.snapshot()).toEqual({ defaults: {}, byKey: {} });
    const day = summary('2026-11-26', items, bindings);
    expect(day).toEqual([
      ['payment', 't1', 10_000, 100, 9_900, 1],
      ['refund', 'r2', -2_000, 0, -2_000, 1],
    ]);
    expect(summary('2026-11-28', items, bindings)).toEqual([['refund', 'r1', -2_000, 0, -2_000, 1]]);
    // Asked again, the same lines.
    bindings.bindArmedForProcessed(faults, items);
    expect(summary('2026-11-26', items, bindings)).toEqual(day);
  });

  it('a chargeback days later, an extra line, a duplicate in the second batch, an omitted payment', () => {
    const faults = book();
    const bindings = new SettlementFaultBindings();
    faults.set({ settlementChargeback: 2 }, 'pay_a');
    faults.set({ settlementExtra: true, settlementDuplicate: true }, 'pay_b');
    faults.set({ settlementOmit: true, settlementChargeback: true }, 'pay_c');
    const items = [payment('t1', 'pay_a'), payment('t2', 'pay_b', AT + 1), payment('t3', 'pay_c', AT + 2)];
    for (const item of items) bindings.bindOnProcessing(faults, item);
    expect(summary('2026-11-26', items, bindings)).toEqual([
      ['payment', 't1', 10_000, 185, 9_815, 1],
      ['payment', 't2', 10_000, 185, 9_815, 1],
      ['payment', 'Xt2', 10_000, 185, 9_815, 1],
      // Never settled, yet charged back.
      ['chargeback', 't3', -10_000, 0, -10_000, 1],
      ['payment', 't2', 10_000, 185, 9_815, 2],
    ]);
    expect(summary('2026-11-28', items, bindings)).toEqual([['chargeback', 't1', -10_000, 0, -10_000, 1]]);
    expect(summary('2026-11-27', items, bindings)).toEqual([]);
  });

  it('rounds a published rate half-up to the minor unit', () => {
    expect(feeAtRate(1_000, 185)).toBe(19);
    expect(feeAtRate(999, 185)).toBe(18);
    expect(feeAtRate(100_100, 150)).toBe(1_502);
    expect(feeAtRate(0, 150)).toBe(0);
  });

  it('is forgotten on reset', () => {
    const faults = book();
    const bindings = new SettlementFaultBindings();
    faults.set({ settlementOmit: true });
    const item = payment('t1', 'pay_a');
    bindings.bindOnProcessing(faults, item);
    bindings.clear();
    expect(summary('2026-11-26', [item], bindings)).toHaveLength(1);
  });
});
