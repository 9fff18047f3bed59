import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../platform/orm/orm.js';
import {
  loadGuardrails,
  lockDayLimit,
  movedInDay,
  movementsInLastMinute,
  recordRefundRatioAlarm,
  refundsAndSalesOfDay,
} from '../../db/apps/guardrails.js';
import { appendAudit } from '../../db/operators/audit.js';
import {
  limitBreached,
  refundRatioAbove,
  type Guardrails,
  type LimitBreach,
} from '../../domain/apps/guardrails.js';
import { companyDayOf } from '../../domain/shared/company-day.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Mode } from '../../domain/shared/mode.js';

/**
 * The app's guardrails checked where money movement starts (domain/apps/guardrails.ts): its kill
 * switch, its velocity cap, and a payment's limits (a customer at checkout cannot wait for an
 * approval, so a payment over a limit is refused; a refund over one waits for an approver
 * instead, judged in its own transaction in activities/refunds/refund-taking.ts).
 */

/**
 * The database and the clock checks read (the API's, or the worker's reading a batch file), and
 * the company's time zone (COMPANY_TIME_ZONE), whose midnight starts the day a limit per day adds
 * up over. Named by every caller, so none falls back to the default zone by leaving it out.
 */
export interface Deps {
  orm: Orm;
  clock?: (() => Date) | undefined;
  companyTimeZone: string | undefined;
}
const currentTime = (deps: Deps): Date => (deps.clock ?? (() => new Date()))();

/** The guardrails' deps from the API's: its database, its clock and the configured zone. */
export const guardrailDepsOf = (deps: {
  orm: Orm;
  clock?: (() => Date) | undefined;
  config: { COMPANY_TIME_ZONE?: string | undefined };
}): Deps => ({ orm: deps.orm, clock: deps.clock, companyTimeZone: deps.config.COMPANY_TIME_ZONE });
interface AppMode {
  appId: number;
  mode: Mode;
}

const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

/** Refuses new money movement while the app's kill switch is on, and past its velocity cap. */
async function refuseStoppedOrTooFast(deps: Deps, app: AppMode, guardrails: Guardrails): Promise<void> {
  if (guardrails.moneyMovementStopped) {
    throw new ApiError(
      'APP_SUSPENDED',
      "New payments, refunds and payouts of this app are stopped by an operator (the app's kill switch)",
    );
  }
  if (guardrails.velocityPerMinute !== null) {
    const recent = await movementsInLastMinute(fork(deps), { ...app, at: currentTime(deps) });
    if (recent >= guardrails.velocityPerMinute) {
      throw new ApiError('VELOCITY_LIMITED', undefined, { retryAfterSeconds: 60 });
    }
  }
}

function limitExceeded(breach: LimitBreach): ApiError {
  const what = breach.limit === 'PER_TRANSACTION' ? 'per payment' : 'per day for payments';
  return new ApiError(
    'LIMIT_EXCEEDED',
    `The app's limit ${what} is ${breach.limitMinor} (${breach.currency} minor units)`,
    { ...breach },
  );
}

/** Checks a new payment; answers the guardrails so the gateway choice can leave switched-off ones out. */
export async function checkPaymentGuardrails(
  deps: Deps,
  app: AppMode,
  payment: { amountMinor: number; currency: string; gateway?: string | undefined },
): Promise<Guardrails> {
  const guardrails = await loadGuardrails(fork(deps), app.appId, app.mode);
  await refuseStoppedOrTooFast(deps, app, guardrails);
  if (payment.gateway !== undefined && guardrails.stoppedGateways.includes(payment.gateway)) {
    throw new ApiError('GATEWAY_SWITCHED_OFF', `Gateway '${payment.gateway}' is switched off for this app`, [
      {
        field: 'gateway',
        message: 'switched off by an operator; name another, or none to let the customer choose',
      },
    ]);
  }
  // Its amount alone against the limits; with the day's payments, where it is inserted (below).
  const breach = limitBreached(guardrails, { kind: 'PAYMENT', ...payment, dayTotalMinor: 0 });
  if (breach) throw limitExceeded(breach);
  return guardrails;
}

/**
 * Inserts a payment within the app's payment limit per day: where one is set for its currency, the
 * day's total is read and the payment inserted in one transaction under the app's day-limit lock,
 * so concurrent payments are judged one after another and cannot each pass a limit their sum is
 * over. Without such a limit the insert stays the single statement it is.
 */
export async function insertWithinPaymentDayLimit<T>(
  deps: Deps,
  app: AppMode,
  payment: { amountMinor: number; currency: string },
  guardrails: Guardrails | null,
  insert: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const limit = guardrails?.limits.find((l) => l.kind === 'PAYMENT' && l.currency === payment.currency);
  if (!guardrails || limit?.perDayMinor == null) return insert(fork(deps));
  return fork(deps).transactional(async (tx) => {
    const t = tx as EntityManager;
    await lockDayLimit(t, { ...app, kind: 'PAYMENT' });
    const day = companyDayOf(currentTime(deps), deps.companyTimeZone);
    const dayTotalMinor = await movedInDay(t, {
      ...app,
      kind: 'PAYMENT',
      currency: payment.currency,
      ...day,
    });
    const breach = limitBreached(guardrails, { kind: 'PAYMENT', ...payment, dayTotalMinor });
    if (breach) throw limitExceeded(breach);
    return insert(t);
  });
}

