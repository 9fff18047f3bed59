import fc from 'fast-check';
import { DISPUTE_STATUSES, disputeStep, type DisputeStatus } from '../../../domain/disputes/disputes.js';
import { DISPUTE_REFERENCE_PATTERN, newDisputeReference } from '../../../domain/shared/ids.js';
import { admitRefund, refundableMinor } from '../../../domain/refunds/refunds.js';

/** Plays a sequence of reports through the state machine; answers what it did in total. */
function play(reports: readonly DisputeStatus[]) {
  let status: DisputeStatus | null = null;
  const events: string[] = [];
  const entries: string[] = [];
  for (const reported of reports) {
    const step = disputeStep(status, reported);
    status = step.status;
    events.push(...step.events);
    entries.push(...step.entries);
  }
  return { status, events, entries };
}

describe('dispute lifecycle', () => {
  it('opens with dispute.created and a DISPUTE entry', () => {
    expect(disputeStep(null, 'OPEN')).toEqual({
      status: 'OPEN',
      changed: true,
      events: ['dispute.created'],
      entries: ['DISPUTE'],
    });
  });

  it('a won dispute owes dispute.won and gives the money back (DISPUTE_REVERSAL)', () => {
    expect(disputeStep('OPEN', 'WON')).toEqual({
      status: 'WON',
      changed: true,
      events: ['dispute.won'],
      entries: ['DISPUTE_REVERSAL'],
    });
  });

  it('a lost dispute owes dispute.lost and posts nothing more: the money stays gone', () => {
    expect(disputeStep('OPEN', 'LOST')).toEqual({
      status: 'LOST',
      changed: true,
      events: ['dispute.lost'],
      entries: [],
    });
  });

  it('a dispute first heard of closed still owes its opening, first', () => {
    expect(disputeStep(null, 'WON')).toMatchObject({
      events: ['dispute.created', 'dispute.won'],
      entries: ['DISPUTE', 'DISPUTE_REVERSAL'],
    });
    expect(disputeStep(null, 'LOST')).toMatchObject({
      events: ['dispute.created', 'dispute.lost'],
      entries: ['DISPUTE'],
    });
  });

  it('a repeated report changes nothing', () => {
    for (const status of DISPUTE_STATUSES) {
      const repeated = disputeStep(disputeStep(null, status).status, status);
      expect(repeated).toEqual({ status, changed: false, events: [], entries: [] });
    }
  });

  it('a closed dispute is final: no later report reopens or flips it', () => {
    for (const closed of ['WON', 'LOST'] as const) {
      for (const reported of DISPUTE_STATUSES) {
        expect(disputeStep(closed, reported)).toEqual({
          status: closed,
          changed: false,
          events: [],
          entries: [],
        });
      }
    }
  });

  it('whatever the gateway reports, in any order and repeated: one opening, at most one closing, and the money back only when won', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...DISPUTE_STATUSES), { minLength: 1, maxLength: 12 }),
        (reports) => {
          const { status, events, entries } = play(reports);
          const firstClosing = reports.find((r) => r !== 'OPEN');
          expect(status).toBe(firstClosing ?? 'OPEN');
          expect(events[0]).toBe('dispute.created');
          expect(new Set(events).size).toBe(events.length);
          expect(entries.filter((e) => e === 'DISPUTE')).toHaveLength(1);
          expect(entries.filter((e) => e === 'DISPUTE_REVERSAL')).toHaveLength(status === 'WON' ? 1 : 0);
          const closings = events.filter((e) => e !== 'dispute.created');
          expect(closings).toEqual(
            status === 'OPEN' ? [] : [status === 'WON' ? 'dispute.won' : 'dispute.lost'],
          );
        },
      ),
    );
  });

  it('references are dsp_ and 20 unambiguous characters', () => {
    for (let i = 0; i < 50; i++) expect(newDisputeReference()).toMatch(DISPUTE_REFERENCE_PATTERN);
  });
});

describe('refunds of a disputed payment', () => {
  const payment = { status: 'SUCCEEDED' as const, amountMinor: 10_000 };

  it('never refunds what a dispute took back: the cardholder would be paid twice', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 4_000 }), { maxLength: 5 }),
        (disputed, requests) => {
          const taken: Array<{ status: 'SUCCEEDED'; amountMinor: number }> = [];
          for (const requested of requests) {
            const admission = admitRefund({ ...payment, disputedMinor: disputed }, taken, requested);
            if (admission.admitted) taken.push({ status: 'SUCCEEDED', amountMinor: admission.amountMinor });
          }
          const refunded = taken.reduce((sum, r) => sum + r.amountMinor, 0);
          expect(refunded + disputed).toBeLessThanOrEqual(payment.amountMinor);
        },
      ),
    );
  });

  it('says why when a dispute took it all', () => {
    expect(admitRefund({ ...payment, disputedMinor: 10_000 }, [])).toMatchObject({
      admitted: false,
      code: 'REFUND_EXCEEDS_REFUNDABLE',
      refundableMinor: 0,
      message: expect.stringContaining('dispute'),
    });
    expect(refundableMinor({ ...payment, disputedMinor: 2_500 }, [])).toBe(7_500);
  });
});
