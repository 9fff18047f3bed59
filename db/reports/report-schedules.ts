import type { EntityManager } from '@mikro-orm/postgresql';
import type { Cadence } from '../../domain/reports/report-schedules.js';
import type { ReportFormat, ReportType } from '../../domain/reports/report-types.js';
import type { Mode } from '../../domain/shared/mode.js';
import { instant, json, type Row } from '../../platform/orm/row-values.js';

/** Finance's report schedules (report_schedules). A deleted schedule keeps its row for its runs' sake. */

/** Where an SFTP delivery goes; the service signs in with its own key (REPORT_SFTP_PRIVATE_KEY_FILE). */
export interface SftpDestination {
  host: string;
  port: number;
  username: string;
  directory: string;
  /** The server's host key as OpenSSH prints it ("SHA256:…"): any other key is refused. */
  hostKeySha256: string;
}

export interface ReportScheduleInput {
  name: string;
  type: ReportType;
  format: ReportFormat;
  mode: Mode;
  appId: number | null;
  /** The list filters the report keeps (a saved view's, without its dates). */
  filters: Record<string, unknown>;
  savedViewId: number | null;
  cadence: Cadence;
  at: string;
  weekday: number | null;
  monthDay: number | null;
  delivery: 'EMAIL' | 'SFTP';
  recipients: string[];
  sftp: SftpDestination | null;
}

export interface ReportSchedule extends ReportScheduleInput {
  id: number;
  createdBy: string;
  createdAt: Date;
  pausedAt: Date | null;
  deletedAt: Date | null;
}

const COLUMNS = `id, name, type, format, mode, app_id, filters, saved_view_id, cadence, at_time, weekday, month_day,
  delivery, recipients, sftp_target, created_by, created_at, paused_at, deleted_at`;

function scheduleOf(row: Row): ReportSchedule {
  return {
    id: Number(row.id),
    name: String(row.name),
    type: row.type as ReportType,
    format: row.format as ReportFormat,
    mode: row.mode as Mode,
    appId: row.app_id === null ? null : Number(row.app_id),
    filters: json<Record<string, unknown>>(row.filters),
    savedViewId: row.saved_view_id === null ? null : Number(row.saved_view_id),
    cadence: row.cadence as Cadence,
    at: String(row.at_time),
    weekday: row.weekday === null ? null : Number(row.weekday),
    monthDay: row.month_day === null ? null : Number(row.month_day),
    delivery: row.delivery as 'EMAIL' | 'SFTP',
    recipients: (row.recipients as string[] | null) ?? [],
    sftp: row.sftp_target === null ? null : json<SftpDestination>(row.sftp_target),
    createdBy: String(row.created_by),
    createdAt: instant(row.created_at)!,
    pausedAt: instant(row.paused_at),
    deletedAt: instant(row.deleted_at),
  };
}

export async function insertReportSchedule(
  em: EntityManager,
  input: ReportScheduleInput,
  createdBy: string,
): Promise<ReportSchedule> {
  const [row] = await em.execute<Row[]>(
    `insert into report_schedules (name, type, format, mode, app_id, filters, saved_view_id, cadence, at_time, weekday,
       month_day, delivery, recipients, sftp_target, created_by)
     values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)), ?::jsonb, ?)
     returning ${COLUMNS}`,
    [
      input.name,
      input.type,
      input.format,
      input.mode,
      input.appId,
      JSON.stringify(input.filters),
      input.savedViewId,
      input.cadence,
      input.at,
      input.weekday,
      input.monthDay,
      input.delivery,
      JSON.stringify(input.recipients),
      input.sftp === null ? null : JSON.stringify(input.sftp),
      createdBy,
    ],
  );
  return scheduleOf(row!);
}

export async function findReportSchedule(em: EntityManager, id: number): Promise<ReportSchedule | null> {
  const [row] = await em.execute<Row[]>(`select ${COLUMNS} from report_schedules where id = ?`, [id]);
  return row ? scheduleOf(row) : null;
}

/** Schedules not deleted, by name. */
export async function listReportSchedules(em: EntityManager): Promise<ReportSchedule[]> {
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from report_schedules where deleted_at is null order by lower(name), id`,
  );
  return rows.map(scheduleOf);
}

/**
 * Schedules whose workflow the API did not get to start (Temporal was away when they were made),
 * older than `settledBefore` so a start in flight is not raced.
 */
export async function schedulesAwaitingWorkflow(
  em: EntityManager,
  settledBefore: Date,
  limit: number,
): Promise<number[]> {
  const rows = await em.execute<Row[]>(
    `select id from report_schedules where deleted_at is null and not workflow_started and created_at < ?
     order by id limit ?`,
    [settledBefore, limit],
  );
  return rows.map((r) => Number(r.id));
}

export async function markScheduleWorkflowStarted(em: EntityManager, id: number): Promise<void> {
  await em.execute('update report_schedules set workflow_started = true where id = ?', [id]);
}

/** Pauses or resumes; answers the schedule as it was before and is now (null when gone). */
export async function setReportSchedulePaused(
  em: EntityManager,
  id: number,
  paused: boolean,
): Promise<{ before: ReportSchedule; after: ReportSchedule } | null> {
  return em.transactional(async (tx) => {
    const [locked] = await tx.execute<Row[]>(
      `select ${COLUMNS} from report_schedules where id = ? and deleted_at is null for update`,
      [id],
    );
    if (!locked) return null;
    const [row] = await tx.execute<Row[]>(
      `update report_schedules set paused_at = case when ? then coalesce(paused_at, now()) else null end,
         updated_at = now() where id = ? returning ${COLUMNS}`,
      [paused, id],
    );
    return { before: scheduleOf(locked), after: scheduleOf(row!) };
  });
}

/** Deletes a schedule (its runs stay, kept their 90 days); null when it was gone already. */
export async function deleteReportSchedule(em: EntityManager, id: number): Promise<ReportSchedule | null> {
  const [row] = await em.execute<Row[]>(
    `update report_schedules set deleted_at = now(), updated_at = now() where id = ? and deleted_at is null
     returning ${COLUMNS}`,
    [id],
  );
  return row ? scheduleOf(row) : null;
}
