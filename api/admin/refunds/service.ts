import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { beneficiaryOf } from '../../payouts/beneficiaries.js';
import type { CreatePayoutBody } from '../../payouts/payout-schemas.js';
import { stepUpAboveMinor } from '../../operators/step-up-limits.js';
import type { AuditActor } from '../../../db/operators/audit.js';
import { appNames, findPaymentForOperators } from '../../../db/payments/payment-admin.js';
import { refundView } from '../../../db/refunds/refund-view.js';
import {
  findRefund,
  findRefundByIdempotencyKey,
  listRefunds,
  type Refund,
} from '../../../db/refunds/refunds.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { STEP_UP_WINDOW_MS } from '../../../domain/operators/permissions.js';
import { decisionNeedsStepUp } from '../../../domain/refunds/refund-approval.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import type { RouteDeps } from '../../deps.js';
import { confirmAwaitingRefund, decideWaitingRefund } from '../../refunds/refund-decisions.js';
import { requestRefund } from '../../refunds/refund-requests.js';
import { paymentIdParam } from '../../payments/payment-schemas.js';
import { refundIdParam } from '../../refunds/refund-schemas.js';
import { temporalWorkflowUrl } from '../payments/service.js';
import { now, type AdminState } from '../session.js';
import type { AdminRefundsQuery, ConfirmationBody } from './schemas.js';

/** What the JSON API, the dashboard pages and the CLI all do with refunds: one place each. */

/** The warning an approver sees on a refund that does not go back to the payer. */
export const DESTINATION_NOT_PAYER_WARNING = 'destination is not the payer';

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

/** A refund as operators see it: the app's view plus who asked, who decided, and its workflow. */
export function adminRefundView(deps: RouteDeps, refund: Refund, appName: string | null) {
  return {
    ...refundView(refund),
    appId: refund.appId,
    appName,
    requestedByOperatorId: refund.requestedByOperatorId,
    gatewayRefundId: refund.gatewayRefundId,
    approvalExpiresAt: refund.approvalExpiresAt?.toISOString() ?? null,
    approvalsRequired: refund.approvalsRequired,
    approvalsGiven: refund.approvalsGiven,
    // It goes anywhere but the wallet or account that paid: approvers are warned before deciding.
    destinationNotPayer: refund.destinationNotPayer,
    warnings: refund.destinationNotPayer ? [DESTINATION_NOT_PAYER_WARNING] : [],
    decision: refund.decision && {
      operatorId: refund.decision.operatorId,
      by: refund.decision.by,
      comment: refund.decision.comment,
      at: refund.decision.at.toISOString(),
    },
    awaitingConfirmation:
      refund.status === 'PROCESSING' && refund.confirmationRequestedAt
        ? { since: refund.confirmationRequestedAt.toISOString(), reason: refund.confirmationReason }
        : null,
    temporalUrl: temporalWorkflowUrl(deps, workflowIds.refund(refund.reference)),
  };
}

export type AdminRefund = ReturnType<typeof adminRefundView>;

export async function refundList(deps: RouteDeps, query: AdminRefundsQuery) {
  const db = em(deps);
  const { awaitingConfirmation, ...filters } = query;
  const result = await listRefunds(db, { ...filters, awaitingConfirmation: awaitingConfirmation === 'true' });
  const names = await appNames(
    db,
    result.items.map((r) => r.appId),
  );
  return {
    items: result.items.map((r) => adminRefundView(deps, r, names.get(r.appId) ?? null)),
    total: result.total,
  };
}

async function refundOr404(deps: RouteDeps, idOrReference: string): Promise<Refund> {
  const id = refundIdParam.safeParse(idOrReference);
  const refund = id.success ? await findRefund(em(deps), id.data) : null;
  if (!refund) throw new ApiError('REFUND_NOT_FOUND');
  return refund;
}

export async function refundDetail(deps: RouteDeps, idOrReference: string): Promise<AdminRefund> {
  const refund = await refundOr404(deps, idOrReference);
  const names = await appNames(em(deps), [refund.appId]);
  return adminRefundView(deps, refund, names.get(refund.appId) ?? null);
}

/**
 * An approver's decision as the signed-in operator: recorded, then sent to the refund's workflow,
 * whose activity checks the record (still waiting, an approver role, not the operator who asked)
 * and applies it with its audit entry; the answer is the refund as the decision left it.
 * Approving above the step-up amount needs a fresh password.
 */
