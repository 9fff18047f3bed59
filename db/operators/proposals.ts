import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from './audit.js';
import { closeIfLapsed } from '../approvals/approval-windows.js';
import type { WindowedKind } from '../../domain/approvals/approval-windows.js';

/**
 * A table of proposals under four eyes (control_changes, people_changes): what each holds the same
 * way, and how each is read and written. A proposal records who proposed it and when, and the
 * decision that closed it. At most one waits per target: it is looked up under a row lock, so that
 * two proposals for the same target cannot both pass as the only one. It is closed only while it
 * still waits, so of two racing decisions one finds it closed.
 */

/** Who proposed it and when, and how it was decided. */
export interface Proposal<Status extends string> {
  id: number;
  status: Status;
  proposedByOperatorId: number;
  proposedAt: Date;
  decidedByOperatorId: number | null;
  decidedAt: Date | null;
  comment: string | null;
}

/** The columns of Proposal, as PostgreSQL returns them (bigints as text). */
export interface ProposalRow<Status extends string> {
  id: string;
  status: Status;
  proposed_by: string;
  proposed_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
  comment: string | null;
}

const PROPOSAL_COLUMNS = 'id, status, proposed_by, proposed_at, decided_by, decided_at, comment';

function proposalOf<Status extends string>(row: ProposalRow<Status>): Proposal<Status> {
  return {
    id: Number(row.id),
    status: row.status,
    proposedByOperatorId: Number(row.proposed_by),
    proposedAt: new Date(row.proposed_at),
    decidedByOperatorId: row.decided_by === null ? null : Number(row.decided_by),
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
    comment: row.comment,
  };
}

/** Column values by name; an undefined value leaves its column out (an optional filter). */
type Columns = Record<string, unknown>;

export interface ProposalOutcome<Status extends string> {
  status: Exclude<Status, 'PENDING'>;
  operatorId: number;
  at: Date;
  comment: string | null;
}

export interface ProposalTable<Change extends Proposal<Status>, Status extends string> {
  find(em: EntityManager, id: number, lock?: boolean): Promise<Change | null>;
  /** The proposal waiting on a target (its columns' values), under a row lock. */
  pending(em: EntityManager, target: Columns): Promise<Change | null>;
  /** Newest first. */
  list(
    em: EntityManager,
    filter: Columns,
    page: { page: number; size: number },
  ): Promise<{ items: Change[]; total: number }>;
  /** A new PENDING proposal of these columns' values. */
  insert(em: EntityManager, values: Columns, proposed: { byOperatorId: number; at: Date }): Promise<Change>;
  /** Closes a pending proposal; null when it was no longer pending (a racing decision won). */
  close(em: EntityManager, id: number, outcome: ProposalOutcome<Status>): Promise<Change | null>;
}

/**
 * The reads and writes of one table of proposals. `columns` are its own (beyond Proposal's),
 * `jsonColumns` those of them stored as jsonb; `changeOf` reads a row's own columns, given the
 * Proposal part already read. Column names come from this code only, never from a request.
 */
export function proposalTable<
  Row extends ProposalRow<Status>,
  Change extends Proposal<Status>,
  Status extends string,
