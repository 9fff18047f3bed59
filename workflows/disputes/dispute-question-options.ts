import { proxyActivities } from '@temporalio/workflow';
import type { createDisputeRecheckActivities } from '../../activities/disputes/dispute-recheck-activities.js';

/**
 * The gateway's answers about disputes. Nobody waits on an answer, so it is asked until the
 * gateway gives one: a gateway away for a day delays its disputes by a day and holds up no other
 * dispute (each has its own run).
 */
export const askGatewayAboutDispute = proxyActivities<ReturnType<typeof createDisputeRecheckActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});
