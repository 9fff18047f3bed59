import type { EntityManager } from '@mikro-orm/postgresql';
import { raw, type ObjectQuery } from '@mikro-orm/core';
import type { Mode } from '../../domain/shared/mode.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import {
  AppSchema,
  AuditEntrySchema,
  GatewayCallbackSchema,
  OutboxEventSchema,
  PaymentSchema,
  PaymentStatusChangeSchema,
  WebhookAttemptSchema,
  type OutboxEvent,
  type Payment,
  type WebhookAttempt,
} from '../../platform/orm/entities.js';
import { paymentFilterWhere } from './payment-list.js';
import type { StatusSummary } from './payment-list.js';

/**
 * Operator queries: unlike the app API, these read across apps (an operator may narrow to one).
 * Mode is always explicit, so a list never mixes TEST and LIVE money.
 */

export interface AdminPaymentFilters {
  appId?: number;
  mode: Mode;
  reference?: string;
  customerReference?: string;
  status?: PaymentStatus[];
  gateway?: string;
  from?: Date;
  to?: Date;
  amountMin?: number;
  amountMax?: number;
  page: number;
  size: number;
}

/** The operators' payment filters as a MikroORM condition: the list page and its export share them. */
export function paymentWhere(f: Omit<AdminPaymentFilters, 'page' | 'size'>): ObjectQuery<Payment> {
  const where: ObjectQuery<Payment> & Record<string, unknown> = { ...paymentFilterWhere(f), mode: f.mode };
  if (f.appId !== undefined) where.appId = f.appId;
  if (f.reference !== undefined) where.reference = f.reference;
  return where;
}

/** App names by id, for labelling rows that come from many apps. */
export async function appNames(em: EntityManager, appIds: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(appIds)];
  if (!unique.length) return new Map();
  const apps = await em.find(AppSchema, { id: { $in: unique } });
  return new Map(apps.map((a) => [a.id, a.name]));
}

export async function listAppChoices(em: EntityManager): Promise<Array<{ id: number; name: string }>> {
  const apps = await em.find(AppSchema, {}, { orderBy: { name: 'asc' }, limit: 500 });
  return apps.map((a) => ({ id: a.id, name: a.name }));
}

export interface OperatorStatusSummary extends StatusSummary {
  totals: Array<{ currency: string; totalMinor: number }>;
}

/** Newest first across apps, with a count and total per status for the whole filtered set. */
export async function listPaymentsForOperators(
  em: EntityManager,
  filters: AdminPaymentFilters,
): Promise<{ items: Payment[]; total: number; summary: OperatorStatusSummary[] }> {
  const where = paymentWhere(filters);
  const [items, total] = await em.findAndCount(PaymentSchema, where, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: filters.size,
    offset: (filters.page - 1) * filters.size,
  });
  const rows: Array<{ status: PaymentStatus; currency: string; count: string; total: string }> = await em
    .createQueryBuilder(PaymentSchema)
    .select(['status', 'currency', raw('count(*) as count'), raw('coalesce(sum(amount_minor), 0) as total')])
    .where(where)
    .groupBy(['status', 'currency'])
    .execute('all', false);
  // Same shape as the app API's summary, plus the totals per currency (amounts of different
  // currencies never add up to a meaningful number on their own).
  const byStatus = new Map<PaymentStatus, OperatorStatusSummary>();
  for (const r of rows) {
    const entry = byStatus.get(r.status) ?? { status: r.status, count: 0, totalMinor: 0, totals: [] };
    entry.count += Number(r.count);
    entry.totalMinor += Number(r.total);
    entry.totals.push({ currency: r.currency, totalMinor: Number(r.total) });
    byStatus.set(r.status, entry);
  }
  const summary = [...byStatus.values()].sort((a, b) => a.status.localeCompare(b.status));
  for (const entry of summary) entry.totals.sort((a, b) => a.currency.localeCompare(b.currency));
  return { items, total, summary };
}

/** A payment of any app by numeric id or reference. */
export async function findPaymentForOperators(em: EntityManager, idOrReference: string) {
  if (/^\d{1,15}$/.test(idOrReference)) return em.findOne(PaymentSchema, { id: Number(idOrReference) });
  return em.findOne(PaymentSchema, { reference: idOrReference });
}

export interface TimelineStep {
  from: PaymentStatus | null;
  to: PaymentStatus;
  reason: string | null;
  at: string;
}

