import type { EntityManager } from '@mikro-orm/postgresql';
import type { ControlChangeStatus, ControlKind, ControlValue } from '../domain/control-changes.js';
import type { Mode } from '../domain/mode.js';
import type { ApprovalPolicy } from '../domain/refund-approval.js';
import { rulesFromPolicy } from '../domain/refund-approval-rules.js';

/** Proposals to loosen a control (table control_changes): at most one PENDING per app, mode and control. */

export interface ControlChange {
  id: number;
  appId: number;
  mode: Mode;
  kind: ControlKind;
  currentValue: ControlValue;
  proposedValue: ControlValue;
  status: ControlChangeStatus;
  proposedByOperatorId: number;
  proposedAt: Date;
  decidedByOperatorId: number | null;
  decidedAt: Date | null;
  comment: string | null;
}

interface Row {
  id: string;
  app_id: string;
  mode: Mode;
  kind: ControlKind;
  current_value: ControlValue;
  proposed_value: ControlValue;
  status: ControlChangeStatus;
  proposed_by: string;
  proposed_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
  comment: string | null;
}

const COLUMNS =
  'id, app_id, mode, kind, current_value, proposed_value, status, proposed_by, proposed_at, decided_by, decided_at, comment';

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

function toChange(row: Row): ControlChange {
  return {
    id: Number(row.id),
    appId: Number(row.app_id),
    mode: row.mode,
    kind: row.kind,
    currentValue: storedValue(row.current_value),
    proposedValue: storedValue(row.proposed_value),
    status: row.status,
    proposedByOperatorId: Number(row.proposed_by),
    proposedAt: new Date(row.proposed_at),
    decidedByOperatorId: row.decided_by === null ? null : Number(row.decided_by),
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
    comment: row.comment,
  };
}

export async function findControlChange(
  em: EntityManager,
  id: number,
  lock = false,
): Promise<ControlChange | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from control_changes where id = ?${lock ? ' for update' : ''}`,
    [id],
  );
  return row ? toChange(row) : null;
}

export async function pendingControlChange(
  em: EntityManager,
  target: { appId: number; mode: Mode; kind: ControlKind },
): Promise<ControlChange | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from control_changes
      where app_id = ? and mode = ? and kind = ? and status = 'PENDING' for update`,
    [target.appId, target.mode, target.kind],
  );
  return row ? toChange(row) : null;
}

export interface ControlChangeFilter {
  status?: ControlChangeStatus | undefined;
  appId?: number | undefined;
  page: number;
  size: number;
}

/** Newest first. */
export async function listControlChanges(
  em: EntityManager,
  filter: ControlChangeFilter,
): Promise<{ items: ControlChange[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.appId !== undefined) {
    where.push('app_id = ?');
    params.push(filter.appId);
  }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from control_changes ${clause} order by proposed_at desc, id desc limit ? offset ?`,
    [...params, filter.size, (filter.page - 1) * filter.size],
  );
  const [count] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from control_changes ${clause}`,
    params,
  );
  return { items: rows.map(toChange), total: Number(count?.total ?? 0) };
}

export async function insertControlChange(
  em: EntityManager,
  change: Pick<
    ControlChange,
    'appId' | 'mode' | 'kind' | 'currentValue' | 'proposedValue' | 'proposedByOperatorId'
  > & {
    at: Date;
  },
): Promise<ControlChange> {
  const [row] = await em.execute<Row[]>(
    `insert into control_changes (app_id, mode, kind, current_value, proposed_value, status, proposed_by, proposed_at)
     values (?, ?, ?, ?::jsonb, ?::jsonb, 'PENDING', ?, ?) returning ${COLUMNS}`,
    [
      change.appId,
      change.mode,
      change.kind,
      JSON.stringify(change.currentValue),
      JSON.stringify(change.proposedValue),
      change.proposedByOperatorId,
      change.at,
    ],
  );
  return toChange(row!);
}

/** Closes a pending change; null when it was no longer pending (a racing decision won). */
export async function closeControlChange(
  em: EntityManager,
  id: number,
  outcome: {
    status: Exclude<ControlChangeStatus, 'PENDING'>;
    operatorId: number;
    at: Date;
    comment: string | null;
  },
): Promise<ControlChange | null> {
  const [row] = await em.execute<Row[]>(
    `update control_changes set status = ?, decided_by = ?, decided_at = ?, comment = ?
      where id = ? and status = 'PENDING' returning ${COLUMNS}`,
    [outcome.status, outcome.operatorId, outcome.at, outcome.comment, id],
  );
  return row ? toChange(row) : null;
}
