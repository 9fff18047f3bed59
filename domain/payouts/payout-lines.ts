import { confirmationDelayMs, type PayoutStatus } from './payouts.js';

/**
 * What the workflow carrying a chunk of a batch's lines does on each turn, decided on the lines as
 * PostgreSQL holds them: pure, so the workflow stays deterministic and the rules are tested alone.
 */

/** A line as the chunk's workflow reads it (null payout: not made yet). */
export interface LineView {
  payoutId: number | null;
  status: PayoutStatus | null;
  sendAfterMs: number | null;
}

/** What the workflow remembers between turns of one run: when each line is next due, and how often it was asked. */
export interface LineClock {
  dueAtMs: Map<number, number>;
  confirmationsAsked: Map<number, number>;
}

export type LineAction = 'SEND' | 'CONFIRM';

export interface ChunkTurn {
  /** The lines to act on now. */
  act: Array<{ payoutId: number; action: LineAction }>;
  /** Every line of the chunk has a payout in a terminal status. */
  done: boolean;
  /** When the next line falls due (ms since the epoch); null when none waits on a time. */
  nextDueMs: number | null;
}

const TERMINAL: ReadonlySet<PayoutStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'RETURNED']);

/** A line not made yet, or one still before its schedule, is read again this often. */
export const UNMADE_LINE_RECHECK_MS = 5_000;

export const newLineClock = (): LineClock => ({ dueAtMs: new Map(), confirmationsAsked: new Map() });

/**
 * The turn's plan. A line is sent once its window is over (SCHEDULED), at once when a send did not
 * finish (SENDING: the send step asks the rail first), and again after the queue's recheck time
 * (QUEUED); a transfer the rail holds (PROCESSING) is asked about on the confirmation schedule
 * (first 5 s after it was seen, then growing). A line first seen QUEUED or PROCESSING in this run
 * (after continuing as new) is due at once or after the first confirmation delay. When a signal
 * woke the workflow (`woken`), every queued line is due at once.
 */
export function planChunkTurn(
  lines: readonly LineView[],
  clock: LineClock,
  nowMs: number,
  options: { woken?: boolean } = {},
): ChunkTurn {
  const act: ChunkTurn['act'] = [];
  let nextDueMs: number | null = null;
  const dueAt = (ms: number) => {
    if (ms <= nowMs) return true;
    nextDueMs = nextDueMs === null ? ms : Math.min(nextDueMs, ms);
    return false;
  };
  let done = true;
  for (const line of lines) {
    if (line.status !== null && TERMINAL.has(line.status)) continue;
    done = false;
    if (line.payoutId === null || line.status === null) {
      dueAt(nowMs + UNMADE_LINE_RECHECK_MS);
      continue;
    }
    const id = line.payoutId;
    switch (line.status) {
      case 'SCHEDULED':
        if (dueAt(line.sendAfterMs ?? nowMs)) act.push({ payoutId: id, action: 'SEND' });
        break;
      case 'SENDING':
        act.push({ payoutId: id, action: 'SEND' });
        break;
      case 'QUEUED':
        // Woken (a top-up, the rail back on): every queued line tries again now.
        if (options.woken || dueAt(clock.dueAtMs.get(id) ?? nowMs))
          act.push({ payoutId: id, action: 'SEND' });
        break;
      case 'PROCESSING': {
        if (!clock.dueAtMs.has(id)) clock.dueAtMs.set(id, nowMs + confirmationDelayMs(0));
        if (dueAt(clock.dueAtMs.get(id)!)) act.push({ payoutId: id, action: 'CONFIRM' });
        break;
      }
      default:
        // A batch line is made SCHEDULED; any other status is read again shortly.
        dueAt(nowMs + UNMADE_LINE_RECHECK_MS);
    }
  }
  return { act, done, nextDueMs };
}

/**
 * Records what a step left a line as: when it is due next, if it still waits on something. A
 * transfer the rail holds is asked about after 5 s, then after each longer confirmation delay.
 */
export function afterLineStep(
  clock: LineClock,
  step: { payoutId: number; action: LineAction; status: PayoutStatus },
  nowMs: number,
  queueRecheckMs: number,
): void {
  const { payoutId, action, status } = step;
  const asked = (clock.confirmationsAsked.get(payoutId) ?? 0) + (action === 'CONFIRM' ? 1 : 0);
  clock.confirmationsAsked.set(payoutId, asked);
  if (status === 'PROCESSING') clock.dueAtMs.set(payoutId, nowMs + confirmationDelayMs(asked));
  else if (status === 'QUEUED') clock.dueAtMs.set(payoutId, nowMs + queueRecheckMs);
  else clock.dueAtMs.delete(payoutId);
}
