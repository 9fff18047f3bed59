import type { EntityManager } from '@mikro-orm/postgresql';
import {
  parkedRefundsOf,
  listFlaggedPayments,
  type AttentionFilters,
  type ParkedRefund,
} from '../../../db/attention.js';
import { appendAudit, type AuditActor } from '../../../db/audit.js';
import type { Payment } from '../../../db/entities.js';
import { postJournalEntry } from '../../../db/ledger.js';
import { appNames, findPaymentForOperators } from '../../../db/payment-admin.js';
import { lockPayment, resolvePaymentAttention } from '../../../db/payments.js';
import { refundView } from '../../../db/refund-view.js';
import { takeUnappliedRefund } from '../../../db/refunds.js';
import { startTakenRefund } from '../../refund-requests.js';
import { attentionKindOf, judgeAttentionAction, type AttentionAction } from '../../../domain/attention.js';
import { ApiError } from '../../../domain/errors.js';
import { newRefundReference } from '../../../domain/ids.js';
import { unappliedAppliedEntry } from '../../../domain/ledger.js';
import { formatMoney, isCurrency } from '../../../domain/money.js';
import type { RouteDeps } from '../../deps.js';
import { paymentIdParam } from '../../schemas.js';
import type { AdminState } from '../session.js';

/**
 * The attention queue: payments whose captured money could not be applied (captured after the
 * payment closed, the wrong amount or currency, a risky transaction), parked as unapplied funds.
 * Finance sends the money back, or applies it to the app, or closes a flag that parked nothing;
 * each action is audited, and money moves only through the ledger.
 */

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

export function attentionView(payment: Payment, parkedRefunds: ParkedRefund[], appName: string | null) {
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
  return {
    items: result.items.map((i) =>
      attentionView(i.payment, i.parkedRefunds, names.get(i.payment.appId) ?? null),
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
  return attentionView(payment, refunds.get(payment.id) ?? [], names.get(payment.appId) ?? null);
}

/** Locks the payment and checks the action against it, inside the caller's transaction. */
async function lockFlagged(tx: EntityManager, paymentId: number, action: AttentionAction) {
  const locked = (await lockPayment(tx, paymentId))!;
  const parked = (await parkedRefundsOf(tx, [locked.id])).get(locked.id) ?? [];
  const verdict = judgeAttentionAction(locked, parked, action);
  if (!verdict.allowed) throw new ApiError(verdict.code);
  return locked;
}

/** Sends all of a flagged payment's parked money back to the customer, through a refund workflow. */
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
    );
    if (!('refund' in result)) throw new ApiError(result.code, result.message);
    await appendAudit(tx, actor, {
      action: 'payment.attention_refund',
      targetType: 'payment',
      targetId: locked.reference,
      before: { attentionReason: locked.attentionReason, parkedMinor: locked.unappliedMinor },
      after: { refund: result.refund.reference, amountMinor: result.refund.amountMinor, note },
    });
    return result;
  });
  await startTakenRefund(deps, taken);
  return attentionItem(deps, payment.reference);
}

/**
 * Closes a flag: APPLY posts the parked money to the app's payable (the app keeps it);
 * ACKNOWLEDGE closes a flag that parked nothing. The ledger entry, the resolution and the audit
 * entry commit together.
 */
export async function resolveFlagged(
  deps: RouteDeps,
  actor: AuditActor,
  idOrReference: string,
  resolution: 'APPLY' | 'ACKNOWLEDGE',
  note: string,
): Promise<AttentionItem> {
  const payment = await flaggedOr404(deps, idOrReference);
  await em(deps).transactional(async (tx) => {
    const locked = await lockFlagged(tx, payment.id, resolution);
    if (resolution === 'APPLY') {
      const currency = locked.unappliedCurrency ?? locked.currency;
      if (!isCurrency(currency)) throw new ApiError('ATTENTION_NOTHING_PARKED');
      await postJournalEntry(
        tx,
        unappliedAppliedEntry({
          paymentReference: locked.reference,
          appId: String(locked.appId),
          mode: locked.mode,
          currency,
          amountMinor: locked.unappliedMinor,
        }),
      );
    }
    await resolvePaymentAttention(tx, locked.id, {
      kind: resolution === 'APPLY' ? 'APPLIED' : 'ACKNOWLEDGED',
      note,
      by: actor.label ?? 'operator',
    });
    await appendAudit(tx, actor, {
      action: 'payment.attention_resolved',
      targetType: 'payment',
      targetId: locked.reference,
      before: { attentionReason: locked.attentionReason, parkedMinor: locked.unappliedMinor },
      after: { resolution: resolution === 'APPLY' ? 'APPLIED' : 'ACKNOWLEDGED', note },
    });
  });
  return attentionItem(deps, payment.reference);
}
