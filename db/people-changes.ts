import type { EntityManager } from '@mikro-orm/postgresql';
import type { PeopleChangeDetails, PeopleChangeKind, PeopleChangeStatus } from '../domain/people-changes.js';

/** Proposals to change people (table people_changes): at most one PENDING per account (or email) and kind. */

export interface PeopleChange {
  id: number;
  kind: PeopleChangeKind;
  targetOperatorId: number | null;
  details: PeopleChangeDetails;
  status: PeopleChangeStatus;
  proposedByOperatorId: number;
  proposedAt: Date;
  decidedByOperatorId: number | null;
  decidedAt: Date | null;
  comment: string | null;
}

interface Row {
  id: string;
  kind: PeopleChangeKind;
  target_operator_id: string | null;
  details: PeopleChangeDetails;
  status: PeopleChangeStatus;
  proposed_by: string;
  proposed_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
  comment: string | null;
}

const COLUMNS =
  'id, kind, target_operator_id, details, status, proposed_by, proposed_at, decided_by, decided_at, comment';

function toChange(row: Row): PeopleChange {
  return {
    id: Number(row.id),
    kind: row.kind,
    targetOperatorId: row.target_operator_id === null ? null : Number(row.target_operator_id),
    details: row.details,
    status: row.status,
    proposedByOperatorId: Number(row.proposed_by),
    proposedAt: new Date(row.proposed_at),
    decidedByOperatorId: row.decided_by === null ? null : Number(row.decided_by),
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
    comment: row.comment,
  };
}

/** The key one pending proposal per target holds: the account's id, or the email to be created. */
export function targetKey(targetOperatorId: number | null, email: string): string {
  return targetOperatorId === null ? `email:${email}` : `operator:${targetOperatorId}`;
}

export async function findPeopleChange(
  em: EntityManager,
  id: number,
  lock = false,
): Promise<PeopleChange | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from people_changes where id = ?${lock ? ' for update' : ''}`,
    [id],
  );
  return row ? toChange(row) : null;
}

export async function pendingPeopleChange(
  em: EntityManager,
  key: string,
  kind: PeopleChangeKind,
): Promise<PeopleChange | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from people_changes where target_key = ? and kind = ? and status = 'PENDING' for update`,
    [key, kind],
  );
  return row ? toChange(row) : null;
}

/** Newest first. */
export async function listPeopleChanges(
  em: EntityManager,
  filter: { status?: PeopleChangeStatus | undefined; page: number; size: number },
): Promise<{ items: PeopleChange[]; total: number }> {
  const clause = filter.status ? 'where status = ?' : '';
  const params = filter.status ? [filter.status] : [];
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from people_changes ${clause} order by proposed_at desc, id desc limit ? offset ?`,
    [...params, filter.size, (filter.page - 1) * filter.size],
  );
  const [count] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from people_changes ${clause}`,
    params,
  );
  return { items: rows.map(toChange), total: Number(count?.total ?? 0) };
}

export async function insertPeopleChange(
  em: EntityManager,
  change: {
    targetOperatorId: number | null;
    details: PeopleChangeDetails;
    proposedByOperatorId: number;
    at: Date;
  },
): Promise<PeopleChange> {
  const [row] = await em.execute<Row[]>(
    `insert into people_changes (kind, target_operator_id, target_key, details, status, proposed_by, proposed_at)
     values (?, ?, ?, ?::jsonb, 'PENDING', ?, ?) returning ${COLUMNS}`,
    [
      change.details.kind,
      change.targetOperatorId,
      targetKey(change.targetOperatorId, change.details.email),
      JSON.stringify(change.details),
      change.proposedByOperatorId,
      change.at,
    ],
  );
  return toChange(row!);
}

/** Closes a pending proposal; null when it was no longer pending (a racing decision won). */
export async function closePeopleChange(
  em: EntityManager,
  id: number,
  outcome: {
    status: Exclude<PeopleChangeStatus, 'PENDING'>;
    operatorId: number;
    at: Date;
    comment: string | null;
  },
): Promise<PeopleChange | null> {
  const [row] = await em.execute<Row[]>(
    `update people_changes set status = ?, decided_by = ?, decided_at = ?, comment = ?
      where id = ? and status = 'PENDING' returning ${COLUMNS}`,
    [outcome.status, outcome.operatorId, outcome.at, outcome.comment, id],
  );
  return row ? toChange(row) : null;
}
