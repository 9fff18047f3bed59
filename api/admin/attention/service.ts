import type { EntityManager } from '@mikro-orm/postgresql';
import { loadTies } from '../../../db/operators/operator-ties.js';
import { closeIfLapsed } from '../../../db/approvals/approval-windows.js';
import {
  parkedRefundsOf,
  listFlaggedPayments,
  type AttentionFilters,
  type ParkedRefund,
} from '../../../db/payments/attention.js';
import {
  closeAttentionRequest,
  findAttentionRequest,
  insertAttentionRequest,
  latestAttentionRequests,
} from '../../../db/payments/attention-requests.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { supersedeWaitingProposal } from '../../../db/operators/proposals.js';
import type { Payment } from '../../../platform/orm/entities.js';
import { postJournalEntry } from '../../../db/ledger/ledger.js';
import { appNames, findPaymentForOperators } from '../../../db/payments/payment-admin.js';
import { lockPayment, resolvePaymentAttention } from '../../../db/payments/payments.js';
import { refundView } from '../../../db/refunds/refund-view.js';
import { takeUnappliedRefund } from '../../../db/refunds/refunds.js';
import { startTakenRefund } from '../../refunds/refund-requests.js';
import {
  attentionKindOf,
  attentionRequestStale,
  judgeAttentionAction,
  judgeAttentionDecision,
  type AttentionAction,
  type AttentionDecision,
  type AttentionRequest,
} from '../../../domain/payments/attention.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { CLOSED_AS } from '../../../domain/operators/proposals.js';
import { newRefundReference } from '../../../domain/shared/ids.js';
import { unappliedAppliedEntry } from '../../../domain/ledger/ledger.js';
import { formatMoney, isCurrency } from '../../../domain/shared/money.js';
import type { RouteDeps } from '../../deps.js';
import { paymentIdParam } from '../../payments/payment-schemas.js';
import type { AdminState } from '../session.js';

/**
 * The attention queue: payments whose captured money could not be applied (captured after the
 * payment closed, the wrong amount or currency, a risky transaction), parked as unapplied funds.
 * Finance sends the money back, or applies it to the app, or closes a flag that parked nothing;
 * each action is audited, and money moves only through the ledger.
 */

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

/** A request to apply the parked money, as operators see it; `stale` once approving it would be refused. */
function requestView(request: AttentionRequest, payment: Payment) {
  return {
    id: request.id,
    kind: request.kind,
    amountMinor: request.amountMinor,
    currency: request.currency,
    amountFormatted: isCurrency(request.currency) ? formatMoney(request.amountMinor, request.currency) : null,
    note: request.note,
    status: request.status,
    stale:
      request.status === 'PENDING' &&
      attentionRequestStale(request, {
        ...payment,
        unappliedCurrency: payment.unappliedCurrency ?? payment.currency,
      }),
    proposedByOperatorId: request.proposedByOperatorId,
    proposedBy: request.proposedByEmail,
    proposedAt: request.proposedAt.toISOString(),
    decidedByOperatorId: request.decidedByOperatorId,
    decidedBy: request.decidedByEmail,
    decidedAt: request.decidedAt?.toISOString() ?? null,
    comment: request.comment,
  };
}

export type AttentionRequestView = ReturnType<typeof requestView>;

