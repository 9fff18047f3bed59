import type { EntityManager } from '@mikro-orm/postgresql';
import { disputedMinor } from '../disputes/disputes.js';
import type { Mode } from '../../domain/shared/mode.js';
import {
  admitRefund,
  admitUnappliedRefund,
  type RefundAdmission,
  type RefundStatus,
} from '../../domain/refunds/refunds.js';
import type { RefundFunds } from '../../domain/ledger/ledger.js';
import { recordEvent } from '../webhooks/events.js';
import { lockPayment, type AppScope } from '../payments/payments.js';
import type { Payment } from '../../platform/orm/entities.js';
import { json, text, type Row } from '../../platform/orm/row-values.js';
import type { RefundRoute } from '../../domain/refunds/refund-rails.js';
import type { PayoutBeneficiary as Beneficiary } from '../../domain/payouts/beneficiary.js';
import { defaultApprovers } from '../../domain/approvals/rule-book.js';

export interface Refund {
  id: number;
  reference: string;
  paymentId: number;
  paymentReference: string;
  appId: number;
  mode: Mode;
  status: RefundStatus;
  amountMinor: number;
  currency: string;
  /** The payment's captured amount, or money parked for it as unapplied funds. */
  funds: RefundFunds;
  reason: string | null;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  gatewayRefundId: string | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  settledAt: Date | null;
  /** The operator who asked for the refund; null when the app did. */
  requestedByOperatorId: number | null;
  /** Until when a PENDING_APPROVAL refund may wait for an approver; null when it never waited. */
  approvalExpiresAt: Date | null;
  /** How many distinct approvers must approve it while it waits (1 or 2; 0 when it never waited). */
  approvalsRequired: number;
  /** Approvals applied so far (a refund needing two waits on after the first). */
  approvalsGiven: number;
  decision: RefundDecision | null;
  /** Since when a PROCESSING refund waits for finance to confirm it; null when it does not. */
  confirmationRequestedAt: Date | null;
  confirmationReason: string | null;
  /** How it reaches the customer, as taken; null on refunds from before routes were recorded. */
  route: RefundRoute | null;
  /** The payout beneficiary it goes out to when its gateway cannot refund it. */
  destination: Beneficiary | null;
  /**
   * It goes anywhere but the wallet or account that paid (or names one when nobody knows who
   * paid): it waits for an approver whatever its amount, and approvers are warned.
   */
  destinationNotPayer: boolean;
  /** The payment's gateway. */
  paymentGateway: string | null;
  /** The payout made for it, once made (refund_payouts). */
  payout: { reference: string; rail: string; approvedAt: Date } | null;
}

/** An approver's decision on a refund that waited for one. */
export interface RefundDecision {
  operatorId: number;
  /** The approver's email, as the audit log names them. */
  by: string;
  comment: string | null;
  at: Date;
}

/** Every read of a refund goes through this: the refund and its payment's reference. */
const SELECT_REFUND = `select r.id, r.reference, r.payment_id, p.reference as payment_reference, r.app_id,
  r.mode, r.status, r.amount_minor, r.currency, r.funds, r.reason, r.metadata, r.idempotency_key,
  r.gateway_refund_id, r.failure_reason, r.created_at, r.updated_at, r.settled_at,
  r.requested_by_operator_id, r.approval_expires_at, r.approvals_required, r.decided_by_operator_id, r.decided_by,
  r.decision_comment, r.decided_at, r.confirmation_requested_at, r.confirmation_reason,
  r.route, r.destination, r.destination_not_payer, p.gateway as payment_gateway, rp.rail as payout_rail, rp.approved_at as payout_approved_at,
  (select po.reference from payouts po where po.id = rp.payout_id) as payout_reference,
  (select count(*) from refund_decisions d where d.refund_id = r.id and d.stage = 'APPROVAL'
     and d.verdict = 'APPROVE' and d.status = 'APPLIED') as approvals_given
  from refunds r join payments p on p.id = r.payment_id left join refund_payouts rp on rp.refund_id = r.id`;

