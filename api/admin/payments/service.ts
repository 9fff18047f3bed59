import { checkoutAttempts } from '../../../db/payments/checkout-attempts.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { attentionItem } from '../attention/service.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { redeliverEvent } from '../../../db/webhooks/events.js';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { disputesOfPayment, disputeView } from '../../../db/disputes/disputes.js';
import {
  RESEND_AUDIT_ACTION,
  appNames,
  disputeEvents,
  findPaymentForOperators,
  gatewayCallbacks,
  listEventsForOperators,
  listPaymentsForOperators,
  lockEventForResend,
  paymentEvents,
  statusTimeline,
} from '../../../db/payments/payment-admin.js';
import { checkoutUrlFor, paymentView } from '../../../db/payments/payment-view.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { findGatewayModule } from '../../../gateways/catalogue.js';
import { formatMoney, type Currency } from '../../../domain/shared/money.js';
import { can } from '../../../domain/operators/permissions.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import type { RouteDeps } from '../../deps.js';
import type { Pagination } from '../../envelope.js';
import { paymentIdParam } from '../../payments/payment-schemas.js';
import type { AdminState } from '../session.js';
import type { AdminEventsQuery, AdminPaymentsQuery } from './queries.js';

/** What the JSON API and the dashboard pages both show: one place builds each view. */

const em = (deps: RouteDeps) => deps.orm.em.fork() as EntityManager;

export function pagination(query: { page: number; size: number }, total: number): Pagination {
  return { page: query.page, size: query.size, totalItems: total, totalPages: Math.ceil(total / query.size) };
}

export async function paymentList(deps: RouteDeps, query: AdminPaymentsQuery) {
  const db = em(deps);
  const result = await listPaymentsForOperators(db, query);
  const names = await appNames(
    db,
    result.items.map((p) => p.appId),
  );
  const items = result.items.map((p) => ({
    ...paymentView(p, checkoutUrlFor(deps.config.PUBLIC_URL, p.reference)),
    appId: p.appId,
    appName: names.get(p.appId) ?? null,
  }));
  return { items, summary: result.summary, total: result.total };
}

export type PaymentListItem = Awaited<ReturnType<typeof paymentList>>['items'][number];

