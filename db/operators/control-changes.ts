import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  ControlChangeStatus,
  ControlKind,
  ControlValue,
} from '../../domain/operators/control-changes.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { ApprovalPolicy } from '../../domain/refunds/refund-approval.js';
import { rulesFromPolicy } from '../../domain/refunds/refund-approval-rules.js';
import { proposalTable, type Proposal, type ProposalOutcome, type ProposalRow } from './proposals.js';

/** Proposals to loosen a control (table control_changes): at most one PENDING per app, mode and control. */

export interface ControlChange extends Proposal<ControlChangeStatus> {
  appId: number;
  mode: Mode;
  kind: ControlKind;
  currentValue: ControlValue;
  proposedValue: ControlValue;
}

interface Row extends ProposalRow<ControlChangeStatus> {
  app_id: string;
  mode: Mode;
  kind: ControlKind;
  current_value: ControlValue;
  proposed_value: ControlValue;
}

/**
 * A stored setting as the code knows it now: proposals recorded while a refund approval was one
 * rule and threshold (`policy`) read as the rules that hold the same refunds.
 */
function storedValue(value: ControlValue): ControlValue {
  const legacy = value as { kind: string; policy?: ApprovalPolicy; rules?: unknown };
  if (legacy.kind === 'REFUND_APPROVAL' && legacy.rules === undefined && legacy.policy) {
    return { kind: 'REFUND_APPROVAL', rules: rulesFromPolicy(legacy.policy) };
  }
  return value;
}

const changes = proposalTable<Row, ControlChange, ControlChangeStatus>({
  table: 'control_changes',
  kind: 'control-change',
  columns: ['app_id', 'mode', 'kind', 'current_value', 'proposed_value'],
  jsonColumns: ['current_value', 'proposed_value'],
  changeOf: (row, proposal) => ({
    ...proposal,
    appId: Number(row.app_id),
    mode: row.mode,
    kind: row.kind,
    currentValue: storedValue(row.current_value),
    proposedValue: storedValue(row.proposed_value),
  }),
});

export function findControlChange(
  em: EntityManager,
  id: number,
  lock = false,
): Promise<ControlChange | null> {
  return changes.find(em, id, lock);
}

export function pendingControlChange(
  em: EntityManager,
  target: { appId: number; mode: Mode; kind: ControlKind },
): Promise<ControlChange | null> {
  return changes.pending(em, { app_id: target.appId, mode: target.mode, kind: target.kind });
}

export interface ControlChangeFilter {
  status?: ControlChangeStatus | undefined;
  appId?: number | undefined;
  page: number;
  size: number;
}

/** Newest first. */
export function listControlChanges(
  em: EntityManager,
  filter: ControlChangeFilter,
): Promise<{ items: ControlChange[]; total: number }> {
  return changes.list(em, { status: filter.status, app_id: filter.appId }, filter);
}

export function insertControlChange(
  em: EntityManager,
  change: Pick<
    ControlChange,
    'appId' | 'mode' | 'kind' | 'currentValue' | 'proposedValue' | 'proposedByOperatorId'
  > & {
    at: Date;
  },
): Promise<ControlChange> {
  return changes.insert(
    em,
    {
      app_id: change.appId,
      mode: change.mode,
      kind: change.kind,
      current_value: change.currentValue,
      proposed_value: change.proposedValue,
    },
    { byOperatorId: change.proposedByOperatorId, at: change.at },
  );
}

/** Closes a pending change; null when it was no longer pending (a racing decision won). */
export function closeControlChange(
  em: EntityManager,
  id: number,
  outcome: ProposalOutcome<ControlChangeStatus>,
): Promise<ControlChange | null> {
  return changes.close(em, id, outcome);
}