function refundFromRow(row: Row): Refund {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    paymentId: Number(row.payment_id),
    paymentReference: String(row.payment_reference),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    status: row.status as RefundStatus,
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    funds: row.funds as RefundFunds,
    reason: text(row.reason),
    metadata: json<Record<string, unknown>>(row.metadata),
    idempotencyKey: text(row.idempotency_key),
    gatewayRefundId: text(row.gateway_refund_id),
    failureReason: text(row.failure_reason),
    createdAt: new Date(row.created_at as string),
    updatedAt: new Date(row.updated_at as string),
    settledAt: row.settled_at ? new Date(row.settled_at as string) : null,
    requestedByOperatorId: row.requested_by_operator_id == null ? null : Number(row.requested_by_operator_id),
    approvalExpiresAt: row.approval_expires_at ? new Date(row.approval_expires_at as string) : null,
    approvalsRequired: Number(row.approvals_required),
    approvalsGiven: Number(row.approvals_given),
    decision:
      row.decided_at == null
        ? null
        : {
            operatorId: Number(row.decided_by_operator_id),
            by: String(row.decided_by),
            comment: text(row.decision_comment),
            at: new Date(row.decided_at as string),
          },
    confirmationRequestedAt: row.confirmation_requested_at
      ? new Date(row.confirmation_requested_at as string)
      : null,
    confirmationReason: text(row.confirmation_reason),
    route: (text(row.route) as RefundRoute | null) ?? null,
    destination: row.destination == null ? null : json<Beneficiary>(row.destination),
    destinationNotPayer: row.destination_not_payer === true,
    paymentGateway: text(row.payment_gateway),
    payout:
      row.payout_reference == null
        ? null
        : {
            reference: String(row.payout_reference),
            rail: String(row.payout_rail),
            approvedAt: new Date(row.payout_approved_at as string),
          },
  };
}

/** Refunds matching a condition over `refunds r join payments p` (with its order and limit, if any). */
export async function selectRefunds(em: EntityManager, where: string, params: unknown[]): Promise<Refund[]> {
  const rows = await em.execute<Row[]>(`${SELECT_REFUND} where ${where}`, params);
  return rows.map(refundFromRow);
}

export async function findRefundById(em: EntityManager, id: number): Promise<Refund | null> {
  return (await selectRefunds(em, 'r.id = ?', [id]))[0] ?? null;
}

/** Any refund, by numeric id or reference (operators). */
export async function findRefund(em: EntityManager, idOrReference: string): Promise<Refund | null> {
  const byId = /^\d{1,15}$/.test(idOrReference);
  const [refund] = await selectRefunds(em, byId ? 'r.id = ?' : 'r.reference = ?', [
    byId ? Number(idOrReference) : idOrReference,
  ]);
  return refund ?? null;
}

/** A refund of the app's own mode, by numeric id or reference. */
export async function findScopedRefund(
  em: EntityManager,
  scope: AppScope,
  idOrReference: string,
): Promise<Refund | null> {
  const byId = /^\d{1,15}$/.test(idOrReference);
  const [refund] = await selectRefunds(
    em,
    `${byId ? 'r.id = ?' : 'r.reference = ?'} and r.app_id = ? and r.mode = ?`,
    [byId ? Number(idOrReference) : idOrReference, scope.appId, scope.mode],
  );
  return refund ?? null;
}

export function refundsOfPayment(em: EntityManager, paymentId: number): Promise<Refund[]> {
  return selectRefunds(em, 'r.payment_id = ? order by r.id', [paymentId]);
}

export async function findRefundByIdempotencyKey(
  em: EntityManager,
  scope: AppScope,
  idempotencyKey: string,
): Promise<Refund | null> {
  const [refund] = await selectRefunds(em, 'r.app_id = ? and r.mode = ? and r.idempotency_key = ?', [
    scope.appId,
    scope.mode,
    idempotencyKey,
  ]);
  return refund ?? null;
}

export interface RefundRequest {
  reference: string;
  amountMinor?: number;
  reason: string | null;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  /** The operator asking, when one does (the dashboard); null for an app's request. */
  requestedByOperatorId?: number | null;
  /** Waits PENDING_APPROVAL whatever the app's policy (finance's refund of a reconciliation exception). */
  requireApproval?: boolean;
  /** How it reaches the customer (routeRefund); null: as before routes (the gateway, or finance). */
  route?: RefundRoute | null;
  /** The payout beneficiary to pay it back to when its gateway cannot. */
  destination?: Beneficiary | null;
}

