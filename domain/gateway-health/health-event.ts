import type { Mode } from '../shared/mode.js';
import { errorRate, type HealthStatus } from './health-rules.js';

/** The `data` of a `gateway.health_changed` event, as the webhook and GET /api/v1/events carry it. */
export interface GatewayHealthChangedData {
  gateway: string;
  gatewayName: string;
  mode: Mode;
  status: HealthStatus;
  previousStatus: HealthStatus;
  reason: string;
  changedAt: string;
  window: { calls: number; failures: number; errorRate: number };
  maintenance: { id: number; startsAt: string; endsAt: string; note: string } | null;
}

export const HEALTH_EVENT_TYPE = 'gateway.health_changed';
/** Events of one change are one per app: the change's id and the app's make the event's source. */
export const HEALTH_EVENT_SOURCE = 'gateway_health_change';
export const healthEventSourceId = (changeId: number, appId: number) => `${changeId}:${appId}`;

export function healthChangedData(input: {
  gateway: string;
  gatewayName: string;
  mode: Mode;
  status: HealthStatus;
  previousStatus: HealthStatus;
  reason: string;
  changedAt: Date;
  calls: number;
  failures: number;
  maintenance: { id: number; startsAt: Date; endsAt: Date; note: string } | null;
}): GatewayHealthChangedData {
  return {
    gateway: input.gateway,
    gatewayName: input.gatewayName,
    mode: input.mode,
    status: input.status,
    previousStatus: input.previousStatus,
    reason: input.reason,
    changedAt: input.changedAt.toISOString(),
    window: {
      calls: input.calls,
      failures: input.failures,
      errorRate: Math.round(errorRate(input) * 1000) / 1000,
    },
    maintenance: input.maintenance && {
      id: input.maintenance.id,
      startsAt: input.maintenance.startsAt.toISOString(),
      endsAt: input.maintenance.endsAt.toISOString(),
      note: input.maintenance.note,
    },
  };
}
