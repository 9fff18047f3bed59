import type { EntityManager } from '@mikro-orm/postgresql';
import { produceReportRun } from '../../../activities/reports/produce-report.js';
import { findApp } from '../../../db/apps/apps.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import {
  findReportRun,
  reportRunContent,
  reportRunsPage as reportRunsPageOf,
  type ReportRun,
} from '../../../db/reports/report-runs.js';
import {
  deleteReportSchedule,
  findReportSchedule,
  insertReportSchedule,
  listReportSchedules,
  setReportSchedulePaused,
  type ReportSchedule,
} from '../../../db/reports/report-schedules.js';
import { describeTiming, nextRunAt, periodOfRun } from '../../../domain/reports/report-schedules.js';
import type { ReportFormat, ReportType } from '../../../domain/reports/report-types.js';
import type { Context } from 'koa';
import { sendReportFile } from '../../reports/file-answer.js';
import { companyZone } from '../../../domain/shared/company-time.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { currentTime, type RouteDeps } from '../../deps.js';
import { savedViewReportFilters } from './saved-view-filters.js';
import type { CreateScheduleBody, RunReportBody } from './schemas.js';

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;
const zoneOf = (deps: Pick<RouteDeps, 'config'>) => companyZone(deps.config.COMPANY_TIME_ZONE);

async function checkScope(deps: RouteDeps, body: { type: ReportType; appId: number | null }): Promise<void> {
  if (body.type === 'statement' && body.appId === null) {
    throw new ApiError('VALIDATION_ERROR', 'appId: a statement is of one app', [
      { field: 'appId', message: 'a statement is of one app' },
    ]);
  }
  if ((body.type === 'journal' || body.type === 'settlement-days') && body.appId !== null) {
    throw new ApiError('VALIDATION_ERROR', `appId: the ${body.type} report covers every app`, [
      { field: 'appId', message: `the ${body.type} report covers every app` },
    ]);
  }
  if (body.appId !== null && !(await findApp(em(deps), body.appId))) throw new ApiError('APP_NOT_FOUND');
}

/**
 * The report's filters and app: a saved view's (its app when the body names none), or none. The
 * scope is checked after, so a view's app counts as if named.
 */
async function definitionOf<B extends { type: ReportType; savedViewId: number | null; appId: number | null }>(
  deps: RouteDeps,
  body: B,
): Promise<{ body: B; filters: Record<string, unknown> }> {
  if (body.savedViewId === null) {
    await checkScope(deps, body);
    return { body, filters: {} };
  }
  const view = await savedViewReportFilters(em(deps), body.savedViewId, body.type);
  const defined = { ...body, appId: body.appId ?? view.appId };
  await checkScope(deps, defined);
  return { body: defined, filters: view.filters };
}

/** Runs a report now for an operator: the rows as they are this minute, kept 90 days, audited. */
export async function runReport(
  deps: RouteDeps,
  actor: AuditActor,
  asked: RunReportBody,
): Promise<ReportRun> {
  const { body, filters } = await definitionOf(deps, asked);
  const { run } = await produceReportRun(
    em(deps),
    zoneOf(deps),
    {
      type: body.type,
      format: body.format,
      mode: body.mode,
      appId: body.appId,
      from: body.from,
      to: body.to,
      filters,
      scheduleId: null,
      idempotencyKey: null,
      deliveryStatus: 'NONE',
    },
    actor,
    currentTime(deps),
  );
  return run;
}

/** A schedule as the API and the dashboard show it: when it runs, in words, and next. */
export function scheduleView(schedule: ReportSchedule, zone: string, now: Date) {
  return {
    ...schedule,
    when: describeTiming(schedule),
    nextRunAt: schedule.pausedAt || schedule.deletedAt ? null : nextRunAt(schedule, now, zone),
    zone,
  };
}
export type ScheduleView = ReturnType<typeof scheduleView>;

export async function reportSchedules(deps: RouteDeps): Promise<ScheduleView[]> {
  const now = currentTime(deps);
  return (await listReportSchedules(em(deps))).map((s) => scheduleView(s, zoneOf(deps), now));
}

async function scheduleOr404(deps: RouteDeps, id: number): Promise<ReportSchedule> {
  const schedule = await findReportSchedule(em(deps), id);
  if (!schedule || schedule.deletedAt) throw new ApiError('REPORT_SCHEDULE_NOT_FOUND');
  return schedule;
}

/** Wakes the workflow; one that is not running yet reads the row when the sweeper starts it. */
async function tellWorkflow(deps: RouteDeps, id: number): Promise<void> {
  await deps.orchestrator.reportScheduleChanged(id).catch((error: unknown) => {
    deps.logger.warn({ err: error, scheduleId: id }, 'report schedule workflow not told of a change');
  });
}

