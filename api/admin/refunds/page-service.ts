import type { EntityManager } from '@mikro-orm/postgresql';
import { PaymentStatusChangeSchema } from '../../../platform/orm/entities.js';
import type { TimelineStep } from '../../../db/payments/payment-admin.js';
import { appRequesters, operatorEmails, refundHistory } from '../../../db/refunds/refund-history.js';
import { findPayoutForOperators } from '../../../db/payouts/payouts.js';
import type { RouteDeps } from '../../deps.js';
import { refundDetail, type AdminRefund } from './service.js';

/** What the refund pages show beyond the refund: who asked, by name, and the payment's story. */

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

/** Who asked for a refund: an operator (named by email) or the app, through its API key. */
export type Requester =
  | { kind: 'OPERATOR'; name: string }
  /** The API key the app asked with, when its request was audited. */
  | { kind: 'APP'; name: string; key: string | null };

export async function requestersOf(
  deps: RouteDeps,
  refunds: Array<Pick<AdminRefund, 'reference' | 'requestedByOperatorId' | 'appName' | 'appId'>>,
): Promise<Array<Requester>> {
  const ids = refunds.flatMap((r) => (r.requestedByOperatorId === null ? [] : [r.requestedByOperatorId]));
  const [emails, apps] = await Promise.all([
    operatorEmails(em(deps), ids),
    appRequesters(
      em(deps),
      refunds.filter((r) => r.requestedByOperatorId === null).map((r) => r.reference),
    ),
  ]);
  return refunds.map((r) =>
    r.requestedByOperatorId === null
      ? {
          kind: 'APP',
          name: r.appName ?? `app #${r.appId}`,
          key: apps.get(r.reference)?.replace(/^.* key /, '') ?? null,
        }
      : {
          kind: 'OPERATOR',
          name: emails.get(r.requestedByOperatorId) ?? `operator #${r.requestedByOperatorId}`,
        },
  );
}

/** The status changes of each payment, oldest first, in one query for a page of refunds. */
export async function paymentTimelines(
  deps: RouteDeps,
  paymentReferences: string[],
): Promise<Map<string, TimelineStep[]>> {
  const unique = [...new Set(paymentReferences)];
  const timelines = new Map<string, TimelineStep[]>(unique.map((r) => [r, []]));
  if (!unique.length) return timelines;
  const db = em(deps);
  const payments = await db.execute<Array<{ id: string; reference: string }>>(
    `select id, reference from payments where reference in (${unique.map(() => '?').join(', ')})`,
    unique,
  );
  const referenceOf = new Map(payments.map((p) => [Number(p.id), p.reference]));
  const changes = await db.find(
    PaymentStatusChangeSchema,
    { paymentId: { $in: [...referenceOf.keys()] } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  for (const change of changes) {
    timelines.get(referenceOf.get(change.paymentId)!)?.push({
      from: change.fromStatus,
      to: change.toStatus,
      reason: change.reason,
      at: change.createdAt.toISOString(),
    });
  }
  return timelines;
}

/** One refund's page: the refund, who asked, its history, and its payment's status changes. */
export async function refundPage(deps: RouteDeps, idOrReference: string) {
  const refund = await refundDetail(deps, idOrReference);
  const [[requester], history, timelines, payout] = await Promise.all([
    requestersOf(deps, [refund]),
    refundHistory(em(deps), refund.reference, refund.currency),
    paymentTimelines(deps, [refund.paymentReference]),
    // The payout a refund goes back by, when its gateway could not refund it: its progress is the refund's.
    refund.payoutReference ? findPayoutForOperators(em(deps), refund.payoutReference) : null,
  ]);
  return {
    refund,
    requester: requester!,
    history,
    paymentTimeline: timelines.get(refund.paymentReference) ?? [],
    payout,
  };
}

export type RefundPage = Awaited<ReturnType<typeof refundPage>>;
