import type { EntityManager } from '@mikro-orm/postgresql';
import {
  NO_GUARDRAILS,
  canonicalGuardrails,
  type Guardrails,
  type MovementKind,
} from '../../domain/apps/guardrails.js';
import type { Mode } from '../../domain/shared/mode.js';

/** An app's guardrails (tables app_guardrails, app_money_limits) and the totals they are judged on. */

interface GuardrailRow {
  money_movement_stopped: boolean;
  stopped_gateways: string[];
  velocity_per_minute: number | null;
  refund_ratio_alarm_percent: number | null;
}

interface LimitRow {
  kind: MovementKind;
  currency: string;
  per_transaction_minor: string | null;
  per_day_minor: string | null;
}

const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value));

/** The app's guardrails in a mode; none set reads as no guardrails. */
export async function loadGuardrails(em: EntityManager, appId: number, mode: Mode): Promise<Guardrails> {
  const [row] = await em.execute<GuardrailRow[]>(
    `select money_movement_stopped, stopped_gateways, velocity_per_minute, refund_ratio_alarm_percent
       from app_guardrails where app_id = ? and mode = ?`,
    [appId, mode],
  );
  const limits = await em.execute<LimitRow[]>(
    `select kind, currency, per_transaction_minor, per_day_minor
       from app_money_limits where app_id = ? and mode = ?`,
    [appId, mode],
  );
  return canonicalGuardrails({
    ...(row
      ? {
          moneyMovementStopped: row.money_movement_stopped,
          stoppedGateways: row.stopped_gateways,
          velocityPerMinute: row.velocity_per_minute,
          refundRatioAlarmPercent: row.refund_ratio_alarm_percent,
        }
      : NO_GUARDRAILS),
    limits: limits.map((limit) => ({
      kind: limit.kind,
      currency: limit.currency,
      perTransactionMinor: numberOrNull(limit.per_transaction_minor),
      perDayMinor: numberOrNull(limit.per_day_minor),
    })),
  });
}

/** Replaces the app's guardrails in a mode, inside the caller's transaction. */
export async function saveGuardrails(
  tx: EntityManager,
  appId: number,
  mode: Mode,
  guardrails: Guardrails,
  at: Date,
): Promise<void> {
  await tx.execute(
    `insert into app_guardrails
       (app_id, mode, money_movement_stopped, stopped_gateways, velocity_per_minute, refund_ratio_alarm_percent, updated_at)
     values (?, ?, ?, ?::text[], ?, ?, ?)
     on conflict (app_id, mode) do update set
       money_movement_stopped = excluded.money_movement_stopped,
       stopped_gateways = excluded.stopped_gateways,
       velocity_per_minute = excluded.velocity_per_minute,
       refund_ratio_alarm_percent = excluded.refund_ratio_alarm_percent,
       updated_at = excluded.updated_at`,
    [
      appId,
      mode,
      guardrails.moneyMovementStopped,
      `{${guardrails.stoppedGateways.map((g) => `"${g}"`).join(',')}}`,
      guardrails.velocityPerMinute,
      guardrails.refundRatioAlarmPercent,
      at,
    ],
  );
  await tx.execute('delete from app_money_limits where app_id = ? and mode = ?', [appId, mode]);
  for (const limit of guardrails.limits) {
    await tx.execute(
      `insert into app_money_limits (app_id, mode, kind, currency, per_transaction_minor, per_day_minor)
       values (?, ?, ?, ?, ?, ?)`,
      [appId, mode, limit.kind, limit.currency, limit.perTransactionMinor, limit.perDayMinor],
    );
  }
}

/** Payments that may still be paid, or were: what counts against a day's payment limit. */
const LIVE_PAYMENTS = `('CREATED', 'PENDING', 'SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')`;
/** Refunds that hold or moved money: what counts against a day's refund limit. */
const HELD_REFUNDS = `('PENDING_APPROVAL', 'PROCESSING', 'SUCCEEDED')`;
/** Payouts that hold or have moved money: all but the ones that ended without it. */
const HELD_PAYOUTS = `('CREATED', 'WAITING_APPROVAL', 'SCHEDULED', 'QUEUED', 'SENDING', 'PROCESSING', 'SUCCEEDED')`;

/**
 * Holds the app's day-limit judgement of one kind in one mode for the rest of the caller's
 * transaction. Read committed lets two transactions each read the day's total without the
 * other's movement and each pass a limit their sum is over; with this lock taken before the total
 * is read, and held until the movement is committed, the second reads the first's.
 */
export async function lockDayLimit(
  tx: EntityManager,
  input: { appId: number; mode: Mode; kind: MovementKind },
): Promise<void> {
  await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
    `day-limit:${input.kind}:${input.appId}:${input.mode}`,
  ]);
}

