import type { EntityManager } from '@mikro-orm/postgresql';
import {
  cancelMaintenanceWindow,
  currentHealth,
  insertMaintenanceWindow,
  latestMaintenanceWindows,
  type MaintenanceWindow,
} from '../../../db/gateway-health/health.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { maintenanceWindowProblem } from '../../../domain/gateway-health/maintenance-windows.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { ApiDeps } from '../../deps.js';
import { maintenanceView, statusReport } from '../../gateway-health/status.js';
import type { MaintenanceWindowBody } from './schemas.js';

/**
 * Maintenance windows operators enter, and the health the evaluation decided: entering or
 * cancelling a window is committed with its audit entry; the gateway counts as MAINTENANCE from
 * the first evaluation inside the window.
 */

type Deps = Pick<ApiDeps, 'orm'>;
const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

export function maintenanceWindowView(window: MaintenanceWindow, now: Date) {
  return {
    ...maintenanceView(window, now),
    createdBy: window.createdBy,
    createdAt: window.createdAt.toISOString(),
    cancelledAt: window.cancelledAt?.toISOString() ?? null,
    cancelledBy: window.cancelledBy,
  };
}
export type MaintenanceWindowView = ReturnType<typeof maintenanceWindowView>;

const audited = (w: MaintenanceWindow) => ({
  gateway: w.gateway,
  mode: w.mode,
  startsAt: w.startsAt.toISOString(),
  endsAt: w.endsAt.toISOString(),
  note: w.note,
  cancelledAt: w.cancelledAt?.toISOString() ?? null,
});

/** The latest windows (in force, to come, past and cancelled), newest first. */
export async function maintenanceWindows(deps: Deps, now = new Date()): Promise<MaintenanceWindowView[]> {
  return (await latestMaintenanceWindows(fork(deps), 100)).map((w) => maintenanceWindowView(w, now));
}

/** The health table the dashboard shows (the status page's, with the evaluation's counts). */
export async function healthOverview(deps: Deps, now = new Date()) {
  const em = fork(deps);
  const [report, rows] = await Promise.all([statusReport(em, now), currentHealth(em)]);
  return {
    ...report,
    gateways: report.gateways.map((g) => {
      const row = rows.find((r) => r.gateway === g.gateway && r.mode === g.mode);
      return { ...g, calls: row?.calls ?? 0, failures: row?.failures ?? 0 };
    }),
  };
}

export async function enterMaintenanceWindow(
  deps: Deps,
  actor: AuditActor,
  body: MaintenanceWindowBody,
  now = new Date(),
): Promise<MaintenanceWindowView> {
  const problem = maintenanceWindowProblem(body, now);
  if (problem) throw new ApiError('MAINTENANCE_WINDOW_INVALID', problem);
  return fork(deps).transactional(async (db) => {
    const tx = db as EntityManager;
    const window = await insertMaintenanceWindow(tx, { ...body, createdBy: actor.label });
    await appendAudit(tx, actor, {
      action: 'maintenance_window.created',
      targetType: 'maintenance_window',
      targetId: window.id,
      before: null,
      after: audited(window),
    });
    return maintenanceWindowView(window, now);
  });
}

export function maintenanceWindowId(raw: string | undefined): number {
  const id = /^[1-9]\d{0,15}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('MAINTENANCE_WINDOW_NOT_FOUND');
  return id;
}

/** Ends a window early (or calls off one to come); one already over or cancelled is not found. */
export async function cancelMaintenance(
  deps: Deps,
  actor: AuditActor,
  id: number,
  now = new Date(),
): Promise<MaintenanceWindowView> {
  return fork(deps).transactional(async (db) => {
    const tx = db as EntityManager;
    const cancelled = await cancelMaintenanceWindow(tx, { id, by: actor.label, at: now });
    if (!cancelled) throw new ApiError('MAINTENANCE_WINDOW_NOT_FOUND');
    await appendAudit(tx, actor, {
      action: 'maintenance_window.cancelled',
      targetType: 'maintenance_window',
      targetId: id,
      before: audited(cancelled.before),
      after: audited(cancelled.after),
    });
    return maintenanceWindowView(cancelled.after, now);
  });
}
