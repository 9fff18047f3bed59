import { log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../platform/orm/orm.js';
import {
  reconDaysForPayment,
  reconDaysForRefund,
  type ReconDayToWake,
} from '../../db/reconciliation/recon-wakeups.js';
import { wakeReconciliation } from './reconciliation-starts.js';

/**
 * A payment captured (or a refund that succeeded) after its settlement day was reconciled: that
 * day's workflow is told at once to match again, instead of finding out at its daily re-match.
 * Only days whose run is open are told, each with one signal; nothing is started. Called after
 * the capture or the refund committed, and best effort: the daily re-match still catches what a
 * lost signal missed, so a failure here is logged and never fails the payment or the refund.
 */
export async function wakeReconciliationsFor(
  deps: { orm: Orm; temporal?: { client: Client } | undefined },
  subject: { paymentId: number } | { refundId: number },
): Promise<ReconDayToWake[]> {
  if (!deps.temporal) return [];
  try {
    const em = deps.orm.em.fork() as EntityManager;
    const days =
      'paymentId' in subject
        ? await reconDaysForPayment(em, subject.paymentId)
        : await reconDaysForRefund(em, subject.refundId);
    const reason = 'paymentId' in subject ? 'a payment was captured' : 'a refund succeeded';
    const woken: ReconDayToWake[] = [];
    for (const day of days) {
      if (await wakeReconciliation(deps.temporal.client, day, reason)) woken.push(day);
    }
    return woken;
  } catch (error) {
    warn(error, subject);
    return [];
  }
}

function warn(error: unknown, subject: object): void {
  try {
    log.warn('settlement days not told of a late capture or refund', {
      ...subject,
      error: (error as Error)?.message ?? String(error),
    });
  } catch {
    // Outside an activity (a script) there is no activity logger; the daily re-match remains.
  }
}
