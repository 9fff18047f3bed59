import type { EntityManager } from '@mikro-orm/postgresql';
import { postJournalEntry } from '../../db/ledger/ledger.js';
import { appendAudit, systemActor } from '../../db/operators/audit.js';
import { lockPayment, transitionPayment } from '../../db/payments/payments.js';
import type { Payout } from '../../db/payouts/payouts.js';
import { findRefundPayoutOf } from '../../db/refunds/refund-payouts.js';
import { refundView } from '../../db/refunds/refund-view.js';
import { failReturnedRefund, findRefundById } from '../../db/refunds/refunds.js';
import { recordEvent } from '../../db/webhooks/events.js';
import { refundPayoutReturnEntry, UNKNOWN_GATEWAY } from '../../domain/ledger/ledger.js';
import { payoutReturnedReason } from '../../domain/refunds/refund-rails.js';
import { paymentAfterReturnedRefund } from '../../domain/refunds/refunds.js';
import type { Currency } from '../../domain/shared/money.js';

/**
 * A refund paid back by a payout whose transfer came back (a bank return): the customer was not
 * paid, so the refund must not say so. In the transaction that reopens the payout as RETURNED (its
 * row locked), once: the refund SUCCEEDED by that payout becomes FAILED (PAYOUT_RETURNED); the
 * refund's REFUND entry is reversed by the payout's PAYOUT_RETURN (the money is in the rail's
 * balance again, the app's refunds as before); the payment's refunded amount and status go back,
 * so the amount is refundable again; `refund.failed` is recorded and the change audited. Answers
 * the events to deliver: none for a payout that pays no refund, or a return applied before.
 */
export async function failRefundOfReturnedPayout(tx: EntityManager, payout: Payout): Promise<string[]> {
  if (payout.status !== 'RETURNED') return [];
  const link = await findRefundPayoutOf(tx, payout.id);
  if (!link) return [];
  const before = await findRefundById(tx, link.refundId);
  if (!before) return [];
  // The payment's row first, as every refund's change takes it: its refunds change one at a time.
  const payment = (await lockPayment(tx, before.paymentId))!;
  const refund = await failReturnedRefund(tx, before.id, payoutReturnedReason(payout));
  if (!refund) return [];
  await postJournalEntry(
    tx,
    refundPayoutReturnEntry({
      refundReference: refund.reference,
      payoutReference: payout.reference,
      appId: String(refund.appId),
      mode: refund.mode,
      gateway: payment.gateway ?? UNKNOWN_GATEWAY,
      currency: refund.currency as Currency,
      amountMinor: refund.amountMinor,
      funds: refund.funds,
      paidByRail: payout.rail,
    }),
  );
  const after = refund.funds === 'CAPTURED' ? paymentAfterReturnedRefund(payment, refund.amountMinor) : null;
  if (after) {
    const moved = await transitionPayment(tx, {
      paymentId: payment.id,
      from: [payment.status],
      to: after.status,
      reason: `refund ${refund.reference} returned by the bank`,
      patch: { refundedMinor: after.refundedMinor },
    });
    if (!moved) throw new Error(`payment ${payment.reference} did not move to ${after.status}`);
  }
  await appendAudit(tx, systemActor('payout return'), {
    action: 'refund.payout_returned',
    targetType: 'refund',
    targetId: refund.reference,
    before: { status: before.status },
    after: {
      status: refund.status,
      payout: payout.reference,
      returnCode: payout.failureCode,
      ...(after && { paymentStatus: after.status, refundedMinor: after.refundedMinor }),
    },
  });
  const { eventId } = await recordEvent(tx, {
    appId: refund.appId,
    mode: refund.mode,
    type: 'refund.failed',
    sourceType: 'refund',
    sourceId: refund.reference,
    data: refundView(refund),
  });
  return [eventId];
}
