import { log } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pruneCallMinutes, windowCounts } from '../../db/gateway-health/call-minutes.js';
import {
  activeAppIds,
  lockHealth,
  openMaintenanceWindows,
  recordHealthChange,
  saveHealth,
} from '../../db/gateway-health/health.js';
import { recordEvent } from '../../db/webhooks/events.js';
import {
  HEALTH_EVENT_SOURCE,
  HEALTH_EVENT_TYPE,
  healthChangedData,
  healthEventSourceId,
} from '../../domain/gateway-health/health-event.js';
import {
  DEFAULT_HEALTH_POLICY,
  INITIAL_HEALTH,
  nextHealth,
  type HealthPolicy,
  type HealthStatus,
} from '../../domain/gateway-health/health-rules.js';
import { inForce } from '../../domain/gateway-health/maintenance-windows.js';
import { MODES, type Mode } from '../../domain/shared/mode.js';
import { GATEWAY_MODULES } from '../../gateways/catalogue.js';
import type { Orm } from '../../platform/orm/orm.js';
import type { WorkflowStarter } from '../../platform/temporal/starting.js';
import { startFirstDeliveries } from '../webhooks/webhook-starts.js';

export interface GatewayHealthActivityDeps {
  orm: Orm;
  temporal: WorkflowStarter;
  /**
   * The deployment's thresholds of the health rule (`healthPolicyOf(config)`: GATEWAY_HEALTH_*);
   * unset ones keep the defaults. The only policy an evaluation uses: a run's input carries none.
   */
  healthPolicy?: Partial<HealthPolicy>;
}

export interface HealthEvaluation {
  evaluated: number;
  changes: Array<{ gateway: string; mode: Mode; from: HealthStatus; to: HealthStatus }>;
  events: number;
}

/** Call minutes kept after the window has left them: enough to look back a day on the table. */
const MINUTES_KEPT_MS = 24 * 3_600_000;

/**
 * One evaluation of every gateway's health in both modes, in one transaction: the window's
 * counts and the maintenance windows are read, each row is decided by `nextHealth` under its
 * lock, and a change is written with its `gateway.health_changed` events (the outbox) before
 * anything is delivered. Two evaluations never overlap: the second waits for the first's locks
 * and decides from what it wrote.
 */
export function createGatewayHealthActivities(deps: GatewayHealthActivityDeps) {
  return {
    /**
     * `input` is ignored: a policy in it (as schedules of earlier releases carried, or a forged
     * run's `{ downRate: 0, minCalls: 0 }`) would decide which gateways the checkout offers.
     */
    async evaluateGatewayHealth(_input: unknown = {}): Promise<HealthEvaluation> {
      const policy = { ...DEFAULT_HEALTH_POLICY, ...deps.healthPolicy };
      const now = new Date();
      const em = deps.orm.em.fork() as EntityManager;
      const { result, events } = await em.transactional(async (db) => {
        const tx = db as EntityManager;
        // Rows of gateways never evaluated do not exist yet: one lock for the whole pass.
        await tx.execute(`select pg_advisory_xact_lock(hashtext('gateway_health'))`);
        const held = await lockHealth(tx);
        const counts = await windowCounts(tx, new Date(now.getTime() - policy.windowMs));
        const windows = (await openMaintenanceWindows(tx, now)).filter((w) => inForce(w, now));
        const written: Array<{ id: string; appId: number; mode: Mode }> = [];
        const evaluation: HealthEvaluation = { evaluated: 0, changes: [], events: 0 };
        let appIds: number[] | null = null;
        for (const module of GATEWAY_MODULES) {
          for (const mode of MODES) {
            const key = `${module.name}|${mode}`;
            const previous = held.get(key) ?? INITIAL_HEALTH(now);
            const window = counts.get(key) ?? { calls: 0, failures: 0 };
            const maintenance = windows.find((w) => w.gateway === module.name && w.mode === mode) ?? null;
            const decision = nextHealth(
              previous,
              { counts: window, maintenanceWindowId: maintenance?.id ?? null, now },
              policy,
            );
            evaluation.evaluated += 1;
            await saveHealth(tx, {
              ...decision.next,
              gateway: module.name,
              mode,
              calls: window.calls,
              failures: window.failures,
              evaluatedAt: now,
            });
            if (!decision.changed) continue;
            const change = await recordHealthChange(tx, {
              gateway: module.name,
              mode,
              previousStatus: previous.status,
              status: decision.next.status,
              reason: decision.reason,
              calls: window.calls,
              failures: window.failures,
              maintenanceWindowId: decision.next.maintenanceWindowId,
              changedAt: now,
            });
            evaluation.changes.push({ gateway: module.name, mode, from: previous.status, to: change.status });
            const data = healthChangedData({
              ...change,
              gatewayName: module.displayName,
              maintenance,
            });
            appIds ??= await activeAppIds(tx);
            for (const appId of appIds) {
              const event = await recordEvent(tx, {
                appId,
                mode,
                type: HEALTH_EVENT_TYPE,
                sourceType: HEALTH_EVENT_SOURCE,
                sourceId: healthEventSourceId(change.id, appId),
                data: data as unknown as Record<string, unknown>,
              });
              if (event.created) written.push({ id: event.eventId, appId, mode });
            }
          }
        }
        await pruneCallMinutes(tx, new Date(now.getTime() - Math.max(MINUTES_KEPT_MS, policy.windowMs)));
        evaluation.events = written.length;
        return { result: evaluation, events: written };
      });
      // After the commit: the sweeper starts any delivery a failed start left unstarted.
      await startFirstDeliveries(deps.temporal, events, (event, error) =>
        log.warn('gateway health event delivery not started', { event: event.id, error }),
      );
      return result;
    },
  };
}