/** A refund just taken and the events it recorded, for its workflow to deliver. */
export interface TakenRefund {
  refund: Refund;
  eventId: string;
  /** `refund.approval_required`, when the app's policy makes the refund wait for an approver. */
  approvalEventId: string | null;
}

/**
 * Locks the payment's row for a refund of its captured amount, inside the caller's transaction,
 * and admits `amountMinor` (everything still refundable when absent) against the refunds already
 * taken: concurrent requests for one payment are decided one after another, so their total never
 * exceeds the capture. The lock is held until the transaction ends, so whatever the caller then
 * decides about the refund is decided on what it read here.
 */
export async function admitCapturedRefund(
  tx: EntityManager,
  paymentId: number,
  amountMinor: number | undefined,
): Promise<{ admitted: true; locked: Payment; amountMinor: number } | RefundRefusal> {
  const locked = await lockPayment(tx, paymentId);
  if (!locked) throw new Error(`payment ${paymentId} vanished`);
  const admission = admitRefund(
    { ...locked, disputedMinor: await disputedMinor(tx, locked.id) },
    await refundsTaken(tx, locked.id, 'CAPTURED'),
    amountMinor,
  );
  return admission.admitted ? { ...admission, locked } : admission;
}

export type RefundRefusal = Extract<RefundAdmission, { admitted: false }>;

/** Refund statuses that hold or moved money: what a limit adds up (failed, rejected and expired ones do not). */
const HELD_STATUSES = `('PENDING_APPROVAL', 'PROCESSING', 'SUCCEEDED')`;

/**
 * Locks the requester of a refund (the app's key, or the operator) for the rest of the caller's
 * transaction, taken after the payment's row lock (always in that order): concurrent refunds of
 * one requester, across payments, are then judged one after another, so they cannot each slip
 * under a day's limit their sum is over.
 */
export async function lockRefundRequester(
  tx: EntityManager,
  locked: Payment,
  operatorId: number | null,
): Promise<void> {
  const requesterKey =
    operatorId === null ? `app:${locked.appId}:${locked.mode}` : `operator:${operatorId}:${locked.mode}`;
  await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
    `refund-requester:${requesterKey}`,
  ]);
}

/** What a refund's approval limits add up, read under the payment's and the requester's locks. */
export interface RefundTotals {
  /** The payment's refunds in its currency that hold or moved money. */
  paymentSoFarMinor: number;
  /** The requester's refunds of `day` in the payment's mode and currency that hold or moved money. */
  requesterDayMinor: number;
}

/**
 * The payment's refunds so far and the requester's refunds of one company day (the app's own,
 * when `operatorId` is null), each summed over refunds that hold or moved money. Read after
 * `lockRefundRequester`, in the same transaction, so the totals cannot change before the refund
 * judged on them is stored.
 */
export async function refundTotalsOf(
  tx: EntityManager,
  locked: Payment,
  operatorId: number | null,
  day: { start: Date; end: Date },
): Promise<RefundTotals> {
  const [paid] = await tx.execute<Array<{ total: string }>>(
    `select coalesce(sum(amount_minor), 0) as total from refunds
      where payment_id = ? and currency = ? and status in ${HELD_STATUSES}`,
    [locked.id, locked.currency],
  );
  const [today] = await tx.execute<Array<{ total: string }>>(
    `select coalesce(sum(amount_minor), 0) as total from refunds
      where mode = ? and currency = ? and status in ${HELD_STATUSES} and created_at >= ? and created_at < ?
        and ${operatorId === null ? 'app_id = ? and requested_by_operator_id is null' : 'requested_by_operator_id = ?'}`,
    [locked.mode, locked.currency, day.start, day.end, operatorId ?? locked.appId],
  );
  return { paymentSoFarMinor: Number(paid?.total ?? 0), requesterDayMinor: Number(today?.total ?? 0) };
}

