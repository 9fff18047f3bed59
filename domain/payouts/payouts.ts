/**
 * A payout's life, as pure rules. A payout is CREATED, may wait for approvers (WAITING_APPROVAL),
 * is SCHEDULED for the end of its cancel window, may wait in the QUEUE for the rail's balance, is
 * SENDING while the rail is asked (the only status in which money may leave), PROCESSING while the
 * rail has taken it without a final word, and ends SUCCEEDED, FAILED or CANCELLED. A SUCCEEDED
 * payout the rail sends back (a bank return) is RETURNED.
 */
export const PAYOUT_STATUSES = [
  'CREATED',
  'WAITING_APPROVAL',
  'SCHEDULED',
  'QUEUED',
  'SENDING',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'RETURNED',
] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

const MOVES: Record<PayoutStatus, readonly PayoutStatus[]> = {
  CREATED: ['WAITING_APPROVAL', 'SCHEDULED', 'CANCELLED'],
  // Approved: the cancel window starts. Rejected, expired or cancelled by the app: nothing was sent.
  WAITING_APPROVAL: ['SCHEDULED', 'CANCELLED'],
  // A failed beneficiary check fails the payout before any money moves.
  SCHEDULED: ['QUEUED', 'SENDING', 'CANCELLED', 'FAILED'],
  QUEUED: ['SENDING', 'CANCELLED', 'FAILED'],
  // A refusal for a short balance puts the payout back in the queue: nothing was sent.
  SENDING: ['PROCESSING', 'SUCCEEDED', 'FAILED', 'QUEUED'],
  PROCESSING: ['SUCCEEDED', 'FAILED'],
  SUCCEEDED: ['RETURNED'],
  FAILED: [],
  CANCELLED: [],
  RETURNED: [],
};

export function canMove(from: PayoutStatus, to: PayoutStatus): boolean {
  return MOVES[from].includes(to);
}

/** The statuses a payout may move to `to` from. */
export function statusesBefore(to: PayoutStatus): PayoutStatus[] {
  return PAYOUT_STATUSES.filter((from) => canMove(from, to));
}

/** Nothing has been asked of the rail yet: the app (or an approver's rejection) may still stop it. */
export const CANCELLABLE_STATUSES: readonly PayoutStatus[] = statusesBefore('CANCELLED');

export function isCancellable(status: PayoutStatus): boolean {
  return CANCELLABLE_STATUSES.includes(status);
}

/** No further change but a return. */
export function isFinal(status: PayoutStatus): boolean {
  return status === 'FAILED' || status === 'CANCELLED' || status === 'RETURNED' || status === 'SUCCEEDED';
}

/** The rail may hold money for it: the statuses in which the core must ask before it sends. */
export function mayHaveReachedRail(status: PayoutStatus): boolean {
  return status === 'SENDING' || status === 'PROCESSING';
}

export const PAYOUT_REFERENCE_PATTERN = /^po_[0-9a-hjkmnp-tv-z]{20}$/;

export const PAYOUT_EVENT_TYPES = [
  'payout.created',
  'payout.succeeded',
  'payout.failed',
  'payout.cancelled',
  'payout.returned',
] as const;
export type PayoutEventType = (typeof PAYOUT_EVENT_TYPES)[number];

/** The event a payout owes its app on reaching `status`, if any. */
export function eventForStatus(status: PayoutStatus): PayoutEventType | null {
  switch (status) {
    case 'SUCCEEDED':
      return 'payout.succeeded';
    case 'FAILED':
      return 'payout.failed';
    case 'CANCELLED':
      return 'payout.cancelled';
    case 'RETURNED':
      return 'payout.returned';
    default:
      return null;
  }
}

/** What the rail's word on a transfer makes of a payout that was SENDING or PROCESSING. */
export type RailWord =
  | { status: 'SUCCEEDED' | 'PROCESSING' | 'RETURNED' | 'NOT_FOUND' }
  | { status: 'FAILED'; shortBalance: boolean };

export type SendStep =
  /** Nothing under our reference at the rail: send (the only case in which `send` is called). */
  { kind: 'SEND' } | { kind: 'RECORD'; status: 'SUCCEEDED' | 'PROCESSING' | 'FAILED' | 'QUEUED' };

/**
 * After `find` (or `send`) answered: what the payout becomes. A refusal for a short balance is
 * not a failure: the payout waits in the queue for a top-up. A transfer paid and then returned
 * is recorded SUCCEEDED first; its return reopens it apart.
 */
export function stepAfterRailWord(word: RailWord): SendStep {
  switch (word.status) {
    case 'NOT_FOUND':
      return { kind: 'SEND' };
    case 'SUCCEEDED':
    case 'RETURNED':
      return { kind: 'RECORD', status: 'SUCCEEDED' };
    case 'PROCESSING':
      return { kind: 'RECORD', status: 'PROCESSING' };
    case 'FAILED':
      return { kind: 'RECORD', status: word.shortBalance ? 'QUEUED' : 'FAILED' };
  }
}

/** Whether the rail's balance covers the payout (and its fee where the rail says it in advance). */
export function balanceCovers(availableMinor: number, amountMinor: number, feeMinor = 0): boolean {
  return availableMinor >= amountMinor + feeMinor;
}

/** How long a payout the rail holds as PROCESSING waits before it is asked again: 5 s doubling to 10 min. */
export function confirmationDelayMs(asked: number): number {
  return Math.min(600_000, 5_000 * 2 ** Math.min(asked, 7));
}

/** The beneficiary check's answers that stop a payout before any money moves. */
export const BENEFICIARY_REFUSALS = {
  NOT_FOUND: 'BENEFICIARY_NOT_FOUND',
  BLOCKED: 'BENEFICIARY_BLOCKED',
} as const;

export function beneficiaryRefusal(status: string): string | null {
  return (BENEFICIARY_REFUSALS as Record<string, string>)[status] ?? null;
}
