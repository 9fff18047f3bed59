import type { Client } from '@temporalio/client';
import { ensureSchedule } from '../../platform/temporal/schedules.js';

export const gatewayHealthScheduleId = (taskQueue: string) => `gateway-health-${taskQueue}`;

/**
 * The Temporal Schedule that evaluates every gateway's health (workflows/gateway-health), every
 * `everySeconds`: what the checkout, the status page and the events read is decided there, by
 * the policy the worker's own settings give (GATEWAY_HEALTH_*). The runs carry no policy.
 */
export function ensureGatewayHealthSchedule(
  client: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  return ensureSchedule(client, {
    scheduleId: gatewayHealthScheduleId(taskQueue),
    spec: { intervals: [{ every: `${everySeconds} seconds` }] },
    workflowType: 'gatewayHealthWorkflow',
    workflowId: `gateway-health-${taskQueue}-run`,
    taskQueue,
    args: [{}],
    // A missed evaluation is not worth making up: the next one reads the same window.
    catchupWindow: '1 minute',
  });
}