/**
 * Stores an admitted refund of a payment's captured amount with its events (the outbox), inside
 * the caller's transaction that holds the payment's row lock: PENDING_APPROVAL for
 * `approvalsRequired` approvers until `approvalWindowMs` has passed when it waits, else PROCESSING.
 */
export function insertCapturedRefund(
  tx: EntityManager,
  locked: Payment,
  request: RefundRequest,
  view: (refund: Refund) => Record<string, unknown>,
  admitted: {
    amountMinor: number;
    approvalWindowMs: number | null;
    approvalsRequired: number;
    destinationNotPayer?: boolean;
  },
): Promise<TakenRefund> {
  return insertRefund(tx, locked, request, view, {
    funds: 'CAPTURED',
    currency: locked.currency,
    ...admitted,
  });
}

/**
 * Takes a refund of the money parked for a payment (unapplied funds), inside the caller's
 * transaction, which holds the payment's row lock. The late-capture refund is the service's own
 * and has no approval step (`approvalWindowMs` null); an operator's refund from the attention
 * queue waits PENDING_APPROVAL for the rule book's `parked.release` approvers, whatever the app's
 * policy: the money it releases was never the app's to set a policy for.
 */
export async function takeUnappliedRefund(
  tx: EntityManager,
  locked: Payment,
  request: RefundRequest,
  view: (refund: Refund) => Record<string, unknown>,
  approvalWindowMs: number | null = null,
): Promise<TakenRefund | RefundRefusal> {
  const admission = admitUnappliedRefund(
    { unappliedMinor: locked.unappliedMinor, resolved: locked.attentionResolvedAt !== null },
    await refundsTaken(tx, locked.id, 'UNAPPLIED'),
    request.amountMinor,
  );
  if (!admission.admitted) return admission;
  // An operator's refund of parked money waits as the rule book says; the service's own does not.
  const approvalsRequired = approvalWindowMs === null ? 0 : defaultApprovers('parked.release', locked.mode);
  return insertRefund(tx, locked, request, view, {
    funds: 'UNAPPLIED',
    amountMinor: admission.amountMinor,
    currency: locked.unappliedCurrency ?? locked.currency,
    approvalWindowMs: approvalsRequired > 0 ? approvalWindowMs : null,
    approvalsRequired,
  });
}

async function refundsTaken(tx: EntityManager, paymentId: number, funds: RefundFunds) {
  const rows = await tx.execute<Array<{ status: RefundStatus; amount_minor: string }>>(
    'select status, amount_minor from refunds where payment_id = ? and funds = ?',
    [paymentId, funds],
  );
  return rows.map((row) => ({ status: row.status, amountMinor: Number(row.amount_minor) }));
}

/** Stores an admitted refund with its events (the outbox): PENDING_APPROVAL when it waits, else PROCESSING. */
async function insertRefund(
  tx: EntityManager,
  locked: Payment,
  request: RefundRequest,
  view: (refund: Refund) => Record<string, unknown>,
  admitted: {
    funds: RefundFunds;
    amountMinor: number;
    currency: string;
    approvalWindowMs: number | null;
    approvalsRequired: number;
    destinationNotPayer?: boolean;
  },
): Promise<TakenRefund> {
  const waits = admitted.approvalWindowMs !== null;
  const [row] = await tx.execute<Array<{ id: string }>>(
    `insert into refunds (reference, payment_id, app_id, mode, status, amount_minor, currency, funds, reason,
       metadata, idempotency_key, requested_by_operator_id, approvals_required, approval_expires_at,
       route, destination, destination_not_payer)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?,
       case when ? then now() + make_interval(secs => ?) end, ?, ?::jsonb, ?) returning id`,
    [
      request.reference,
      locked.id,
      locked.appId,
      locked.mode,
      waits ? 'PENDING_APPROVAL' : 'PROCESSING',
      admitted.amountMinor,
      admitted.currency,
      admitted.funds,
      request.reason,
      JSON.stringify(request.metadata),
      request.idempotencyKey,
      request.requestedByOperatorId ?? null,
      waits ? admitted.approvalsRequired : 0,
      waits,
      (admitted.approvalWindowMs ?? 0) / 1000,
      request.route ?? null,
      request.destination ? JSON.stringify(request.destination) : null,
      admitted.destinationNotPayer === true,
    ],
  );
  const refund = (await findRefundById(tx, Number(row!.id)))!;
  const record = async (type: string) =>
    (
      await recordEvent(tx, {
        appId: refund.appId,
        mode: refund.mode,
        type,
        sourceType: 'refund',
        sourceId: refund.reference,
        data: view(refund),
      })
    ).eventId;
  const eventId = await record('refund.created');
  const approvalEventId = waits ? await record('refund.approval_required') : null;
  return { refund, eventId, approvalEventId };
}