/** What the app's movements of a kind and currency add up to in [start, end). */
export async function movedInDay(
  em: EntityManager,
  input: { appId: number; mode: Mode; kind: MovementKind; currency: string; start: Date; end: Date },
): Promise<number> {
  const table = input.kind === 'PAYMENT' ? 'payments' : input.kind === 'REFUND' ? 'refunds' : 'payouts';
  const statuses =
    input.kind === 'PAYMENT' ? LIVE_PAYMENTS : input.kind === 'REFUND' ? HELD_REFUNDS : HELD_PAYOUTS;
  const [row] = await em.execute<Array<{ total: string }>>(
    `select coalesce(sum(amount_minor), 0) as total from ${table}
      where app_id = ? and mode = ? and currency = ? and status in ${statuses}
        and created_at >= ? and created_at < ?`,
    [input.appId, input.mode, input.currency, input.start, input.end],
  );
  return Number(row?.total ?? 0);
}

/** Payments, refunds and payouts the app created in the minute before `at` (its velocity). */
export async function movementsInLastMinute(
  em: EntityManager,
  input: { appId: number; mode: Mode; at: Date },
): Promise<number> {
  const since = new Date(input.at.getTime() - 60_000);
  const [row] = await em.execute<Array<{ count: string }>>(
    `select (select count(*) from payments where app_id = ? and mode = ? and created_at > ?)
          + (select count(*) from refunds where app_id = ? and mode = ? and created_at > ?)
          + (select count(*) from payouts where app_id = ? and mode = ? and created_at > ?) as count`,
    [input.appId, input.mode, since, input.appId, input.mode, since, input.appId, input.mode, since],
  );
  return Number(row?.count ?? 0);
}

/** The day's sales (succeeded payments, refunded ones included) and refunds that hold money. */
export async function refundsAndSalesOfDay(
  em: EntityManager,
  input: { appId: number; mode: Mode; currency: string; start: Date; end: Date },
): Promise<{ refundsMinor: number; salesMinor: number }> {
  const [row] = await em.execute<Array<{ refunds: string; sales: string }>>(
    `select
       (select coalesce(sum(amount_minor), 0) from refunds
         where app_id = ? and mode = ? and currency = ? and status in ${HELD_REFUNDS}
           and created_at >= ? and created_at < ?) as refunds,
       (select coalesce(sum(amount_minor), 0) from payments
         where app_id = ? and mode = ? and currency = ? and status in ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
           and created_at >= ? and created_at < ?) as sales`,
    [
      input.appId,
      input.mode,
      input.currency,
      input.start,
      input.end,
      input.appId,
      input.mode,
      input.currency,
      input.start,
      input.end,
    ],
  );
  return { refundsMinor: Number(row?.refunds ?? 0), salesMinor: Number(row?.sales ?? 0) };
}

/**
 * Records the day's refund-ratio alarm for an app, mode and currency: true the first time only,
 * so the alarm is raised (audited) once a day, not on every refund after.
 */
export async function recordRefundRatioAlarm(
  tx: EntityManager,
  input: {
    appId: number;
    mode: Mode;
    day: string;
    currency: string;
    refundsMinor: number;
    salesMinor: number;
    thresholdPercent: number;
    at: Date;
  },
): Promise<boolean> {
  const rows = await tx.execute<Array<{ app_id: string }>>(
    `insert into refund_ratio_alarms
       (app_id, mode, day, currency, refunds_minor, sales_minor, threshold_percent, raised_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict do nothing returning app_id`,
    [
      input.appId,
      input.mode,
      input.day,
      input.currency,
      input.refundsMinor,
      input.salesMinor,
      input.thresholdPercent,
      input.at,
    ],
  );
  return rows.length > 0;
}

export interface RefundRatioAlarm {
  mode: Mode;
  day: string;
  currency: string;
  refundsMinor: number;
  salesMinor: number;
  thresholdPercent: number;
  raisedAt: Date;
}

/** The app's latest alarms, newest first: what the dashboard shows operators. */
export async function recentRefundRatioAlarms(em: EntityManager, appId: number): Promise<RefundRatioAlarm[]> {
  const rows = await em.execute<
    Array<{
      mode: Mode;
      day: string | Date;
      currency: string;
      refunds_minor: string;
      sales_minor: string;
      threshold_percent: number;
      raised_at: string | Date;
    }>
  >(
    `select mode, to_char(day, 'YYYY-MM-DD') as day, currency, refunds_minor, sales_minor, threshold_percent, raised_at
       from refund_ratio_alarms where app_id = ? order by raised_at desc limit 20`,
    [appId],
  );
  return rows.map((row) => ({
    mode: row.mode,
    day: String(row.day),
    currency: row.currency,
    refundsMinor: Number(row.refunds_minor),
    salesMinor: Number(row.sales_minor),
    thresholdPercent: row.threshold_percent,
    raisedAt: new Date(row.raised_at),
  }));
}
