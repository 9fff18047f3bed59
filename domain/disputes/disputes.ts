/**
 * A dispute's lifecycle. A cardholder (or their bank) disputes a captured payment: the gateway
 * takes the disputed amount back at once (OPEN), then the dispute closes WON (the money returns)
 * or LOST (it stays gone). A closed dispute is final: nothing a gateway reports later reopens it.
 */
export const DISPUTE_STATUSES = ['OPEN', 'WON', 'LOST'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const isClosedDispute = (status: DisputeStatus) => status !== 'OPEN';

/** The events an app hears about a dispute, in the order a dispute can owe them. */
export const DISPUTE_EVENT_TYPES = ['dispute.created', 'dispute.won', 'dispute.lost'] as const;
export type DisputeEventType = (typeof DISPUTE_EVENT_TYPES)[number];

/** The ledger entries a dispute posts: the disputed amount leaves the app's payable, and returns if won. */
export type DisputeEntryKind = 'DISPUTE' | 'DISPUTE_REVERSAL';

export interface DisputeStep {
  /** The status the dispute has after the step (unchanged when nothing happens). */
  status: DisputeStatus;
  /** Whether anything changes: a repeated or stale report changes nothing. */
  changed: boolean;
  /** The events the step owes the app, in order. */
  events: DisputeEventType[];
  /** The ledger entries the step posts, in order. */
  entries: DisputeEntryKind[];
}

const NOTHING = (status: DisputeStatus): DisputeStep => ({ status, changed: false, events: [], entries: [] });

/**
 * What happens when the gateway reports `reported` for a dispute we hold as `current` (null: we
 * hold none yet). A dispute first heard of already closed (its opening notice lost, or a
 * chargeback seen only on a settlement report) still owes its opening: `dispute.created` and the
 * DISPUTE entry come first, then the closing.
 */
export function disputeStep(current: DisputeStatus | null, reported: DisputeStatus): DisputeStep {
  if (current !== null && isClosedDispute(current)) return NOTHING(current);
  const opening: Pick<DisputeStep, 'events' | 'entries'> =
    current === null ? { events: ['dispute.created'], entries: ['DISPUTE'] } : { events: [], entries: [] };
  switch (reported) {
    case 'OPEN':
      return current === null ? { status: 'OPEN', changed: true, ...opening } : NOTHING(current);
    case 'WON':
      return {
        status: 'WON',
        changed: true,
        events: [...opening.events, 'dispute.won'],
        entries: [...opening.entries, 'DISPUTE_REVERSAL'],
      };
    case 'LOST':
      return {
        status: 'LOST',
        changed: true,
        events: [...opening.events, 'dispute.lost'],
        entries: opening.entries,
      };
  }
}

/**
 * A chargeback line on a settlement report: the gateway already took the money and reports no
 * later outcome on the same line, so it is a lost dispute unless the gateway says otherwise.
 */
export const CHARGEBACK_DEFAULT_STATUS: DisputeStatus = 'LOST';

/**
 * An open dispute nothing was heard of for this long is asked about at its gateway again: a lost
 * closing notice must not leave it open for good. Disputes take weeks; a few hours late is soon.
 */
export const DISPUTE_RECHECK_QUIET_SECONDS = 6 * 3600;
