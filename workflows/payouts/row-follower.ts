import { condition, setHandler, type SignalDefinition } from '@temporalio/workflow';
import { startDelivery } from '../webhooks/delivery.js';

/** The longest one wait lasts before the row is read again, whatever the signals say. */
export const LONGEST_WAIT_MS = 10 * 60_000;

/**
 * What a workflow that follows one row of PostgreSQL (a payout's, a batch's) needs between its
 * reads: a wait that a "look again" signal cuts short, and the delivery of the events each step
 * recorded, each started once per run. Signals only wake it; what it does next is decided on
 * what it reads. Workflow code: deterministic, no I/O of its own.
 */
export interface RowFollower {
  /** Waits until the signal or `ms` pass (never longer than LONGEST_WAIT_MS, at least 1 ms). */
  waitFor(ms: number): Promise<void>;
  /** Starts the delivery of each event not yet started in this run. */
  deliver(eventIds: readonly string[]): Promise<void>;
}

/**
 * Call first thing in the workflow, so no signal arrives before its handler. A signal is kept
 * until a wait consumes it: one that arrives while the row is read or events are delivered (after
 * the read, before the wait) cuts the next wait short, at the cost of at most one extra read.
 */
export function followRow(changed: SignalDefinition<[]>): RowFollower {
  let nudged = false;
  setHandler(changed, () => {
    nudged = true;
  });
  const delivered = new Set<string>();
  return {
    async deliver(eventIds) {
      for (const eventId of eventIds) {
        if (delivered.has(eventId)) continue;
        await startDelivery(eventId);
        delivered.add(eventId);
      }
    },
    async waitFor(ms) {
      await condition(() => nudged, Math.max(1, Math.min(ms, LONGEST_WAIT_MS)));
      nudged = false;
    },
  };
}
