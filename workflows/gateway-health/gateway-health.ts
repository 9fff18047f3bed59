import { proxyActivities } from '@temporalio/workflow';
import type { createGatewayHealthActivities } from '../../activities/gateway-health/health-activities.js';
import type { HealthPolicy } from '../../domain/gateway-health/health-rules.js';

const { evaluateGatewayHealth } = proxyActivities<ReturnType<typeof createGatewayHealthActivities>>({
  startToCloseTimeout: '30 seconds',
  // PostgreSQL away only delays the run; the schedule skips the runs due meanwhile (overlap SKIP),
  // and the run that gets through evaluates the window as it then is.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

export interface GatewayHealthInput {
  /** The rule's thresholds, as the deployment configures them (the schedule carries them). */
  policy?: Partial<HealthPolicy>;
}

/**
 * Run by the `gateway-health-<task queue>` schedule: one evaluation of every gateway's health
 * in both modes. The decision and its events are made in the activity's transaction.
 */
export async function gatewayHealthWorkflow(input: GatewayHealthInput = {}) {
  return evaluateGatewayHealth({ policy: input.policy });
}