/**
 * Checks a new refund or payout before it is taken: the kill switch and the velocity cap (its
 * limits are judged in its own transaction, where a breach routes it to an approver).
 */
export async function checkRefundGuardrails(deps: Deps, app: AppMode): Promise<void> {
  const guardrails = await loadGuardrails(fork(deps), app.appId, app.mode);
  await refuseStoppedOrTooFast(deps, app, guardrails);
}

export const checkPayoutGuardrails = checkRefundGuardrails;

/**
 * Whether a payout breaks the app's payout limits (per payout, or the day's payouts with it), read
 * in the payout's own transaction under the app's day-limit lock (held until the payout is
 * committed, so concurrent payouts cannot split the day's limit): a breach routes it to an
 * approver instead of refusing it.
 */
export async function payoutBreachesLimit(
  tx: EntityManager,
  app: AppMode,
  payout: { amountMinor: number; currency: string },
  at: Date,
  companyTimeZone: string | undefined,
): Promise<boolean> {
  const guardrails = await loadGuardrails(tx, app.appId, app.mode);
  const limit = guardrails.limits.find((l) => l.kind === 'PAYOUT' && l.currency === payout.currency);
  if (!limit) return false;
  const day = companyDayOf(at, companyTimeZone);
  if (limit.perDayMinor !== null) await lockDayLimit(tx, { ...app, kind: 'PAYOUT' });
  // The payout is already inserted: the day's total includes it, so it is judged on the rest.
  const dayTotalMinor =
    limit.perDayMinor === null
      ? 0
      : (await movedInDay(tx, { ...app, kind: 'PAYOUT', currency: payout.currency, ...day })) -
        payout.amountMinor;
  return limitBreached(guardrails, { kind: 'PAYOUT', ...payout, dayTotalMinor }) !== null;
}

/**
 * After a refund is taken: when the day's refunds are over the app's alarm threshold of its sales,
 * raises the alarm once a day per currency, as an audit entry operators see (and a metric).
 * Returns whether it was raised now.
 */
export async function raiseRefundRatioAlarm(
  deps: Deps,
  app: AppMode & { name: string },
  currency: string,
  raised: () => void,
): Promise<boolean> {
  const em = fork(deps);
  const guardrails = await loadGuardrails(em, app.appId, app.mode);
  if (guardrails.refundRatioAlarmPercent === null) return false;
  const at = currentTime(deps);
  const day = companyDayOf(at, deps.companyTimeZone);
  const totals = await refundsAndSalesOfDay(em, { ...app, currency, start: day.start, end: day.end });
  if (!refundRatioAbove(guardrails.refundRatioAlarmPercent, totals)) return false;
  const thresholdPercent = guardrails.refundRatioAlarmPercent;
  const fresh = await em.transactional(async (tx) => {
    const inserted = await recordRefundRatioAlarm(tx, {
      ...app,
      day: day.date,
      currency,
      ...totals,
      thresholdPercent,
      at,
    });
    if (inserted) {
      await appendAudit(
        tx,
        { type: 'SYSTEM', id: 'guardrails', label: 'Guardrails', ip: null },
        {
          action: 'guardrails.refund_ratio_alarm',
          targetType: 'app',
          targetId: app.appId,
          after: { mode: app.mode, day: day.date, currency, ...totals, thresholdPercent },
        },
      );
    }
    return inserted;
  });
  if (fresh) raised();
  return fresh;
}

/**
 * Whether a batch breaks the app's payout limits: any line over the limit per payout, or the
 * batch's total with the day's payouts (and other batches' lines not yet made) over the day's.
 */
export async function batchBreachesLimit(
  tx: EntityManager,
  app: AppMode,
  batch: { currency: string; largestLineMinor: number; totalMinor: number; unmadeTodayMinor: number },
  at: Date,
  companyTimeZone: string | undefined,
): Promise<boolean> {
  const guardrails = await loadGuardrails(tx, app.appId, app.mode);
  const limit = guardrails.limits.find((l) => l.kind === 'PAYOUT' && l.currency === batch.currency);
  if (!limit) return false;
  const day = companyDayOf(at, companyTimeZone);
  if (limit.perDayMinor !== null) await lockDayLimit(tx, { ...app, kind: 'PAYOUT' });
  const movedMinor =
    limit.perDayMinor === null
      ? 0
      : await movedInDay(tx, { ...app, kind: 'PAYOUT', currency: batch.currency, ...day });
  const currency = batch.currency;
  return (
    limitBreached(guardrails, {
      kind: 'PAYOUT',
      currency,
      amountMinor: batch.largestLineMinor,
      dayTotalMinor: 0,
    }) !== null ||
    limitBreached(guardrails, {
      kind: 'PAYOUT',
      currency,
      amountMinor: batch.totalMinor,
      dayTotalMinor: movedMinor + batch.unmadeTodayMinor,
    }) !== null
  );
}
