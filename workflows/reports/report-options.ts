import { proxyActivities } from '@temporalio/workflow';
import type { createReportActivities } from '../../activities/reports/report-activities.js';

type ReportActivities = ReturnType<typeof createReportActivities>;

/** Reads of the schedule's row: retried until PostgreSQL answers. */
export const readSchedule = proxyActivities<ReportActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Reading a period's rows and storing the file: a month's journal is many batches, so it has
 * minutes; retried until it is made (the run is unique per schedule and period).
 */
export const makeRun = proxyActivities<ReportActivities>({
  startToCloseTimeout: '15 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * A delivery waits out a mail or SFTP server's outage for a day, then the run is marked FAILED
 * for finance to see (the file stays downloadable from the dashboard).
 */
export const deliver = proxyActivities<ReportActivities>({
  startToCloseTimeout: '5 minutes',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});
