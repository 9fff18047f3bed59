import type { Client } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  signalReportScheduleChanged,
  startReportRunNow,
  startReportScheduleWorkflow,
} from '../../activities/reports/report-starts.js';

/** The API's side of the report workflows: a schedule's own, its changes, and a run asked for now. */
export interface ReportWorkflows {
  /** Starts a new schedule's workflow; the sweeper starts it when Temporal was away. */
  startReportSchedule(em: EntityManager, scheduleId: number): Promise<void>;
  /** Wakes the schedule's workflow to read its row again; one not running yet reads it when it starts. */
  reportScheduleChanged(scheduleId: number): Promise<void>;
  /** Makes and delivers the schedule's run of a period now; answers the workflow's id. */
  runReportNow(scheduleId: number, period: { from: string; to: string }, at: Date): Promise<string>;
}

export function createReportWorkflows(client: Client, taskQueue: string): ReportWorkflows {
  const temporal = { client, taskQueue };
  return {
    startReportSchedule: (em, scheduleId) => startReportScheduleWorkflow(temporal, em, scheduleId),
    reportScheduleChanged: (scheduleId) => signalReportScheduleChanged(temporal, scheduleId),
    runReportNow: (scheduleId, period, at) => startReportRunNow(temporal, { id: scheduleId }, period, at),
  };
}
