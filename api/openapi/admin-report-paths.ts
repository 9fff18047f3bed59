import { REPORT_CONTENT_TYPES } from '../../domain/reports/report-types.js';
import { adminReportRunsQuery, createScheduleBody, runReportBody } from '../admin/reports/schemas.js';
import { reportFileQuery } from '../reports/report-schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  queryParameters,
  record,
  ref,
  text,
  type Json,
} from './json-schema.js';
import { binary } from './report-paths.js';
import { errorResponse, list, ok } from './responses.js';

/** Finance's reports: runs of any app or all, and the schedules that email or upload them. */

const runId = pathParam(
  'id',
  { type: 'string', pattern: '^rpt_[0-9a-hjkmnp-tv-z]{20}$' },
  'The run id (rpt_…)',
);
const scheduleId = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, 'The schedule id');
const notFound = errorResponse('REPORT_SCHEDULE_NOT_FOUND');

export const adminReportSchemas = (): Record<string, Json> => ({
  ReportSchedule: record({
    id: integer,
    name: text,
    type: text,
    format: text,
    mode: { type: 'string', enum: ['TEST', 'LIVE'] },
    appId: nullableInteger,
    filters: {
      type: 'object',
      description: "The saved view's filters the report keeps, as the report reads them",
    },
    savedViewId: nullableInteger,
    cadence: { type: 'string', enum: ['DAILY', 'WEEKLY', 'MONTHLY'] },
    at: { ...text, description: "HH:MM in the company's time zone" },
    weekday: nullableInteger,
    monthDay: nullableInteger,
    delivery: { type: 'string', enum: ['EMAIL', 'SFTP'] },
    recipients: { type: 'array', items: text },
    sftp: {
      type: ['object', 'null'],
      description: 'host, port, username, directory and the pinned hostKeySha256',
    },
    createdBy: text,
    createdAt: instant,
    pausedAt: nullableInstant,
    deletedAt: nullableInstant,
    when: { ...text, description: '"Every Monday at 07:00"' },
    nextRunAt: nullableInstant,
    zone: { ...text, description: 'The company time zone the schedule runs in' },
  }),
  ReportRunNow: record({
    scheduleId: integer,
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    workflowId: text,
  }),
});

const scheduleAct = (id: string, summary: string, status = 200) => ({
  post: operation({
    id,
    summary,
    action: 'reports.run',
    parameters: [scheduleId],
    responses: {
      [status]: ok('The schedule', ref(status === 202 ? 'ReportRunNow' : 'ReportSchedule')),
      404: notFound,
    },
  }),
});

export const adminReportPaths = (): Record<string, Json> => ({
  '/admin/report-runs': {
    get: operation({
      id: 'adminListReportRuns',
      summary: 'Report runs of the last 90 days, newest first (every app, every requester)',
      action: 'reports.read',
      parameters: queryParameters(adminReportRunsQuery),
      responses: {
        200: list('A page of runs', ref('ReportRun')),
        404: errorResponse('REPORT_RUN_NOT_FOUND: `after` names no kept run'),
      },
    }),
    post: operation({
      id: 'adminRunReport',
      summary:
        "Run a report now: payments, refunds, payouts, settlement days, the journal or an app's statement, for days in the company's zone; audited",
      description:
        "A saved view of the report's list (savedViewId) gives its filters, and its app when none is named. A statement is of one app; the journal and settlement days cover every app.",
      action: 'reports.run',
      body: fromZod(runReportBody),
      responses: {
        201: ok('The run', ref('ReportRun')),
        404: errorResponse('APP_NOT_FOUND or SAVED_VIEW_NOT_FOUND'),
      },
    }),
  },
  '/admin/report-runs/{id}': {
    get: operation({
      id: 'adminGetReportRun',
      summary: 'One run',
      action: 'reports.read',
      parameters: [runId],
      responses: { 200: ok('The run', ref('ReportRun')), 404: errorResponse('REPORT_RUN_NOT_FOUND') },
    }),
  },
  '/admin/report-runs/{id}/file': {
    get: operation({
      id: 'adminGetReportRunFile',
      summary: "Download a run's file (CSV or XLSX); each download is audited",
      action: 'reports.read',
      parameters: [runId, ...queryParameters(reportFileQuery)],
      responses: {
        200: {
          description: 'The file, as an attachment',
          content: {
            'text/csv': binary(REPORT_CONTENT_TYPES.csv.split(';')[0]!),
            [REPORT_CONTENT_TYPES.xlsx]: binary(REPORT_CONTENT_TYPES.xlsx),
          },
        },
        404: errorResponse('REPORT_RUN_NOT_FOUND'),
      },
    }),
  },
  '/admin/report-schedules': {
    get: operation({
      id: 'adminListReportSchedules',
      summary: 'Report schedules, by name, with when each runs next',
      action: 'reports.read',
      responses: { 200: list('Every schedule, on one page', ref('ReportSchedule')) },
    }),
    post: operation({
      id: 'adminCreateReportSchedule',
      summary:
        "Schedule a report daily, weekly or monthly at a time in the company's zone, delivered by email link (valid 7 days) or to an SFTP server; audited",
      description:
        "Each run covers the last whole period before it (yesterday, last Monday–Sunday, last month). An SFTP server is signed in to with the service's key and its host key must match hostKeySha256.",
      action: 'reports.run',
      body: fromZod(createScheduleBody),
      responses: {
        201: ok('The schedule', ref('ReportSchedule')),
        404: errorResponse('APP_NOT_FOUND or SAVED_VIEW_NOT_FOUND'),
        409: errorResponse('REPORT_SFTP_NOT_CONFIGURED'),
      },
    }),
  },
  '/admin/report-schedules/{id}': {
    delete: operation({
      id: 'adminDeleteReportSchedule',
      summary: 'Delete a schedule; its runs stay downloadable for their 90 days',
      action: 'reports.run',
      parameters: [scheduleId],
      responses: { 200: ok('The schedule, deleted', ref('ReportSchedule')), 404: notFound },
    }),
  },
  '/admin/report-schedules/{id}/pause': scheduleAct(
    'adminPauseReportSchedule',
    'Pause a schedule: no run until it is resumed',
  ),
  '/admin/report-schedules/{id}/resume': scheduleAct(
    'adminResumeReportSchedule',
    'Resume a schedule: it runs at its next time (runs missed while paused are not made)',
  ),
  '/admin/report-schedules/{id}/run': scheduleAct(
    'adminRunReportScheduleNow',
    "Make and deliver the schedule's last whole period now; asked again, the same run (no second file or email)",
    202,
  ),
});