export function attentionView(
  payment: Payment,
  parkedRefunds: ParkedRefund[],
  appName: string | null,
  latestRequest: AttentionRequest | null = null,
) {
  const currency = payment.unappliedCurrency ?? payment.currency;
  return {
    paymentId: payment.id,
    reference: payment.reference,
    appId: payment.appId,
    appName,
    mode: payment.mode,
    status: payment.status,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    kind: attentionKindOf(payment.attentionReason ?? ''),
    reason: payment.attentionReason ?? '',
    parkedMinor: payment.unappliedMinor,
    parkedCurrency: payment.unappliedMinor > 0 ? currency : null,
    parkedFormatted:
      payment.unappliedMinor > 0 && isCurrency(currency)
        ? formatMoney(payment.unappliedMinor, currency)
        : null,
    parkedRefunds,
    /** The latest request to apply the parked money (PENDING while it waits for a second operator). */
    applyRequest: latestRequest ? requestView(latestRequest, payment) : null,
    resolution: payment.attentionResolution,
    note: payment.attentionNote,
    resolvedBy: payment.attentionResolvedBy,
    resolvedAt: payment.attentionResolvedAt?.toISOString() ?? null,
    createdAt: payment.createdAt.toISOString(),
  };
}

export type AttentionItem = ReturnType<typeof attentionView>;

export async function attentionList(deps: RouteDeps, filters: AttentionFilters) {
  const db = em(deps);
  const result = await listFlaggedPayments(db, filters);
  const names = await appNames(
    db,
    result.items.map((i) => i.payment.appId),
  );
  const requests = await latestAttentionRequests(
    db,
    result.items.map((i) => i.payment.id),
  );
  return {
    items: result.items.map((i) =>
      attentionView(
        i.payment,
        i.parkedRefunds,
        names.get(i.payment.appId) ?? null,
        requests.get(i.payment.id) ?? null,
      ),
    ),
    total: result.total,
  };
}

async function flaggedOr404(deps: RouteDeps, idOrReference: string): Promise<Payment> {
  const id = paymentIdParam.safeParse(idOrReference);
  const payment = id.success ? await findPaymentForOperators(em(deps), id.data) : null;
  if (!payment) throw new ApiError('PAYMENT_NOT_FOUND');
  return payment;
}

export async function attentionItem(deps: RouteDeps, idOrReference: string): Promise<AttentionItem> {
  const payment = await flaggedOr404(deps, idOrReference);
  const refunds = await parkedRefundsOf(em(deps), [payment.id]);
  const names = await appNames(em(deps), [payment.appId]);
  const requests = await latestAttentionRequests(em(deps), [payment.id]);
  return attentionView(
    payment,
    refunds.get(payment.id) ?? [],
    names.get(payment.appId) ?? null,
    requests.get(payment.id) ?? null,
  );
}

/** Locks the payment and checks the action against it, inside the caller's transaction. */
async function lockFlagged(tx: EntityManager, paymentId: number, action: AttentionAction) {
  const locked = (await lockPayment(tx, paymentId))!;
  const parked = (await parkedRefundsOf(tx, [locked.id])).get(locked.id) ?? [];
  const verdict = judgeAttentionAction(locked, parked, action);
  if (!verdict.allowed) throw new ApiError(verdict.code);
  return locked;
}

/** The audit log's picture of a request. */
const requestFacts = (request: AttentionRequest) => ({
  request: request.id,
  amountMinor: request.amountMinor,
  currency: request.currency,
  note: request.note,
  proposedBy: request.proposedByOperatorId,
  status: request.status,
});

/**
 * Asks to send all of a flagged payment's parked money back to the customer, through a refund
 * workflow. The refund always waits PENDING_APPROVAL: an operator other than the one asking
 * approves it through the refund approval step, which checks that again where it applies the
 * decision.
 */
export async function refundFlagged(
  deps: RouteDeps,
  admin: AdminState,
  actor: AuditActor,
  idOrReference: string,
  note: string,
): Promise<AttentionItem> {
  const payment = await flaggedOr404(deps, idOrReference);
  const taken = await em(deps).transactional(async (tx) => {
    const locked = await lockFlagged(tx, payment.id, 'REFUND');
    const result = await takeUnappliedRefund(
      tx,
      locked,
      {
        reference: newRefundReference(),
        reason: note,
        metadata: {},
        idempotencyKey: null,
        requestedByOperatorId: admin.operator.id,
      },
      refundView,
      deps.config.REFUND_APPROVAL_WINDOW_HOURS * 3_600_000,
    );
    if (!('refund' in result)) throw new ApiError(result.code, result.message);
    await appendAudit(tx, actor, {
      action: 'payment.attention_refund',
      targetType: 'payment',
      targetId: locked.reference,
      before: { attentionReason: locked.attentionReason, parkedMinor: locked.unappliedMinor },
      after: {
        refund: result.refund.reference,
        amountMinor: result.refund.amountMinor,
        status: result.refund.status,
        note,
      },
    });
    return result;
  });
  await startTakenRefund(deps, taken);
  return attentionItem(deps, payment.reference);
}