export async function decideRefund(
  deps: RouteDeps,
  admin: AdminState,
  ip: string | null,
  idOrReference: string,
  approve: boolean,
  comment: string | null,
): Promise<AdminRefund> {
  const { operator, session } = admin;
  const decided = await decideWaitingRefund(
    deps,
    idOrReference,
    approve,
    { operatorId: operator.id, email: operator.email, role: operator.role, ip },
    comment,
    (refund) => {
      const limit = stepUpAboveMinor(deps.config, 'REFUND_APPROVAL', refund.mode);
      const fresh =
        session.stepUpAt !== null && now(deps).getTime() - session.stepUpAt.getTime() <= STEP_UP_WINDOW_MS;
      if (decisionNeedsStepUp(approve ? 'APPROVE' : 'REJECT', refund.amountMinor, limit) && !fresh) {
        throw new ApiError('STEP_UP_REQUIRED', 'Approving a refund this large needs your password again');
      }
    },
  );
  const names = await appNames(em(deps), [decided.appId]);
  return adminRefundView(deps, decided, names.get(decided.appId) ?? null);
}

/**
 * Finance's word on a refund the gateway holds but cannot be asked about, as the signed-in
 * operator: recorded, then sent to the refund's workflow, whose activity checks the record (a
 * finance role, not the operator who asked for the refund) and applies it with its audit entry.
 */
export async function confirmRefund(
  deps: RouteDeps,
  admin: AdminState,
  ip: string | null,
  idOrReference: string,
  body: ConfirmationBody,
): Promise<AdminRefund> {
  const { operator } = admin;
  const refund = await confirmAwaitingRefund(
    deps,
    idOrReference,
    { operatorId: operator.id, email: operator.email, role: operator.role, ip },
    {
      outcome: body.outcome,
      gatewayRefundId: body.outcome === 'SUCCEEDED' ? (body.gatewayRefundId ?? null) : null,
      note: body.note,
    },
  );
  return refundDetail(deps, refund.reference);
}

/**
 * An operator refunds a payment of any app; the app's approval policy applies as to its own refunds.
 * With `formToken` (the dashboard's form carries one, drawn when the form is drawn), a form sent
 * twice takes one refund: the second answer is the first refund.
 */
export async function operatorRefund(
  deps: RouteDeps,
  admin: AdminState,
  actor: AuditActor,
  paymentIdOrReference: string,
  body: {
    amountMinor?: number | undefined;
    reason: string;
    metadata?: Record<string, unknown> | undefined;
    destination?: CreatePayoutBody['beneficiary'] | undefined;
    manualConfirmation?: true | undefined;
  },
  formToken: string | null = null,
): Promise<AdminRefund> {
  const id = paymentIdParam.safeParse(paymentIdOrReference);
  const payment = id.success ? await findPaymentForOperators(em(deps), id.data) : null;
  if (!payment) throw new ApiError('PAYMENT_NOT_FOUND');
  const idempotencyKey = formToken && `dashboard:${admin.operator.id}:${formToken}`;
  const earlier = async () =>
    idempotencyKey
      ? findRefundByIdempotencyKey(em(deps), { appId: payment.appId, mode: payment.mode }, idempotencyKey)
      : null;
  const taken = await earlier();
  if (taken) return refundDetail(deps, taken.reference);
  try {
    const refund = await requestRefund(deps, payment, {
      amountMinor: body.amountMinor,
      reason: body.reason,
      metadata: body.metadata ?? {},
      destination: body.destination ? beneficiaryOf(body.destination) : null,
      // Finance is the operator's own: with no destination, an operator's refund of a gateway
      // without a refund API is paid by hand and confirmed, as the dashboard has always done.
      // A payment whose payer the gateway named is refunded to that payer by default instead.
      manualConfirmation: body.manualConfirmation === true || (!body.destination && !payment.payerAccount),
      idempotencyKey,
      requestedByOperatorId: admin.operator.id,
      auditAs: actor,
    });
    return refundDetail(deps, refund.reference);
  } catch (error) {
    // The same form sent twice at once: the other request took the refund.
    const raced = error instanceof UniqueConstraintViolationException ? await earlier() : null;
    if (raced) return refundDetail(deps, raced.reference);
    throw error;
  }
}
