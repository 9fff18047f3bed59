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
  /**
   * Ignored: schedules of earlier releases carried the rule's thresholds here. The activity reads
   * the deployment's own (GATEWAY_HEALTH_*), so a run started with a forged policy decides
   * nothing the deployment would not.
   */
  policy?: Partial<HealthPolicy>;
}

/**
 * Run by the `gateway-health-<task queue>` schedule: one evaluation of every gateway's health
 * in both modes. The decision and its events are made in the activity's transaction, by the
 * deployment's policy; the run's input is not passed on.
 */
export async function gatewayHealthWorkflow(_input: GatewayHealthInput = {}) {
  return evaluateGatewayHealth({});
}
