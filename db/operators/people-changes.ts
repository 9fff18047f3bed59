import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  PeopleChangeDetails,
  PeopleChangeKind,
  PeopleChangeStatus,
} from '../../domain/operators/people-changes.js';
import { proposalTable, type Proposal, type ProposalOutcome, type ProposalRow } from './proposals.js';

/** Proposals to change people (table people_changes): at most one PENDING per account (or email) and kind. */

export interface PeopleChange extends Proposal<PeopleChangeStatus> {
  kind: PeopleChangeKind;
  targetOperatorId: number | null;
  details: PeopleChangeDetails;
}

interface Row extends ProposalRow<PeopleChangeStatus> {
  kind: PeopleChangeKind;
  target_operator_id: string | null;
  details: PeopleChangeDetails;
}

const changes = proposalTable<Row, PeopleChange, PeopleChangeStatus>({
  table: 'people_changes',
  kind: 'people-change',
  columns: ['kind', 'target_operator_id', 'details'],
  jsonColumns: ['details'],
  changeOf: (row, proposal) => ({
    ...proposal,
    kind: row.kind,
    targetOperatorId: row.target_operator_id === null ? null : Number(row.target_operator_id),
    details: row.details,
  }),
});

/** The key one pending proposal per target holds: the account's id, or the email to be created. */
export function targetKey(targetOperatorId: number | null, email: string): string {
  return targetOperatorId === null ? `email:${email}` : `operator:${targetOperatorId}`;
}

export function findPeopleChange(em: EntityManager, id: number, lock = false): Promise<PeopleChange | null> {
  return changes.find(em, id, lock);
}

export function pendingPeopleChange(
  em: EntityManager,
  key: string,
  kind: PeopleChangeKind,
): Promise<PeopleChange | null> {
  return changes.pending(em, { target_key: key, kind });
}

/** Newest first. */
export function listPeopleChanges(
  em: EntityManager,
  filter: { status?: PeopleChangeStatus | undefined; page: number; size: number },
): Promise<{ items: PeopleChange[]; total: number }> {
  return changes.list(em, { status: filter.status }, filter);
}

export function insertPeopleChange(
  em: EntityManager,
  change: {
    targetOperatorId: number | null;
    details: PeopleChangeDetails;
    proposedByOperatorId: number;
    at: Date;
  },
): Promise<PeopleChange> {
  return changes.insert(
    em,
    {
      kind: change.details.kind,
      target_operator_id: change.targetOperatorId,
      target_key: targetKey(change.targetOperatorId, change.details.email),
      details: change.details,
    },
    { byOperatorId: change.proposedByOperatorId, at: change.at },
  );
}

/** Closes a pending proposal; null when it was no longer pending (a racing decision won). */
export function closePeopleChange(
  em: EntityManager,
  id: number,
  outcome: ProposalOutcome<PeopleChangeStatus>,
): Promise<PeopleChange | null> {
  return changes.close(em, id, outcome);
}

/** Names the account an approved people change created, once the approval has created it. */
export async function setPeopleChangeTarget(
  em: EntityManager,
  changeId: number,
  operatorId: number,
): Promise<void> {
  await em.execute('update people_changes set target_operator_id = ? where id = ?', [operatorId, changeId]);
}
