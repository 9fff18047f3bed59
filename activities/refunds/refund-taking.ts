import { loadGuardrails, lockDayLimit, movedInDay } from '../../db/apps/guardrails.js';
import { limitBreached } from '../../domain/apps/guardrails.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Payment } from '../../platform/orm/entities.js';
import { approvalRulesOf } from '../../db/refunds/refund-policies.js';
import {
  admitCapturedRefund,
  insertCapturedRefund,
  lockRefundRequester,
  refundTotalsOf,
  type Refund,
  type RefundRefusal,
  type RefundRequest,
  type TakenRefund,
} from '../../db/refunds/refunds.js';
import { companyDayOf, DEFAULT_COMPANY_TIME_ZONE } from '../../domain/shared/company-day.js';
import {
  approversForRefund,
  judgedAmounts,
  requesterDayOf,
  type ApproverCount,
} from '../../domain/refunds/refund-approval-rules.js';
import { approversWithDestination, refundDestinationOf } from '../../domain/refunds/refund-destination.js';

/**
 * Takes a refund of a payment's captured amount in one transaction: the payment's row is locked,
 * so concurrent requests for one payment are decided one after another against the refunds
 * already taken, and their total never exceeds the capture. An admitted refund is stored
 * PROCESSING, or PENDING_APPROVAL (holding its amount until `approvalWindowMs` has passed) when
 * the app's approval rules ask for approvers (the requester's refunds summed over the company day
 * in `companyTimeZone`), with its events (the outbox); a refused one changes
 * nothing. The app's API, the dashboard, the admin API and finance's reconciliation all take
 * refunds here.
 */
export async function takeRefund(
  em: EntityManager,
  payment: Pick<Payment, 'id'>,
  request: RefundRequest,
  view: (refund: Refund) => Record<string, unknown>,
  approvalWindowMs: number,
  /** Runs in the same transaction once the refund is stored: an operator's audit entry. */
  afterTaken: (tx: EntityManager, refund: Refund) => Promise<unknown> = async () => {},
  /** The company's time zone (COMPANY_TIME_ZONE), whose day the requester's refunds add up over. */
  companyTimeZone: string = DEFAULT_COMPANY_TIME_ZONE,
): Promise<TakenRefund | RefundRefusal> {
  return em.transactional(async (tx) => {
    const admission = await admitCapturedRefund(tx, payment.id, request.amountMinor);
    if (!admission.admitted) return admission;
    const { locked, amountMinor } = admission;
    // Judged on the payment's row as locked here: a destination that is not the payer's (or any,
    // when nobody knows who paid) waits for the rule book's approver whatever the bands say.
    const { notPayer } = refundDestinationOf({
      payer: locked.payerAccount ?? null,
      asked: request.destination ?? null,
      manualConfirmation: false,
    });
    const banded = await approversNeeded(tx, locked, request, amountMinor, companyTimeZone);
    const approvals = approversWithDestination(banded, notPayer, locked.mode);
    const taken = await insertCapturedRefund(tx, locked, request, view, {
      amountMinor,
      approvalWindowMs: approvals > 0 ? approvalWindowMs : null,
      approvalsRequired: approvals,
      destinationNotPayer: notPayer,
    });
    await afterTaken(tx, taken.refund);
    return taken;
  });
}

/**
 * How many approvers a refund of `amountMinor` needs under the app's rules, judged on what it adds
 * up to: the payment's refunds so far plus this one, and the requester's refunds of the company day
 * plus this one. Runs in the refund's transaction with the payment's row locked and then the
 * requester locked, so concurrent refunds of one payment, or of one requester, are judged one
 * after another and cannot each slip under a limit their sum is over.
 */
async function breachesRefundLimit(
  tx: EntityManager,
  locked: Payment,
  amountMinor: number,
  companyTimeZone: string,
) {
  const guardrails = await loadGuardrails(tx, locked.appId, locked.mode);
  const limit = guardrails.limits.find((l) => l.kind === 'REFUND' && l.currency === locked.currency);
  if (!limit) return false;
  // The app's day, like the requester's, is the company's in its configured zone.
  const day = companyDayOf(new Date(), companyTimeZone);
  // Held until the refund is committed: refunds of the app by other requesters (its key, its
  // operators) are judged one after another too, so none can split the app's day limit.
  if (limit.perDayMinor !== null) {
    await lockDayLimit(tx, { appId: locked.appId, mode: locked.mode, kind: 'REFUND' });
  }
  const dayTotalMinor =
    limit.perDayMinor === null
      ? 0
      : await movedInDay(tx, {
          appId: locked.appId,
          mode: locked.mode,
          kind: 'REFUND',
          currency: locked.currency,
          start: day.start,
          end: day.end,
        });
  return (
    limitBreached(guardrails, { kind: 'REFUND', currency: locked.currency, amountMinor, dayTotalMinor }) !==
    null
  );
}

async function approversNeeded(
  tx: EntityManager,
  locked: Payment,
  request: RefundRequest,
  amountMinor: number,
  companyTimeZone: string,
): Promise<ApproverCount> {
  const operatorId = request.requestedByOperatorId ?? null;
  await lockRefundRequester(tx, locked, operatorId);
  // The requester's day is the company's, in its configured zone.
  const totals = await refundTotalsOf(tx, locked, operatorId, requesterDayOf(new Date(), companyTimeZone));
  const needed = approversForRefund(
    await approvalRulesOf(tx, locked.appId, locked.mode),
    {
      currency: locked.currency,
      gateway: locked.gateway,
      paymentMethod: locked.paymentMethodType,
      requester: operatorId === null ? 'APP' : 'OPERATOR',
    },
    judgedAmounts(amountMinor, totals.paymentSoFarMinor, totals.requesterDayMinor),
  );
  // Finance's refund of a reconciliation exception waits for someone else whatever the rules say,
  // and so does one over the app's refund limits (its guardrails): routed to approval, not refused.
  const overLimit = await breachesRefundLimit(tx, locked, amountMinor, companyTimeZone);
  return (request.requireApproval === true || overLimit) && needed === 0 ? 1 : needed;
}