/**
 * Closes a flag that parked nothing (ACKNOWLEDGE), with its note and audit entry; or, for APPLY,
 * asks for the parked money to be applied to the app: a pending request a different operator
 * decides (see decideAttentionRequest). Nothing moves in the ledger until then.
 */
export async function resolveFlagged(
  deps: RouteDeps,
  admin: AdminState,
  actor: AuditActor,
  idOrReference: string,
  resolution: 'APPLY' | 'ACKNOWLEDGE',
  note: string,
): Promise<AttentionItem> {
  if (resolution === 'APPLY') return requestApply(deps, admin, actor, idOrReference, note);
  const payment = await flaggedOr404(deps, idOrReference);
  await em(deps).transactional(async (tx) => {
    const locked = await lockFlagged(tx, payment.id, resolution);
    await resolvePaymentAttention(tx, locked.id, {
      kind: 'ACKNOWLEDGED',
      note,
      by: actor.label ?? 'operator',
    });
    await appendAudit(tx, actor, {
      action: 'payment.attention_resolved',
      targetType: 'payment',
      targetId: locked.reference,
      before: { attentionReason: locked.attentionReason, parkedMinor: locked.unappliedMinor },
      after: { resolution: 'ACKNOWLEDGED', note },
    });
  });
  return attentionItem(deps, payment.reference);
}

/**
 * Records a request to apply the parked money. One request waits per payment: the same operator
 * asking again for the same money gets the one waiting (a retried request); anything else
 * supersedes it, so the second operator judges the latest intent and names it when deciding.
 */
async function requestApply(
  deps: RouteDeps,
  admin: AdminState,
  actor: AuditActor,
  idOrReference: string,
  note: string,
): Promise<AttentionItem> {
  const payment = await flaggedOr404(deps, idOrReference);
  await em(deps).transactional(async (tx) => {
    const locked = await lockFlagged(tx, payment.id, 'APPLY');
    const currency = locked.unappliedCurrency ?? locked.currency;
    const latest = (await latestAttentionRequests(tx, [locked.id])).get(locked.id);
    // One past its window no longer stands in a new request's way.
    const lapsed = latest?.status === 'PENDING' && (await closeIfLapsed(tx, 'attention', latest.id));
    const waiting = lapsed ? null : latest;
    if (waiting?.status === 'PENDING') {
      if (
        waiting.proposedByOperatorId === admin.operator.id &&
        waiting.note === note &&
        !attentionRequestStale(waiting, { ...locked, unappliedCurrency: currency })
      ) {
        return;
      }
      await supersedeWaitingProposal(
        tx,
        actor,
        {
          close: (outcome) => closeAttentionRequest(tx, waiting.id, outcome),
          operatorId: admin.operator.id,
          at: new Date(),
        },
        {
          action: 'payment.attention_apply_superseded',
          targetType: 'payment',
          targetId: locked.reference,
          before: requestFacts(waiting),
          after: (superseded) => (superseded ? requestFacts(superseded) : null),
        },
      );
    }
    const request = await insertAttentionRequest(tx, {
      paymentId: locked.id,
      amountMinor: locked.unappliedMinor,
      currency,
      note,
      proposedByOperatorId: admin.operator.id,
    });
    await appendAudit(tx, actor, {
      action: 'payment.attention_apply_requested',
      targetType: 'payment',
      targetId: locked.reference,
      before: { attentionReason: locked.attentionReason, parkedMinor: locked.unappliedMinor },
      after: requestFacts(request),
    });
  });
  return attentionItem(deps, payment.reference);
}

