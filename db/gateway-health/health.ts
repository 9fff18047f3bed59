import type { EntityManager } from '@mikro-orm/postgresql';
import type { HealthState, HealthStatus } from '../../domain/gateway-health/health-rules.js';
import type { Mode } from '../../domain/shared/mode.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';

/**
 * The current health of each gateway and mode (gateway_health) as the periodic evaluation last
 * decided it, and every change of it (gateway_health_changes). The checkout, the status page and
 * the events read these rows: none of them recomputes health.
 */

export interface StoredHealth extends HealthState {
  gateway: string;
  mode: Mode;
  calls: number;
  failures: number;
  evaluatedAt: Date;
}

function healthFromRow(row: Row): StoredHealth {
  return {
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    status: row.status as HealthStatus,
    since: instant(row.since)!,
    troubleAt: instant(row.trouble_at),
    maintenanceWindowId: row.maintenance_window_id === null ? null : Number(row.maintenance_window_id),
    calls: Number(row.calls),
    failures: Number(row.failures),
    evaluatedAt: instant(row.evaluated_at)!,
  };
}

const HEALTH_COLUMNS =
  'gateway, mode, status, since, trouble_at, maintenance_window_id, calls, failures, evaluated_at';

/** Every gateway's health row (in one mode, or both); a gateway without one was never evaluated. */
export async function currentHealth(em: EntityManager, mode?: Mode): Promise<StoredHealth[]> {
  const rows = await em.execute<Row[]>(
    `select ${HEALTH_COLUMNS} from gateway_health ${mode ? 'where mode = ?' : ''} order by mode, gateway`,
    mode ? [mode] : [],
  );
  return rows.map(healthFromRow);
}

/** The rows, locked for the evaluation that is about to decide them. */
export async function lockHealth(tx: EntityManager): Promise<Map<string, StoredHealth>> {
  const rows = await tx.execute<Row[]>(`select ${HEALTH_COLUMNS} from gateway_health for update`);
  return new Map(rows.map((row) => [`${String(row.gateway)}|${String(row.mode)}`, healthFromRow(row)]));
}

export async function saveHealth(tx: EntityManager, health: StoredHealth): Promise<void> {
  await tx.execute(
    `insert into gateway_health (${HEALTH_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (gateway, mode) do update set status = excluded.status, since = excluded.since,
       trouble_at = excluded.trouble_at, maintenance_window_id = excluded.maintenance_window_id,
       calls = excluded.calls, failures = excluded.failures, evaluated_at = excluded.evaluated_at`,
    [
      health.gateway,
      health.mode,
      health.status,
      health.since,
      health.troubleAt,
      health.maintenanceWindowId,
      health.calls,
      health.failures,
      health.evaluatedAt,
    ],
  );
}

export interface HealthChange {
  id: number;
  gateway: string;
  mode: Mode;
  previousStatus: HealthStatus;
  status: HealthStatus;
  reason: string;
  calls: number;
  failures: number;
  maintenanceWindowId: number | null;
  changedAt: Date;
}

function changeFromRow(row: Row): HealthChange {
  return {
    id: Number(row.id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    previousStatus: row.previous_status as HealthStatus,
    status: row.status as HealthStatus,
    reason: String(row.reason),
    calls: Number(row.calls),
    failures: Number(row.failures),
    maintenanceWindowId: row.maintenance_window_id === null ? null : Number(row.maintenance_window_id),
    changedAt: instant(row.changed_at)!,
  };
}

export async function recordHealthChange(
  tx: EntityManager,
  change: Omit<HealthChange, 'id'>,
): Promise<HealthChange> {
  const [row] = await tx.execute<Row[]>(
    `insert into gateway_health_changes
       (gateway, mode, previous_status, status, reason, calls, failures, maintenance_window_id, changed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
    [
      change.gateway,
      change.mode,
      change.previousStatus,
      change.status,
      change.reason,
      change.calls,
      change.failures,
      change.maintenanceWindowId,
      change.changedAt,
    ],
  );
  return changeFromRow(row!);
}

/** The latest changes since `since`, newest first. */
export async function recentHealthChanges(
  em: EntityManager,
  since: Date,
  limit: number,
): Promise<HealthChange[]> {
  const rows = await em.execute<Row[]>(
    `select * from gateway_health_changes where changed_at >= ? order by changed_at desc, id desc limit ?`,
    [since, limit],
  );
  return rows.map(changeFromRow);
}

/** The apps a change is told to: every active app (each reads `data.gateway` for its own). */
export async function activeAppIds(tx: EntityManager): Promise<number[]> {
  const rows = await tx.execute<Row[]>(`select id from apps where status = 'ACTIVE' order by id`);
  return rows.map((row) => Number(row.id));
}

export interface MaintenanceWindow {
  id: number;
  gateway: string;
  mode: Mode;
  startsAt: Date;
  endsAt: Date;
  note: string;
  createdBy: string;
  createdAt: Date;
  cancelledAt: Date | null;
  cancelledBy: string | null;
}

function windowFromRow(row: Row): MaintenanceWindow {
  return {
    id: Number(row.id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    startsAt: instant(row.starts_at)!,
    endsAt: instant(row.ends_at)!,
    note: String(row.note),
    createdBy: String(row.created_by),
    createdAt: instant(row.created_at)!,
    cancelledAt: instant(row.cancelled_at),
    cancelledBy: text(row.cancelled_by),
  };
}

export async function insertMaintenanceWindow(
  tx: EntityManager,
  input: { gateway: string; mode: Mode; startsAt: Date; endsAt: Date; note: string; createdBy: string },
): Promise<MaintenanceWindow> {
  const [row] = await tx.execute<Row[]>(
    `insert into gateway_maintenance_windows (gateway, mode, starts_at, ends_at, note, created_by)
     values (?, ?, ?, ?, ?, ?) returning *`,
    [input.gateway, input.mode, input.startsAt, input.endsAt, input.note, input.createdBy],
  );
  return windowFromRow(row!);
}

/** Cancels a window not yet over; null when there is no such window (or it was cancelled or is over). */
export async function cancelMaintenanceWindow(
  tx: EntityManager,
  input: { id: number; by: string; at: Date },
): Promise<{ before: MaintenanceWindow; after: MaintenanceWindow } | null> {
  const [found] = await tx.execute<Row[]>(
    'select * from gateway_maintenance_windows where id = ? for update',
    [input.id],
  );
  if (!found) return null;
  const before = windowFromRow(found);
  if (before.cancelledAt !== null || before.endsAt.getTime() <= input.at.getTime()) return null;
  const [row] = await tx.execute<Row[]>(
    `update gateway_maintenance_windows set cancelled_at = ?, cancelled_by = ? where id = ? returning *`,
    [input.at, input.by, input.id],
  );
  return { before, after: windowFromRow(row!) };
}

/** Windows not cancelled that have not ended by `at` (in force or upcoming), soonest first. */
export async function openMaintenanceWindows(em: EntityManager, at: Date): Promise<MaintenanceWindow[]> {
  const rows = await em.execute<Row[]>(
    `select * from gateway_maintenance_windows where cancelled_at is null and ends_at > ?
      order by starts_at, id`,
    [at],
  );
  return rows.map(windowFromRow);
}

/** The latest windows, whatever their state, newest first (the dashboard's list). */
export async function latestMaintenanceWindows(
  em: EntityManager,
  limit: number,
): Promise<MaintenanceWindow[]> {
  const rows = await em.execute<Row[]>(
    'select * from gateway_maintenance_windows order by starts_at desc, id desc limit ?',
    [limit],
  );
  return rows.map(windowFromRow);
}
