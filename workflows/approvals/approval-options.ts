import { proxyActivities } from '@temporalio/workflow';
import type { createApprovalActivities } from '../../activities/approvals/approval-activities.js';

/** Reading and closing the act's row: retried until the database is back. */
export const books = proxyActivities<ReturnType<typeof createApprovalActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
