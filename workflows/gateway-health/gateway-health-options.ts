import { proxyActivities } from '@temporalio/workflow';
import type { createGatewayHealthActivities } from '../../activities/gateway-health/health-activities.js';

/**
 * One evaluation of every gateway's health. PostgreSQL away only delays the run; the schedule
 * skips the runs due meanwhile (overlap SKIP), and the run that gets through evaluates the window
 * as it then is.
 */
export const healthChecks = proxyActivities<ReturnType<typeof createGatewayHealthActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
