import { randomToken } from '../shared/ids.js';
import { isFinal, type PayoutStatus } from './payouts.js';

/**
 * A payout batch's life, as pure rules. A batch holds up to 5,000 lines and is judged as a whole:
 * it may wait for approvers (WAITING_APPROVAL) by its total, then is SCHEDULED for the end of its
 * cancel window; nothing is sent before that. Then its lines' payouts are made (CREATING), each an
 * ordinary payout with its own workflow and rail, followed (PROCESSING) until every one is
 * terminal (COMPLETED). A batch cancelled, rejected or left unapproved in time is CANCELLED and no
 * line of it was ever made.
 */
export const PAYOUT_BATCH_STATUSES = [
  'WAITING_APPROVAL',
  'SCHEDULED',
  'CREATING',
  'PROCESSING',
  'COMPLETED',
  'CANCELLED',
] as const;
export type PayoutBatchStatus = (typeof PAYOUT_BATCH_STATUSES)[number];

const MOVES: Record<PayoutBatchStatus, readonly PayoutBatchStatus[]> = {
  WAITING_APPROVAL: ['SCHEDULED', 'CANCELLED'],
  SCHEDULED: ['CREATING', 'CANCELLED'],
  CREATING: ['PROCESSING'],
  PROCESSING: ['COMPLETED'],
  COMPLETED: [],
  CANCELLED: [],
};

export function batchStatusesBefore(to: PayoutBatchStatus): PayoutBatchStatus[] {
  return PAYOUT_BATCH_STATUSES.filter((from) => MOVES[from].includes(to));
}

/** Before any line's payout exists: the whole batch may still be stopped. */
export function isBatchCancellable(status: PayoutBatchStatus): boolean {
  return status === 'WAITING_APPROVAL' || status === 'SCHEDULED';
}

/** The most lines one batch may hold. */
export const MAX_BATCH_LINES = 5_000;
/** The JSON body of a batch request: 5,000 lines of ~600 bytes each at most. */
export const MAX_BATCH_BODY_BYTES = 3 * 1024 * 1024;

/** `pb_` + 20 characters. */
export function newPayoutBatchReference(): string {
  return `pb_${randomToken(20)}`;
}

export const PAYOUT_BATCH_EVENT_TYPES = ['payout_batch.created', 'payout_batch.completed'] as const;
export type PayoutBatchEventType = (typeof PAYOUT_BATCH_EVENT_TYPES)[number];

/** One line's problem, answered with its 1-based line number and a stable code. */
export interface BatchLineIssue {
  line: number;
  lineReference: string | null;
  errorCode: BatchLineErrorCode;
  field: string | null;
  message: string;
}

export const BATCH_LINE_ERROR_CODES = [
  /** The line is not a valid payout body (its field and message say how). */
  'LINE_INVALID',
  /** Another line of the batch has the same reference. */
  'LINE_REFERENCE_DUPLICATE',
  /** The amount is outside what the beneficiary's rail pays in one transfer. */
  'PAYOUT_AMOUNT_OUT_OF_RANGE',
  /** The beneficiary's rail is not configured for this mode. */
  'RAIL_NOT_CONFIGURED',
  /** The beneficiary's rail is switched off for this mode by operators. */
  'RAIL_SWITCHED_OFF',
] as const;
export type BatchLineErrorCode = (typeof BATCH_LINE_ERROR_CODES)[number];

/** The references that appear on more than one line, each with every line but the first that uses it. */
export function duplicateLineReferences(
  references: readonly string[],
): Array<{ index: number; reference: string }> {
  const seen = new Set<string>();
  const repeats: Array<{ index: number; reference: string }> = [];
  references.forEach((reference, index) => {
    if (seen.has(reference)) repeats.push({ index, reference });
    seen.add(reference);
  });
  return repeats;
}

export interface BatchLineProgress {
  status: PayoutStatus | null;
  amountMinor: number;
}

export interface BatchStatusCount {
  /** The line's payout status, or NOT_CREATED while its payout is not made yet. */
  status: PayoutStatus | 'NOT_CREATED';
  count: number;
  totalMinor: number;
}

/** Counts and amounts per payout status, for the batch's read and its completion summary. */
export function summariseLines(lines: readonly BatchLineProgress[]): BatchStatusCount[] {
  const byStatus = new Map<BatchStatusCount['status'], BatchStatusCount>();
  for (const line of lines) {
    const status = line.status ?? 'NOT_CREATED';
    const entry = byStatus.get(status) ?? { status, count: 0, totalMinor: 0 };
    entry.count += 1;
    entry.totalMinor += line.amountMinor;
    byStatus.set(status, entry);
  }
  return [...byStatus.values()].sort((a, b) => a.status.localeCompare(b.status));
}

/** Whether every line's payout reached a status it leaves only by a return. */
export function allLinesTerminal(lineCount: number, terminalCount: number): boolean {
  return terminalCount >= lineCount;
}

export const isTerminalLine = (status: PayoutStatus) => isFinal(status);
