import type { WaitingKind } from './waiting.js';

/**
 * How long an act may wait for its second person. A proposal is judged against the state it was
 * made in (the control it loosens, the role it grants, the key it asks for): one nobody decided
 * within its window is closed as EXPIRED, so an approval given weeks later never applies a change
 * its requester proposed in another situation, and nothing waits in the queue for ever. An
 * approved key request is collected within its own window, or it expires too: a LIVE money key is
 * never made long after the approval it stands on.
 *
 * Refunds, payouts and batches keep their windows in their own rules (the money's workflow
 * expires them); a reconciliation adjustment waits with its day's exception. The acts below have
 * no workflow of their own: the approvals workflow (workflows/approvals) keeps their windows.
 * Pure: the times come from PostgreSQL.
 */

export const WINDOWED_KINDS = [
  'control-change',
  'rail-switch-change',
  'people-change',
  'attention',
  'key-request',
] as const satisfies readonly WaitingKind[];
export type WindowedKind = (typeof WINDOWED_KINDS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Seven days to decide: a week of leave covers a decider, and a week-old proposal is asked again. */
export const APPROVAL_WINDOW_MS = 7 * DAY_MS;
/** Seven days to collect an approved key. */
export const COLLECTION_WINDOW_MS = 7 * DAY_MS;

/** The status an act closed by its window is left with. */
export const EXPIRED = 'EXPIRED';

/** What PostgreSQL says of one windowed act. */
export interface WindowFacts {
  /** Whether anyone may still act on it: waiting for a decision, or approved and not yet collected. */
  open: boolean;
  /** When its current wait began: the proposal, or (for an approved key) its approval. */
  since: Date | null;
  /** Which wait it is in. */
  waitingFor: 'DECISION' | 'COLLECTION' | null;
  status: string;
}

export type WindowVerdict =
  { kind: 'CLOSED'; status: string } | { kind: 'OPEN'; closesAtMs: number } | { kind: 'LAPSED' };

/** Whether the act is closed, still open (until when), or past its window. */
export function judgeWindow(facts: WindowFacts, nowMs: number): WindowVerdict {
  if (!facts.open || !facts.since || !facts.waitingFor) return { kind: 'CLOSED', status: facts.status };
  const window = facts.waitingFor === 'COLLECTION' ? COLLECTION_WINDOW_MS : APPROVAL_WINDOW_MS;
  const closesAtMs = facts.since.getTime() + window;
  return nowMs >= closesAtMs ? { kind: 'LAPSED' } : { kind: 'OPEN', closesAtMs };
}

export const APPROVAL_WORKFLOW_TYPE = 'approvalWorkflow';

export interface ApprovalWorkflowInput {
  kind: WindowedKind;
  id: number;
}

/** The workflow's signature, for the modules that start it by its type's name. */
export type ApprovalWorkflow = (input: ApprovalWorkflowInput) => Promise<{ status: string }>;

/**
 * `approval-<kind>-<id>-<task queue>`: the acts are numbered by their database, so the task queue
 * (one per deployment) keeps two deployments sharing a Temporal namespace apart.
 */
export const approvalWorkflowId = (taskQueue: string, input: ApprovalWorkflowInput) =>
  `approval-${input.kind}-${input.id}-${taskQueue}`;

export const isWindowedKind = (kind: string): kind is WindowedKind =>
  (WINDOWED_KINDS as readonly string[]).includes(kind);