/** The refund's workflow is running: the sweeper need not start it. */
export async function markRefundWorkflowStarted(em: EntityManager, refundId: number): Promise<void> {
  await em.execute('update refunds set workflow_started = true where id = ? and not workflow_started', [
    refundId,
  ]);
}

/** Refunds whose workflow may never have started (the API stopped between commit and start). */
export async function refundsAwaitingWorkflow(
  em: EntityManager,
  takenBefore: Date,
  limit: number,
): Promise<Refund[]> {
  return selectRefunds(
    em,
    'not r.workflow_started and r.created_at < ? order by r.created_at, r.id limit ?',
    [takenBefore, limit],
  );
}

/** Remembers the gateway's id for the refund, once: a retried submission keeps the first. */
export async function recordGatewayRefundId(
  em: EntityManager,
  refundId: number,
  gatewayRefundId: string,
): Promise<void> {
  await em.execute(
    'update refunds set gateway_refund_id = ?, updated_at = now() where id = ? and gateway_refund_id is null',
    [gatewayRefundId, refundId],
  );
}

/**
 * Marks a PROCESSING refund the gateway cannot be asked about as waiting for finance, once. A
 * refund confirmed meanwhile (it has the gateway's id, or is final) is left alone.
 */
export async function requestRefundConfirmation(
  em: EntityManager,
  refundId: number,
  reason: string | null,
): Promise<void> {
  await em.execute(
    `update refunds set confirmation_requested_at = now(), confirmation_reason = ?, updated_at = now()
      where id = ? and status = 'PROCESSING' and gateway_refund_id is null and confirmation_requested_at is null`,
    [reason, refundId],
  );
}

/**
 * The gateway's id for a refund, as finance found it: the refund no longer waits for them and is
 * asked about by that id. Returns the refund as changed, or null when it was already confirmed.
 */
export async function recordConfirmedGatewayRefundId(
  tx: EntityManager,
  refundId: number,
  gatewayRefundId: string,
): Promise<Refund | null> {
  const moved = await tx.execute<Array<{ id: string }>>(
    `update refunds set gateway_refund_id = ?, confirmation_requested_at = null, updated_at = now()
      where id = ? and status = 'PROCESSING' and gateway_refund_id is null returning id`,
    [gatewayRefundId, refundId],
  );
  return moved.length ? findRefundById(tx, refundId) : null;
}

/**
 * Moves a PROCESSING refund to its final status inside the caller's transaction, locking its row.
 * Returns the refund as moved, or null when it was no longer PROCESSING (a retry: already done).
 */
export async function finishRefund(
  tx: EntityManager,
  refundId: number,
  status: 'SUCCEEDED' | 'FAILED',
  failureReason: string | null,
): Promise<Refund | null> {
  const moved = await tx.execute<Array<{ id: string }>>(
    `update refunds set status = ?, failure_reason = ?, updated_at = now(),
       settled_at = case when ? = 'SUCCEEDED' then now() else settled_at end
     where id = ? and status = 'PROCESSING' returning id`,
    [status, failureReason, status, refundId],
  );
  return moved.length ? findRefundById(tx, refundId) : null;
}

/**
 * A refund that SUCCEEDED by its payout, FAILED after all because the payout came back; inside the
 * caller's transaction, which holds the payment's row lock. Null when it is not SUCCEEDED (already
 * undone by an earlier try, or never paid).
 */