export async function statusTimeline(em: EntityManager, paymentId: number): Promise<TimelineStep[]> {
  const changes = await em.find(
    PaymentStatusChangeSchema,
    { paymentId },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return changes.map((c) => ({
    from: c.fromStatus,
    to: c.toStatus,
    reason: c.reason,
    at: c.createdAt.toISOString(),
  }));
}

/**
 * The gateway callbacks received for a payment, without their raw payload (it carries the
 * gateway's signing material and customer card details, which operators do not need here).
 */
export async function gatewayCallbacks(em: EntityManager, reference: string) {
  const callbacks = await em.find(GatewayCallbackSchema, { reference }, { orderBy: { id: 'asc' } });
  return callbacks.map((c) => ({
    id: c.id,
    kind: c.kind,
    gateway: c.gateway,
    gatewayStatus: c.gatewayStatus,
    validationId: c.validationId,
    signatureValid: c.signatureValid,
    verdict: c.outcome,
    reason: c.outcomeReason,
    receivedAt: c.receivedAt.toISOString(),
    processedAt: c.processedAt?.toISOString() ?? null,
  }));
}

export function attemptView(a: WebhookAttempt) {
  return {
    attempt: a.attempt,
    deliveryTry: a.deliveryTry,
    url: a.url,
    statusCode: a.statusCode,
    failureReason: a.failureReason,
    error: a.error,
    durationMs: a.durationMs,
    at: a.createdAt.toISOString(),
  };
}

async function attemptsByEvent(em: EntityManager, eventIds: string[]) {
  const byEvent = new Map<string, WebhookAttempt[]>();
  if (!eventIds.length) return byEvent;
  const attempts = await em.find(
    WebhookAttemptSchema,
    { eventId: { $in: eventIds } },
    { orderBy: { attempt: 'asc', deliveryTry: 'asc' } },
  );
  for (const a of attempts) byEvent.set(a.eventId, [...(byEvent.get(a.eventId) ?? []), a]);
  return byEvent;
}

/** The webhook events a payment produced, each with every delivery attempt, oldest first. */
export async function paymentEvents(em: EntityManager, reference: string) {
  return eventsWithAttempts(em, { sourceType: 'payment', sourceId: reference });
}

/** The webhook events of a payment's disputes, each with every delivery attempt, oldest first. */
export async function disputeEvents(em: EntityManager, disputeReferences: string[]) {
  if (!disputeReferences.length) return [];
  return eventsWithAttempts(em, { sourceType: 'dispute', sourceId: { $in: disputeReferences } });
}

/** The events of an invoice: its own, its payments' (on the invoice) and its installments' notices. */
export async function invoiceEvents(em: EntityManager, reference: string, paymentReferences: string[]) {
  return eventsWithAttempts(em, {
    $or: [
      { sourceType: 'invoice', sourceId: reference },
      { sourceType: 'invoice_installment', sourceId: { $like: `${reference}#%` } },
      ...(paymentReferences.length
        ? [{ sourceType: 'invoice_payment', sourceId: { $in: paymentReferences } }]
        : []),
    ],
  });
}

async function eventsWithAttempts(em: EntityManager, where: ObjectQuery<OutboxEvent>) {
  const events = await em.find(OutboxEventSchema, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const attempts = await attemptsByEvent(
    em,
    events.map((e) => e.id),
  );
  return events.map((e) => ({
    id: e.id,
    type: e.type,
    deliveryStatus: e.deliveryStatus,
    createdAt: e.createdAt.toISOString(),
    attempts: (attempts.get(e.id) ?? []).map(attemptView),
  }));
}

export interface EventFilters {
  appId?: number;
  mode: Mode;
  type?: string;
  deliveryStatus?: OutboxEvent['deliveryStatus'];
  page: number;
  size: number;
  /** Continue after this event (a cursor's event id) instead of paging by number. */
  after?: string;
}

/**
 * Webhook events across apps, newest first, each with its attempt count and last status code;
 * `lastId` names the last event when a next page may follow (the page was full).
 */
export async function listEventsForOperators(em: EntityManager, f: EventFilters) {
  const where: Record<string, unknown> = { mode: f.mode };
  if (f.appId !== undefined) where.appId = f.appId;
  if (f.type !== undefined) where.type = f.type;
  if (f.deliveryStatus !== undefined) where.deliveryStatus = f.deliveryStatus;
  const total = await em.count(OutboxEventSchema, where);
  const page = em
    .createQueryBuilder(OutboxEventSchema)
    .select('*')
    .where(where)
    .orderBy({ createdAt: 'desc', id: 'desc' })
    .limit(f.size);
  if (f.after !== undefined) {
    // Keyset: the events strictly before the cursor's, read from events_list_idx at any depth.
    // The cursor's event is looked up in the same mode, so a cursor names nothing in the other.
    page.andWhere(
      `(created_at, id) < (select c.created_at, c.id from events c where c.id = ? and c.mode = ?)`,
      [f.after, f.mode],
    );
  } else {
    page.offset((f.page - 1) * f.size);
  }
  const events = await page.getResultList();
  const attempts = await attemptsByEvent(
    em,
    events.map((e) => e.id),
  );
  const names = await appNames(
    em,
    events.map((e) => e.appId),
  );
  const items = events.map((e) => {
    const list = attempts.get(e.id) ?? [];
    const last = list[list.length - 1];
    return {
      id: e.id,
      appId: e.appId,
      appName: names.get(e.appId) ?? null,
      mode: e.mode,
      type: e.type,
      sourceType: e.sourceType,
      sourceId: e.sourceId,
      deliveryStatus: e.deliveryStatus,
      createdAt: e.createdAt.toISOString(),
      attemptCount: list.length,
      lastStatusCode: last?.statusCode ?? null,
      lastError: last?.error ?? null,
      lastAttemptAt: last?.createdAt.toISOString() ?? null,
    };
  });
  const last = events.at(-1);
  return { items, total, lastId: last && events.length === f.size ? last.id : null };
}

export const RESEND_AUDIT_ACTION = 'webhook.resend';

/**
 * Locks the event row for the caller's transaction (concurrent resends of one event queue up),
 * and reads what a resend needs: the highest attempt recorded and how many resends came before.
 */
export async function lockEventForResend(tx: EntityManager, eventId: string) {
  const [event] = await tx.execute<Array<{ id: string }>>('select id from events where id = ? for update', [
    eventId,
  ]);
  if (!event) return null;
  const found = await tx.findOneOrFail(OutboxEventSchema, { id: eventId }, { disableIdentityMap: true });
  const [max] = await tx.execute<Array<{ max: number | null }>>(
    'select max(attempt) as max from webhook_attempts where event_id = ?',
    [eventId],
  );
  const previousResends = await tx.count(AuditEntrySchema, {
    action: RESEND_AUDIT_ACTION,
    targetType: 'event',
    targetId: eventId,
  });
  return { event: found, maxAttempt: Number(max?.max ?? 0), previousResends };
}