>(spec: {
  table: string;
  /** Its kind among the acts with a window (domain/approvals/approval-windows.ts). */
  kind: WindowedKind;
  columns: readonly string[];
  jsonColumns?: readonly string[];
  changeOf: (row: Row, proposal: Proposal<Status>) => Change;
}): ProposalTable<Change, Status> {
  const { table } = spec;
  const selected = `${PROPOSAL_COLUMNS}, ${spec.columns.join(', ')}`;
  const toChange = (row: Row) => spec.changeOf(row, proposalOf(row));
  const where = (columns: Columns) => {
    const given = Object.entries(columns).filter(([, value]) => value !== undefined);
    return {
      conditions: given.map(([column]) => `${column} = ?`),
      params: given.map(([, value]) => value),
    };
  };

  return {
    async find(em, id, lock = false) {
      // Read to be decided: one past its window is closed first, so it is refused as decided.
      if (lock) await closeIfLapsed(em, spec.kind, id);
      const [row] = await em.execute<Row[]>(
        `select ${selected} from ${table} where id = ?${lock ? ' for update' : ''}`,
        [id],
      );
      return row ? toChange(row) : null;
    },

    async pending(em, target) {
      const { conditions, params } = where(target);
      // One past its window no longer stands in a new proposal's way.
      const [waiting] = await em.execute<Array<{ id: string }>>(
        `select id from ${table} where ${[...conditions, `status = 'PENDING'`].join(' and ')}`,
        params,
      );
      if (waiting) await closeIfLapsed(em, spec.kind, Number(waiting.id));
      const [row] = await em.execute<Row[]>(
        `select ${selected} from ${table}
          where ${[...conditions, `status = 'PENDING'`].join(' and ')} for update`,
        params,
      );
      return row ? toChange(row) : null;
    },

    async list(em, filter, { page, size }) {
      const { conditions, params } = where(filter);
      const clause = conditions.length ? `where ${conditions.join(' and ')}` : '';
      const rows = await em.execute<Row[]>(
        `select ${selected} from ${table} ${clause} order by proposed_at desc, id desc limit ? offset ?`,
        [...params, size, (page - 1) * size],
      );
      const [count] = await em.execute<Array<{ total: string }>>(
        `select count(*) as total from ${table} ${clause}`,
        params,
      );
      return { items: rows.map(toChange), total: Number(count?.total ?? 0) };
    },

    async insert(em, values, proposed) {
      const columns = Object.keys(values);
      const placeholders = columns.map((column) => (spec.jsonColumns?.includes(column) ? '?::jsonb' : '?'));
      const params = columns.map((column) =>
        spec.jsonColumns?.includes(column) ? JSON.stringify(values[column]) : values[column],
      );
      const [row] = await em.execute<Row[]>(
        `insert into ${table} (${columns.join(', ')}, status, proposed_by, proposed_at)
         values (${placeholders.join(', ')}, 'PENDING', ?, ?) returning ${selected}`,
        [...params, proposed.byOperatorId, proposed.at],
      );
      return toChange(row!);
    },

    async close(em, id, outcome) {
      const [row] = await em.execute<Row[]>(
        `update ${table} set status = ?, decided_by = ?, decided_at = ?, comment = ?
          where id = ? and status = 'PENDING' returning ${selected}`,
        [outcome.status, outcome.operatorId, outcome.at, outcome.comment, id],
      );
      return row ? toChange(row) : null;
    },
  };
}

/** How a waiting proposal is closed when another replaces it: the caller's table's own close. */
export type SupersedingClose<Closed> = (outcome: {
  status: 'SUPERSEDED';
  operatorId: number;
  at: Date;
  comment: null;
}) => Promise<Closed | null>;

/**
 * The one step every four-eyes queue takes when a new proposal replaces the one waiting (a
 * control change, a rail switch, a request to apply parked money): the waiting one is closed
 * SUPERSEDED by the operator whose proposal replaces it, and the audit log records, in the same
 * transaction, which proposal left the second person's queue with the setting it asked for
 * (`before`) and what replaces it (`after`, given the closed row; null when a racing decision
 * closed it first). Returns the closed proposal, or null.
 */
export async function supersedeWaitingProposal<Closed>(
  tx: EntityManager,
  actor: AuditActor,
  superseding: { close: SupersedingClose<Closed>; operatorId: number; at: Date },
  audit: {
    action: string;
    targetType: string;
    targetId: string | number;
    before: Record<string, unknown>;
    after: (closed: Closed | null) => Record<string, unknown> | null;
  },
): Promise<Closed | null> {
  const closed = await superseding.close({
    status: 'SUPERSEDED',
    operatorId: superseding.operatorId,
    at: superseding.at,
    comment: null,
  });
  await appendAudit(tx, actor, {
    action: audit.action,
    targetType: audit.targetType,
    targetId: audit.targetId,
    before: audit.before,
    after: audit.after(closed),
  });
  return closed;
}
