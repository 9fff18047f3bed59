import type { EntityManager } from '@mikro-orm/postgresql';
import {
  currentHealth,
  openMaintenanceWindows,
  recentHealthChanges,
  type MaintenanceWindow,
} from '../../db/gateway-health/health.js';
import type { HealthStatus } from '../../domain/gateway-health/health-rules.js';
import { inForce } from '../../domain/gateway-health/maintenance-windows.js';
import { MODES, type Mode } from '../../domain/shared/mode.js';
import { GATEWAY_MODULES, findGatewayModule } from '../../gateways/catalogue.js';

/**
 * What the deployment's status page says (GET /status, GET /api/v1/status): each gateway's
 * health per mode as the last evaluation decided it, the maintenance windows in force or to come,
 * and the changes of the last week. Public: it says nothing about any app or payment.
 */

/** How far back and how many of the changes the page lists. */
const RECENT_DAYS = 7;
const RECENT_CHANGES = 50;

const nameOf = (gateway: string) => findGatewayModule(gateway)?.displayName ?? gateway;

export interface GatewayStatusEntry {
  gateway: string;
  gatewayName: string;
  mode: Mode;
  status: HealthStatus;
  /** Since when it has had this status; null before its first evaluation. */
  since: string | null;
  evaluatedAt: string | null;
}

export function maintenanceView(window: MaintenanceWindow, now: Date) {
  return {
    id: window.id,
    gateway: window.gateway,
    gatewayName: nameOf(window.gateway),
    mode: window.mode,
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt.toISOString(),
    note: window.note,
    inForce: inForce(window, now),
  };
}
export type MaintenanceView = ReturnType<typeof maintenanceView>;

export async function statusReport(em: EntityManager, now: Date) {
  const [health, windows, changes] = await Promise.all([
    currentHealth(em),
    openMaintenanceWindows(em, now),
    recentHealthChanges(em, new Date(now.getTime() - RECENT_DAYS * 86_400_000), RECENT_CHANGES),
  ]);
  const gateways: GatewayStatusEntry[] = MODES.flatMap((mode) =>
    GATEWAY_MODULES.map((module) => {
      const row = health.find((h) => h.gateway === module.name && h.mode === mode);
      return {
        gateway: module.name,
        gatewayName: module.displayName,
        mode,
        status: row?.status ?? 'OPERATIONAL',
        since: row?.since.toISOString() ?? null,
        evaluatedAt: row?.evaluatedAt.toISOString() ?? null,
      };
    }),
  );
  return {
    generatedAt: now.toISOString(),
    gateways,
    maintenance: windows.map((window) => maintenanceView(window, now)),
    recentChanges: changes.map((change) => ({
      gateway: change.gateway,
      gatewayName: nameOf(change.gateway),
      mode: change.mode,
      previousStatus: change.previousStatus,
      status: change.status,
      reason: change.reason,
      changedAt: change.changedAt.toISOString(),
    })),
  };
}
export type StatusReport = Awaited<ReturnType<typeof statusReport>>;
