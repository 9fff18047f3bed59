import type { HealthPolicy } from '../../domain/gateway-health/health-rules.js';
import { healthChecks } from './gateway-health-options.js';

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
  return healthChecks.evaluateGatewayHealth({});
}
