import {
  afterLineStep,
  newLineClock,
  planChunkTurn,
  UNMADE_LINE_RECHECK_MS,
  type LineView,
} from '../../../domain/payouts/payout-lines.js';
import { confirmationDelayMs } from '../../../domain/payouts/payouts.js';

const NOW = 1_800_000_000_000;
const line = (payoutId: number | null, status: LineView['status'], sendAfterMs: number | null = null) => ({
  payoutId,
  status,
  sendAfterMs,
});

describe("a chunk of a batch's lines, turn by turn", () => {
  it('sends every line whose window is over, and a send that did not finish, at once', () => {
    const plan = planChunkTurn(
      [line(1, 'SCHEDULED', NOW - 1), line(2, 'SENDING'), line(3, 'SCHEDULED', NOW + 30_000)],
      newLineClock(),
      NOW,
    );
    expect(plan.act).toEqual([
      { payoutId: 1, action: 'SEND' },
      { payoutId: 2, action: 'SEND' },
    ]);
    expect(plan).toMatchObject({ done: false, nextDueMs: NOW + 30_000 });
  });

  it('is done only when every line has a payout in a terminal status', () => {
    const ended = [line(1, 'SUCCEEDED'), line(2, 'FAILED'), line(3, 'CANCELLED'), line(4, 'RETURNED')];
    expect(planChunkTurn(ended, newLineClock(), NOW)).toEqual({ act: [], done: true, nextDueMs: null });
    // A line whose payout is not made yet keeps the chunk open, and is read again shortly.
    const unmade = planChunkTurn([...ended, line(null, null)], newLineClock(), NOW);
    expect(unmade).toEqual({ act: [], done: false, nextDueMs: NOW + UNMADE_LINE_RECHECK_MS });
  });

  it('asks the rail about a transfer it holds on the confirmation schedule, as a single payout does', () => {
    const clock = newLineClock();
    afterLineStep(clock, { payoutId: 7, action: 'SEND', status: 'PROCESSING' }, NOW, 60_000);
    const processing = [line(7, 'PROCESSING')];
    expect(planChunkTurn(processing, clock, NOW)).toMatchObject({
      act: [],
      nextDueMs: NOW + confirmationDelayMs(0),
    });
    const first = NOW + confirmationDelayMs(0);
    expect(planChunkTurn(processing, clock, first).act).toEqual([{ payoutId: 7, action: 'CONFIRM' }]);
    afterLineStep(clock, { payoutId: 7, action: 'CONFIRM', status: 'PROCESSING' }, first, 60_000);
    expect(planChunkTurn(processing, clock, first).nextDueMs).toBe(first + confirmationDelayMs(1));
    afterLineStep(clock, { payoutId: 7, action: 'CONFIRM', status: 'SUCCEEDED' }, first, 60_000);
    expect(clock.dueAtMs.has(7)).toBe(false);
  });

  it('tries a queued line again after the queue recheck, and at once when first seen in a run', () => {
    const clock = newLineClock();
    expect(planChunkTurn([line(4, 'QUEUED')], clock, NOW).act).toEqual([{ payoutId: 4, action: 'SEND' }]);
    afterLineStep(clock, { payoutId: 4, action: 'SEND', status: 'QUEUED' }, NOW, 60_000);
    expect(planChunkTurn([line(4, 'QUEUED')], clock, NOW + 59_999)).toMatchObject({
      act: [],
      nextDueMs: NOW + 60_000,
    });
    expect(planChunkTurn([line(4, 'QUEUED')], clock, NOW + 60_000).act).toHaveLength(1);
  });

  it('tries every queued line at once when woken (a top-up, the rail back on)', () => {
    const clock = newLineClock();
    afterLineStep(clock, { payoutId: 4, action: 'SEND', status: 'QUEUED' }, NOW, 600_000);
    afterLineStep(clock, { payoutId: 5, action: 'SEND', status: 'PROCESSING' }, NOW, 600_000);
    const lines = [line(4, 'QUEUED'), line(5, 'PROCESSING')];
    expect(planChunkTurn(lines, clock, NOW + 1_000).act).toEqual([]);
    expect(planChunkTurn(lines, clock, NOW + 1_000, { woken: true }).act).toEqual([
      { payoutId: 4, action: 'SEND' },
    ]);
  });

  it('first sees a transfer the rail holds (a new run) as due after the first confirmation delay', () => {
    const plan = planChunkTurn([line(9, 'PROCESSING')], newLineClock(), NOW);
    expect(plan).toEqual({ act: [], done: false, nextDueMs: NOW + confirmationDelayMs(0) });
  });
});
