import type { Client } from '@temporalio/client';
import type { HealthPolicy } from '../../domain/gateway-health/health-rules.js';
import { ensureSchedule } from '../../platform/temporal/schedules.js';

export const gatewayHealthScheduleId = (taskQueue: string) => `gateway-health-${taskQueue}`;

/**
 * The Temporal Schedule that evaluates every gateway's health (workflows/gateway-health), every
 * `everySeconds`: what the checkout, the status page and the events read is decided there.
 */
export function ensureGatewayHealthSchedule(
  client: Client,
  taskQueue: string,
  everySeconds: number,
  policy: Partial<HealthPolicy> = {},
): Promise<void> {
  return ensureSchedule(client, {
    scheduleId: gatewayHealthScheduleId(taskQueue),
    spec: { intervals: [{ every: `${everySeconds} seconds` }] },
    workflowType: 'gatewayHealthWorkflow',
    workflowId: `gateway-health-${taskQueue}-run`,
    taskQueue,
    args: [{ policy }],
    // A missed evaluation is not worth making up: the next one reads the same window.
    catchupWindow: '1 minute',
  });
}