/** A workflow in the Temporal Web UI. */
export function temporalWorkflowUrl(deps: RouteDeps, workflowId: string): string {
  const ui = (deps.config.TEMPORAL_UI_URL ?? 'http://localhost:8233').replace(/\/+$/, '');
  const namespace = encodeURIComponent(deps.config.TEMPORAL_NAMESPACE);
  return `${ui}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;
}

/** The workflow of a payment in the Temporal Web UI. */
export const temporalUrl = (deps: RouteDeps, reference: string) =>
  temporalWorkflowUrl(deps, workflowIds.payment(reference));

/**
 * What a callback's signature tells an operator. A browser return of a gateway that signs none
 * (`signedReturns: false`: bKash, Nagad, Stripe's links) is "not signed", whatever we made of it:
 * only the gateway's own API vouched for anything it led to.
 */
export function signatureOf(callback: {
  gateway: string;
  kind: string;
  signatureValid: boolean;
}): 'VALID' | 'INVALID' | 'NOT_SIGNED' {
  const unsigned =
    callback.kind === 'REDIRECT' && findGatewayModule(callback.gateway)?.description.signedReturns === false;
  if (unsigned) return 'NOT_SIGNED';
  return callback.signatureValid ? 'VALID' : 'INVALID';
}

/**
 * Everything an operator needs about one payment. Ledger lines are included only for roles that
 * may read the ledger; for the others the key is absent, not empty.
 */
export async function paymentDetail(deps: RouteDeps, admin: AdminState, idOrReference: string) {
  const id = paymentIdParam.safeParse(idOrReference);
  const db = em(deps);
  const payment = id.success ? await findPaymentForOperators(db, id.data) : null;
  if (!payment) throw new ApiError('PAYMENT_NOT_FOUND');
  const [names, timeline, callbacks, ownEvents, attempts, disputes] = await Promise.all([
    appNames(db.fork(), [payment.appId]),
    statusTimeline(db.fork(), payment.id),
    gatewayCallbacks(db.fork(), payment.reference),
    paymentEvents(db.fork(), payment.reference),
    checkoutAttempts(db.fork(), payment.id),
    disputesOfPayment(db.fork(), payment.id),
  ]);
  // What the app heard of the payment and of its disputes, oldest first.
  const webhooks = [
    ...ownEvents,
    ...(await disputeEvents(
      db.fork(),
      disputes.map((d) => d.reference),
    )),
  ].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const currency = payment.currency as Currency;
  // The payment's own entries, then each dispute's (the disputed amount leaving and coming back).
  const ledgerLines = async () => [
    ...(await ledgerLinesForSource(db, 'payment', payment.reference)),
    ...(
      await Promise.all(disputes.map((d) => ledgerLinesForSource(db.fork(), 'dispute', d.reference)))
    ).flat(),
  ];
  const ledger = can(admin.operator.role, 'ledger.read')
    ? (await ledgerLines()).map((line) => ({
        ...line,
        currency,
        amountFormatted: formatMoney(line.amountMinor, currency),
      }))
    : undefined;
  return {
    payment: paymentView(payment, checkoutUrlFor(deps.config.PUBLIC_URL, payment.reference)),
    appId: payment.appId,
    appName: names.get(payment.appId) ?? null,
    attentionReason: payment.attentionReason,
    /** The flag's parked money and what waits for a second operator on it. */
    attention: payment.attentionReason ? await attentionItem(deps, payment.reference) : null,
    timeline,
    gateway: {
      name: payment.gateway,
      transactionId: payment.gatewayTransactionId,
      validationId: payment.gatewayValidationId,
      sessionKey: payment.gatewaySessionKey,
      attempts: attempts.map(({ gateway, outcome, failureReason, tries, startedAt, finishedAt }) => ({
        gateway,
        outcome,
        failureReason,
        tries,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt?.toISOString() ?? null,
      })),
      callbacks: callbacks.map((callback) => {
        const signature = signatureOf(callback);
        // A return nobody signed has no signature to be valid: stored as passing our checks, it
        // reads as not signed here, as on the dashboard.
        return {
          ...callback,
          signatureValid: signature === 'NOT_SIGNED' ? null : callback.signatureValid,
          signature,
        };
      }),
    },
    ...(ledger && { ledger }),
    disputes: disputes.map(disputeView),
    webhooks,
    temporalUrl: temporalUrl(deps, payment.reference),
  };
}

export type PaymentDetail = Awaited<ReturnType<typeof paymentDetail>>;

export async function eventList(deps: RouteDeps, query: AdminEventsQuery) {
  return listEventsForOperators(em(deps), query);
}

export type EventListItem = Awaited<ReturnType<typeof eventList>>['items'][number];

/**
 * Delivers an event again as a new workflow, to every endpoint that takes it now, with the same
 * `webhook-id` so receivers dedupe, and attempt numbers after those already recorded. The event row is locked meanwhile, so two
 * operators resending at once are served one after the other.
 */
export async function resendEvent(deps: RouteDeps, actor: AuditActor, eventId: string) {
  return em(deps).transactional(async (tx) => {
    const locked = await lockEventForResend(tx, eventId);
    if (!locked) throw new ApiError('EVENT_NOT_FOUND');
    const { event, maxAttempt, previousResends } = locked;
    // Rolled back with the transaction if the workflow cannot start.
    await redeliverEvent(tx, event);
    const started = await deps.orchestrator
      .resendWebhook({
        eventId: event.id,
        appId: event.appId,
        mode: event.mode,
        resendNumber: previousResends + 1,
        attemptOffset: maxAttempt,
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError) throw error;
        deps.logger.error({ err: error, eventId: event.id }, 'could not start webhook resend');
        throw new ApiError('SERVICE_UNAVAILABLE', 'Could not start the webhook resend; please try again');
      });
    const result = {
      eventId: event.id,
      type: event.type,
      workflowId: started.workflowId,
      resendNumber: started.resendNumber,
      firstAttempt: maxAttempt + 1,
    };
    await appendAudit(tx, actor, {
      action: RESEND_AUDIT_ACTION,
      targetType: 'event',
      targetId: event.id,
      before: { deliveryStatus: event.deliveryStatus, attempts: maxAttempt },
      after: { deliveryStatus: 'PENDING', ...result },
    });
    return result;
  });
}