/** Saves a schedule (audited) and starts its workflow; the sweeper starts it if Temporal is away. */
export async function createReportSchedule(
  deps: RouteDeps,
  actor: AuditActor,
  asked: CreateScheduleBody,
): Promise<ScheduleView> {
  if (asked.delivery === 'SFTP' && !deps.config.REPORT_SFTP_PRIVATE_KEY_FILE)
    throw new ApiError('REPORT_SFTP_NOT_CONFIGURED');
  const { body, filters } = await definitionOf(deps, asked);
  const schedule = await em(deps).transactional(async (tx) => {
    const saved = await insertReportSchedule(
      tx as EntityManager,
      {
        name: body.name,
        type: body.type,
        format: body.format,
        mode: body.mode,
        appId: body.appId,
        filters,
        savedViewId: body.savedViewId,
        cadence: body.cadence,
        at: body.at,
        weekday: body.weekday,
        monthDay: body.monthDay,
        delivery: body.delivery,
        recipients: body.delivery === 'EMAIL' ? body.recipients : [],
        sftp: body.sftp,
      },
      actor.label,
    );
    await appendAudit(tx as EntityManager, actor, {
      action: 'report.schedule_created',
      targetType: 'report_schedule',
      targetId: saved.id,
      after: { ...saved, when: describeTiming(saved) },
    });
    return saved;
  });
  await deps.orchestrator.startReportSchedule(em(deps), schedule.id).catch((error: unknown) => {
    deps.logger.warn(
      { err: error, scheduleId: schedule.id },
      'report schedule workflow not started; the sweeper starts it',
    );
  });
  return scheduleView(schedule, zoneOf(deps), currentTime(deps));
}

export async function pauseReportSchedule(
  deps: RouteDeps,
  actor: AuditActor,
  id: number,
  paused: boolean,
): Promise<ScheduleView> {
  const changed = await setReportSchedulePaused(em(deps), id, paused);
  if (!changed) throw new ApiError('REPORT_SCHEDULE_NOT_FOUND');
  await appendAudit(em(deps), actor, {
    action: paused ? 'report.schedule_paused' : 'report.schedule_resumed',
    targetType: 'report_schedule',
    targetId: id,
    before: { pausedAt: changed.before.pausedAt },
    after: { pausedAt: changed.after.pausedAt },
  });
  await tellWorkflow(deps, id);
  return scheduleView(changed.after, zoneOf(deps), currentTime(deps));
}

export async function removeReportSchedule(
  deps: RouteDeps,
  actor: AuditActor,
  id: number,
): Promise<ScheduleView> {
  const removed = await deleteReportSchedule(em(deps), id);
  if (!removed) throw new ApiError('REPORT_SCHEDULE_NOT_FOUND');
  await appendAudit(em(deps), actor, {
    action: 'report.schedule_deleted',
    targetType: 'report_schedule',
    targetId: id,
    before: { name: removed.name, type: removed.type, when: describeTiming(removed) },
  });
  await tellWorkflow(deps, id);
  return scheduleView(removed, zoneOf(deps), currentTime(deps));
}

/**
 * Makes and delivers the schedule's last whole period now (its workflow makes the same run later
 * without a second file or a second email); answers the period and the workflow.
 */
export async function runScheduleNow(deps: RouteDeps, actor: AuditActor, id: number) {
  const schedule = await scheduleOr404(deps, id);
  const now = currentTime(deps);
  const period = periodOfRun(schedule.cadence, now, zoneOf(deps));
  const workflowId = await deps.orchestrator.runReportNow(schedule.id, period, now);
  await appendAudit(em(deps), actor, {
    action: 'report.schedule_run_now',
    targetType: 'report_schedule',
    targetId: id,
    after: { ...period, workflowId },
  });
  return { scheduleId: id, ...period, workflowId };
}

export async function reportRunsPage(
  deps: RouteDeps,
  query: {
    type?: ReportType | undefined;
    mode?: 'TEST' | 'LIVE' | undefined;
    appId?: number | undefined;
    scheduleId?: number | undefined;
    size: number;
    after?: string | undefined;
  },
) {
  const { size, after, ...asked } = query;
  const filters = Object.fromEntries(Object.entries(asked).filter(([, value]) => value !== undefined));
  const page = await reportRunsPageOf(em(deps), filters, { size, after });
  if (!page) throw new ApiError('REPORT_RUN_NOT_FOUND');
  return page;
}

/** A kept run, without its rows; 404 once its 90 days are over. */
export async function keptRun(deps: RouteDeps, reference: string): Promise<ReportRun> {
  const run = await findReportRun(em(deps), reference);
  if (!run || run.expiresAt <= currentTime(deps)) throw new ApiError('REPORT_RUN_NOT_FOUND');
  return run;
}

/**
 * Answers with a kept run's file in `format` (the run's own when none), after recording in the
 * audit log which operator downloaded which run in which format: the dashboard and the admin API alike.
 */
export async function sendKeptRunFile(
  ctx: Context,
  deps: RouteDeps,
  actor: AuditActor,
  reference: string,
  format: ReportFormat | undefined,
): Promise<void> {
  const run = await keptRun(deps, reference);
  const content = await reportRunContent(em(deps), run.id);
  if (!content) throw new ApiError('REPORT_RUN_NOT_FOUND');
  const chosen = format ?? run.format;
  await appendAudit(em(deps), actor, {
    action: 'report.downloaded',
    targetType: 'report_run',
    targetId: run.reference,
    after: { format: chosen },
  });
  sendReportFile(ctx, run, content, chosen);
}