const REFUSALS = {
  ATTENTION_REQUEST_NOT_PENDING: undefined,
  ATTENTION_REQUEST_STALE: undefined,
  ATTENTION_REFUND_IN_FLIGHT: undefined,
  SELF_APPROVAL_FORBIDDEN:
    'Parked money is applied only when an operator other than, and independent of, the one who asked approves it',
  FORBIDDEN: 'Only the operator who asked may withdraw this request',
} as const;

/**
 * Approves, rejects or withdraws a request to apply parked money. Everything is judged again
 * here, in the transaction that moves the money, against the request and the payment re-read
 * under their locks: a different operator than the proposer, the request still pending, the flag
 * still open with the same parked money and no refund holding it. Approving posts the
 * UNAPPLIED_APPLIED entry, closes the flag as APPLIED and the request, with the audit entry.
 */
export async function decideAttentionRequest(
  deps: RouteDeps,
  admin: AdminState,
  actor: AuditActor,
  idOrReference: string,
  rawRequestId: string,
  decision: AttentionDecision,
  comment: string | null,
): Promise<AttentionItem> {
  const payment = await flaggedOr404(deps, idOrReference);
  const requestId = /^[1-9]\d{0,15}$/.test(rawRequestId) ? Number(rawRequestId) : NaN;
  if (!Number.isSafeInteger(requestId)) throw new ApiError('ATTENTION_REQUEST_NOT_FOUND');
  await em(deps).transactional(async (tx) => {
    const locked = (await lockPayment(tx, payment.id))!;
    const request = await findAttentionRequest(tx, requestId, true);
    if (!request || request.paymentId !== locked.id) throw new ApiError('ATTENTION_REQUEST_NOT_FOUND');
    const parked = (await parkedRefundsOf(tx, [locked.id])).get(locked.id) ?? [];
    const currency = locked.unappliedCurrency ?? locked.currency;
    const refusal = judgeAttentionDecision(
      request,
      decision,
      admin.operator.id,
      { ...locked, unappliedCurrency: currency },
      parked,
      await loadTies(tx, request.proposedByOperatorId, admin.operator.id),
    );
    if (refusal) throw new ApiError(refusal, REFUSALS[refusal]);
    if (decision === 'APPROVE') {
      if (!isCurrency(currency)) throw new ApiError('ATTENTION_NOTHING_PARKED');
      await postJournalEntry(
        tx,
        unappliedAppliedEntry({
          paymentReference: locked.reference,
          appId: String(locked.appId),
          mode: locked.mode,
          currency,
          amountMinor: request.amountMinor,
        }),
      );
      await resolvePaymentAttention(tx, locked.id, {
        kind: 'APPLIED',
        note: request.note,
        by: `${request.proposedByEmail ?? request.proposedByOperatorId}, approved by ${actor.label ?? 'operator'}`,
      });
    }
    const closed = await closeAttentionRequest(tx, request.id, {
      status: CLOSED_AS[decision],
      operatorId: admin.operator.id,
      comment,
    });
    if (!closed) throw new ApiError('ATTENTION_REQUEST_NOT_PENDING');
    await appendAudit(tx, actor, {
      action: `payment.attention_apply_${CLOSED_AS[decision].toLowerCase()}`,
      targetType: 'payment',
      targetId: locked.reference,
      before: { ...requestFacts(request), parkedMinor: locked.unappliedMinor },
      after: {
        ...requestFacts(closed),
        comment,
        ...(decision === 'APPROVE' && { resolution: 'APPLIED' }),
      },
    });
  });
  return attentionItem(deps, payment.reference);
}
