import { condition, setHandler, type SignalDefinition } from '@temporalio/workflow';
import { startDelivery } from '../webhooks/delivery.js';
import { firstWebhookAttempt } from './payout-options.js';

/** The longest one wait lasts before the row is read again, whatever the signals say. */
export const LONGEST_WAIT_MS = 10 * 60_000;

/**
 * What a workflow that follows one row of PostgreSQL (a payout's, a batch's) needs between its
 * reads: a wait that a "look again" signal cuts short, and the delivery of the events each step
 * recorded, each started once per run. Signals only wake it; what it does next is decided on
 * what it reads. Workflow code: deterministic, no I/O of its own.
 */
export interface RowFollower {
  /**
   * Waits until the signal or `ms` pass (never longer than LONGEST_WAIT_MS, at least 1 ms); true
   * when a signal ended it.
   */
  waitFor(ms: number): Promise<boolean>;
  /**
   * Attempts each event not yet handled in this run once, and hands any it did not deliver to its
   * delivery workflow. An event delivered earlier has no endpoint still due: attempting it again
   * sends nothing.
   */
  deliver(eventIds: readonly string[]): Promise<void>;
  /**
   * As `deliver`, every event's attempt at once: for a workflow carrying many rows (a chunk of a
   * batch's lines), whose events one after another would each wait for the last.
   */
  deliverTogether(eventIds: readonly string[]): Promise<void>;
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
  /** One event's first attempt; one not delivered is handed to its delivery workflow. */
  const attempt = async (eventId: string) => {
    // An attempt that fails hands the event to its delivery workflow, like one that did not land.
    const first = await firstWebhookAttempt.attemptWebhookDelivery({ eventId, attempt: 1 }).catch(() => null);
    if (!first?.final) await startDelivery(eventId, { firstAttemptMade: true });
  };
  return {
    async deliver(eventIds) {
      for (const eventId of eventIds) {
        if (delivered.has(eventId)) continue;
        await attempt(eventId);
        delivered.add(eventId);
      }
    },
    async deliverTogether(eventIds) {
      const fresh = [...new Set(eventIds)].filter((eventId) => !delivered.has(eventId));
      await Promise.all(fresh.map(attempt));
      for (const eventId of fresh) delivered.add(eventId);
    },
    async waitFor(ms) {
      const signalled = await condition(() => nudged, Math.max(1, Math.min(ms, LONGEST_WAIT_MS)));
      nudged = false;
      return signalled;
    },
  };
}
