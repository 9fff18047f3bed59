import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import { degradedGateways } from './gateway-breakers.js';

/**
 * The dashboard overview: payment volume and checkout success per day, per app and per gateway,
 * for one mode. A payment counts on the (UTC) day it was created.
 */

/** A refunded payment was still a successful checkout, so it counts (and its amount) as succeeded. */
const SUCCEEDED: ReadonlySet<string> = new Set(['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
/** Checkouts still open are left out of the success rate: they have no outcome yet. */
const UNSUCCESSFUL = { FAILED: 'failed', EXPIRED: 'expired', CANCELLED: 'cancelled' } as const;

export interface AmountByCurrency {
  currency: string;
  amountMinor: number;
}

export interface OutcomeStats {
  /** Payments created. */
  count: number;
  succeeded: number;
  failed: number;
  expired: number;
  cancelled: number;
  /** Created or pending: no outcome yet. */
  open: number;
  /** succeeded / (succeeded + failed + expired + cancelled), or null when none has finished. */
  successRate: number | null;
  /** Amount of succeeded payments, in minor units, per currency (alphabetical). */
  succeededAmounts: AmountByCurrency[];
}

export interface Overview {
  mode: Mode;
  days: number;
  from: string;
  to: string;
  totals: OutcomeStats;
  daily: Array<OutcomeStats & { date: string }>;
  byApp: Array<OutcomeStats & { appId: number; appName: string }>;
  /** `gateway` is null for payments whose customer has not chosen a gateway yet. */
  byGateway: Array<OutcomeStats & { gateway: string | null }>;
  /** Gateways whose session openings kept failing: offered last at checkout until `until`. */
  degradedGateways: Array<{
    gateway: string;
    since: string;
    until: string;
    lastFailureReason: string | null;
  }>;
}

export interface OverviewRow {
  day: string;
  appId: number;
  appName: string;
  gateway: string | null;
  currency: string;
  status: PaymentStatus;
  count: number;
  totalMinor: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The window: the last `days` UTC calendar days, today included. */
export function overviewWindow(now: Date, days: number): { from: Date; to: Date; dates: string[] } {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(startOfToday - (days - 1) * DAY_MS);
  const to = new Date(startOfToday + DAY_MS);
  const dates = Array.from({ length: days }, (_, i) =>
    new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10),
  );
  return { from, to, dates };
}

class Tally {
  private stats = { count: 0, succeeded: 0, failed: 0, expired: 0, cancelled: 0, open: 0 };
  private amounts = new Map<string, number>();

  add(row: OverviewRow): void {
    this.stats.count += row.count;
    if (SUCCEEDED.has(row.status)) {
      this.stats.succeeded += row.count;
      this.amounts.set(row.currency, (this.amounts.get(row.currency) ?? 0) + row.totalMinor);
    } else if (row.status in UNSUCCESSFUL) {
      this.stats[UNSUCCESSFUL[row.status as keyof typeof UNSUCCESSFUL]] += row.count;
    } else {
      this.stats.open += row.count;
    }
  }

  result(): OutcomeStats {
    const { succeeded, failed, expired, cancelled } = this.stats;
    const finished = succeeded + failed + expired + cancelled;
    return {
      ...this.stats,
      successRate: finished === 0 ? null : Math.round((succeeded / finished) * 10_000) / 10_000,
      succeededAmounts: [...this.amounts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amountMinor]) => ({ currency, amountMinor })),
    };
  }
}

function tallyBy<K>(rows: OverviewRow[], key: (row: OverviewRow) => K): Map<K, Tally> {
  const tallies = new Map<K, Tally>();
  for (const row of rows) {
    const k = key(row);
    let tally = tallies.get(k);
    if (!tally) tallies.set(k, (tally = new Tally()));
    tally.add(row);
  }
  return tallies;
}

function byGatewayName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b);
}

/** Pure aggregation of grouped rows into the overview (every day of the window, even empty ones). */
export function summarizeOverview(
  rows: OverviewRow[],
  window: { mode: Mode; from: Date; to: Date; dates: string[] },
): Omit<Overview, 'degradedGateways'> {
  const totals = new Tally();
  rows.forEach((row) => totals.add(row));
  const perDay = tallyBy(rows, (r) => r.day);
  const perApp = tallyBy(rows, (r) => r.appId);
  const appNames = new Map(rows.map((r) => [r.appId, r.appName]));
  const perGateway = tallyBy(rows, (r) => r.gateway);
  const busiestFirst = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    mode: window.mode,
    days: window.dates.length,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    totals: totals.result(),
    daily: window.dates.map((date) => ({ date, ...(perDay.get(date) ?? new Tally()).result() })),
    byApp: [...perApp.entries()]
      .map(([appId, tally]) => ({ appId, appName: appNames.get(appId) ?? String(appId), ...tally.result() }))
      .sort((a, b) => busiestFirst(a, b) || a.appId - b.appId),
    byGateway: [...perGateway.entries()]
      .map(([gateway, tally]) => ({ gateway, ...tally.result() }))
      // Ties put "not chosen yet" (null) last, then gateways alphabetically.
      .sort((a, b) => busiestFirst(a, b) || byGatewayName(a.gateway, b.gateway)),
  };
}

/** Reads the overview for one mode over the last `days` days (grouped in the database). */
export async function loadOverview(
  em: EntityManager,
  input: { mode: Mode; days: number; now: Date },
): Promise<Overview> {
  const window = overviewWindow(input.now, input.days);
  const raw = await em.execute<
    Array<{
      day: string;
      app_id: string;
      app_name: string;
      gateway: string | null;
      currency: string;
      status: PaymentStatus;
      count: string;
      total: string;
    }>
  >(
    `select to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, p.app_id, a.name as app_name,
            p.gateway, p.currency, p.status, count(*) as count, coalesce(sum(p.amount_minor), 0) as total
       from payments p join apps a on a.id = p.app_id
      where p.mode = ? and p.created_at >= ? and p.created_at < ?
      group by 1, 2, 3, 4, 5, 6`,
    [input.mode, window.from, window.to],
  );
  const rows: OverviewRow[] = raw.map((r) => ({
    day: r.day,
    appId: Number(r.app_id),
    appName: r.app_name,
    gateway: r.gateway,
    currency: r.currency,
    status: r.status,
    count: Number(r.count),
    totalMinor: Number(r.total),
  }));
  // The breakers are timed by the wall clock, as the session openings record them.
  const degraded = await degradedGateways(em, new Date(), input.mode);
  return {
    ...summarizeOverview(rows, { mode: input.mode, ...window }),
    degradedGateways: degraded.map((d) => ({
      gateway: d.gateway,
      since: d.since.toISOString(),
      until: d.until.toISOString(),
      lastFailureReason: d.lastFailureReason,
    })),
  };
}
