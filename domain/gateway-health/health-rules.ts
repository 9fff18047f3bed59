/**
 * A gateway's health in one mode, from our own calls' outcomes over a sliding window, and from
 * the maintenance windows operators enter. Pure: the periodic evaluation reads the window's counts
 * and the current row from PostgreSQL, asks `nextHealth`, and writes what it answers.
 *
 * Hysteresis: a gateway gets worse at once, but gets better only after its error rate stayed
 * below the recovery rate for `recoveryMs`; between the recovery rate and the degrading rate it
 * stays as it is. A window with too few calls says nothing either way, so a gateway the checkout
 * stopped offering (no calls) recovers once the hold has passed without any trouble seen.
 */

export const HEALTH_STATUSES = ['OPERATIONAL', 'DEGRADED', 'DOWN', 'MAINTENANCE'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface HealthPolicy {
  /** How far back the calls counted reach. */
  windowMs: number;
  /** Fewer calls than this in the window: no evidence either way. */
  minCalls: number;
  /** Share of failed calls (0..1) at or above which the gateway is DEGRADED… */
  degradedRate: number;
  /** …and DOWN. */
  downRate: number;
  /** Below this share a window counts as healthy; at or above it, as trouble (no recovery). */
  recoveryRate: number;
  /** How long after the last troubled window the gateway may get better. */
  recoveryMs: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  windowMs: 5 * 60_000,
  minCalls: 10,
  degradedRate: 0.2,
  downRate: 0.5,
  recoveryRate: 0.1,
  recoveryMs: 3 * 60_000,
};

/** The calls of the window: `failures` are UNAVAILABLE, PROTOCOL_ERROR and ERROR (a refusal is the gateway working). */
export interface WindowCounts {
  calls: number;
  failures: number;
}

export interface HealthState {
  status: HealthStatus;
  since: Date;
  /** The last evaluation whose window showed trouble (rate at or above the recovery rate); null: none. */
  troubleAt: Date | null;
  /** The maintenance window the status stands for, when MAINTENANCE. */
  maintenanceWindowId: number | null;
}

export interface HealthObservation {
  counts: WindowCounts;
  /** The maintenance window in force for this gateway and mode now, if any. */
  maintenanceWindowId: number | null;
  now: Date;
}

export const INITIAL_HEALTH = (now: Date): HealthState => ({
  status: 'OPERATIONAL',
  since: now,
  troubleAt: null,
  maintenanceWindowId: null,
});

/** Worse first: a move up this list is immediate, a move down waits for the recovery hold. */
const SEVERITY: Record<Exclude<HealthStatus, 'MAINTENANCE'>, number> = {
  OPERATIONAL: 0,
  DEGRADED: 1,
  DOWN: 2,
};

export function errorRate(counts: WindowCounts): number {
  return counts.calls === 0 ? 0 : counts.failures / counts.calls;
}

/** What the window alone says; null when it holds too few calls to say anything. */
export function windowVerdict(
  counts: WindowCounts,
  policy: HealthPolicy,
): Exclude<HealthStatus, 'MAINTENANCE'> | null {
  if (counts.calls < policy.minCalls) return null;
  const rate = errorRate(counts);
  if (rate >= policy.downRate) return 'DOWN';
  if (rate >= policy.degradedRate) return 'DEGRADED';
  return 'OPERATIONAL';
}

export interface HealthDecision {
  next: HealthState;
  changed: boolean;
  /** Why, in words an app team reads on the status page and in the event. */
  reason: string;
}

function describe(counts: WindowCounts, policy: HealthPolicy): string {
  const minutes = Math.round(policy.windowMs / 60_000);
  return `${counts.failures} of ${counts.calls} calls failed in the last ${minutes} minutes`;
}

export function nextHealth(
  previous: HealthState,
  observation: HealthObservation,
  policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
): HealthDecision {
  const { counts, now, maintenanceWindowId } = observation;
  const change = (status: HealthStatus, reason: string, troubleAt: Date | null): HealthDecision => {
    const changed = status !== previous.status;
    return {
      next: {
        status,
        since: changed ? now : previous.since,
        troubleAt,
        maintenanceWindowId: status === 'MAINTENANCE' ? maintenanceWindowId : null,
      },
      changed,
      reason,
    };
  };

  if (maintenanceWindowId !== null) {
    return change('MAINTENANCE', 'Scheduled maintenance', previous.troubleAt);
  }
  const verdict = windowVerdict(counts, policy);
  const troubled = verdict !== null && errorRate(counts) >= policy.recoveryRate;
  const troubleAt = troubled ? now : previous.troubleAt;

  // Out of maintenance: the window decides at once, as for a gateway never seen before.
  if (previous.status === 'MAINTENANCE') {
    const status = verdict ?? 'OPERATIONAL';
    const reason = verdict === null ? 'Maintenance ended' : `Maintenance ended; ${describe(counts, policy)}`;
    return change(status, reason, troubleAt);
  }

  const current = SEVERITY[previous.status];
  if (verdict !== null && SEVERITY[verdict] > current) {
    return change(verdict, describe(counts, policy), now);
  }
  const held = troubleAt !== null && now.getTime() - troubleAt.getTime() < policy.recoveryMs;
  if (troubled || held) return change(previous.status, describe(counts, policy), troubleAt);

  // Recovering: as far as the window allows (all the way with no evidence of trouble at all).
  const target = verdict ?? 'OPERATIONAL';
  if (SEVERITY[target] < current) {
    const reason =
      verdict === null
        ? `No failures seen for ${Math.round(policy.recoveryMs / 60_000)} minutes`
        : describe(counts, policy);
    return change(target, reason, troubleAt);
  }
  return change(previous.status, describe(counts, policy), troubleAt);
}

/** Whether the checkout still lets a customer choose the gateway (demoted, but offered). */
export function isOffered(status: HealthStatus): boolean {
  return status === 'OPERATIONAL' || status === 'DEGRADED';
}