export async function failReturnedRefund(
  tx: EntityManager,
  refundId: number,
  failureReason: string,
): Promise<Refund | null> {
  const moved = await tx.execute<Array<{ id: string }>>(
    `update refunds set status = 'FAILED', failure_reason = ?, updated_at = now()
      where id = ? and status = 'SUCCEEDED' returning id`,
    [failureReason, refundId],
  );
  return moved.length ? findRefundById(tx, refundId) : null;
}

export interface RefundListFilters {
  /** One app's refunds; absent for operators looking across apps. */
  appId?: number;
  mode: Mode;
  status?: RefundStatus[];
  /** The payment's reference. */
  payment?: string;
  from?: Date;
  to?: Date;
  /** Only PROCESSING refunds waiting for finance to confirm them. */
  awaitingConfirmation?: boolean;
  /** 1-based page number. */
  page: number;
  size: number;
}

/** The list filters as SQL over `refunds r join payments p`: the list page and its export share them. */
export function refundFilterSql(filters: Omit<RefundListFilters, 'page' | 'size'>): {
  where: string;
  params: unknown[];
} {
  const conditions = ['r.mode = ?'];
  const params: unknown[] = [filters.mode];
  if (filters.appId !== undefined) {
    conditions.push('r.app_id = ?');
    params.push(filters.appId);
  }
  if (filters.status?.length) {
    conditions.push(`r.status in (${filters.status.map(() => '?').join(', ')})`);
    params.push(...filters.status);
  }
  if (filters.payment !== undefined) {
    conditions.push('p.reference = ?');
    params.push(filters.payment);
  }
  if (filters.from) {
    conditions.push('r.created_at >= ?');
    params.push(filters.from);
  }
  if (filters.to) {
    conditions.push('r.created_at < ?');
    params.push(filters.to);
  }
  if (filters.awaitingConfirmation) {
    conditions.push(`r.confirmation_requested_at is not null and r.status = 'PROCESSING'`);
  }
  return { where: conditions.join(' and '), params };
}

/** Refunds of one mode (one app's, or all apps' for operators), newest first, with the total count for the filters. */
export async function listRefunds(
  em: EntityManager,
  filters: RefundListFilters,
): Promise<{ items: Refund[]; total: number }> {
  const { where, params } = refundFilterSql(filters);
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from refunds r join payments p on p.id = r.payment_id where ${where}`,
    params,
  );
  const items = await selectRefunds(em, `${where} order by r.created_at desc, r.id desc limit ? offset ?`, [
    ...params,
    filters.size,
    (filters.page - 1) * filters.size,
  ]);
  return { items, total: Number(counted?.total ?? 0) };
}

/**
 * Records an approver's decision on a refund still PENDING_APPROVAL, inside the caller's
 * transaction: approved moves it to PROCESSING, rejected to REJECTED (releasing its amount, with
 * the approver's comment as its failure reason). Null when it no longer waits (a retry: decided).
 */
export async function recordRefundDecision(
  tx: EntityManager,
  refundId: number,
  decision: { approve: boolean; operatorId: number; by: string; comment: string | null },
): Promise<Refund | null> {
  const moved = await tx.execute<Array<{ id: string }>>(
    `update refunds set status = ?, decided_by_operator_id = ?, decided_by = ?, decision_comment = ?,
       decided_at = now(), updated_at = now(), failure_reason = ?
     where id = ? and status = 'PENDING_APPROVAL' returning id`,
    [
      decision.approve ? 'PROCESSING' : 'REJECTED',
      decision.operatorId,
      decision.by,
      decision.comment,
      decision.approve ? null : `Rejected by an approver${decision.comment ? `: ${decision.comment}` : ''}`,
      refundId,
    ],
  );
  return moved.length ? findRefundById(tx, refundId) : null;
}

/** A refund nobody decided within its window: EXPIRED, its amount released. Null when it no longer waits. */
export async function expireRefundApproval(tx: EntityManager, refundId: number): Promise<Refund | null> {
  const moved = await tx.execute<Array<{ id: string }>>(
    `update refunds set status = 'EXPIRED', updated_at = now(),
       failure_reason = 'No approver decided within the approval window'
     where id = ? and status = 'PENDING_APPROVAL' and approval_expires_at <= now() returning id`,
    [refundId],
  );
  return moved.length ? findRefundById(tx, refundId) : null;
}
