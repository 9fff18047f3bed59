import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor, systemActor } from '../../db/operators/audit.js';
import { postJournalEntry } from '../../db/ledger/ledger.js';
import { paymentCandidates } from '../../db/reconciliation/recon-candidates.js';
import { decisionOfRefund } from '../../db/reconciliation/recon-decisions.js';
import {
  applyExceptionAction,
  findRunById,
  insertResolutionMatch,
  lockExceptionsAwaitingRefund,
  openExceptionCount,
  type ReconDay,
  type ReconException,
  type ReconRun,
} from '../../db/reconciliation/recon-runs.js';
import { refundView } from '../../db/refunds/refund-view.js';
import type { Refund } from '../../db/refunds/refunds.js';
import { takeRefund } from '../refunds/refund-taking.js';
import { settlementLinesByIds } from '../../db/reconciliation/settlement-lines.js';
import { newRefundReference } from '../../domain/shared/ids.js';
import {
  adjustmentEntry,
  feeAdjustmentEntry,
  settlementEntry,
  type JournalEntryDraft,
} from '../../domain/ledger/ledger.js';
import { refundOwedMinor, type ReconDecision } from '../../domain/reconciliation/recon-decisions.js';
import {
  adjustmentFor,
  RAIL_EXCEPTION_KINDS,
  type ReconLine,
} from '../../domain/reconciliation/reconciliation.js';
import { planRailResolution, postRailResolution } from './rail-reconciliation.js';

/**
 * What finance's actions on an exception post, and the REFUND action's two halves: asking for the
 * refund (it waits for a second operator) and, once the refund succeeded, resolving the exception
 * with it. Each runs in its caller's transaction.
 */

/** How long a refund finance asked for waits for its approver, unless the worker is told otherwise. */
export const DEFAULT_RECON_REFUND_APPROVAL_WINDOW_MS = 72 * 3_600_000;

const refused = (code: string, message: string) => ApplicationFailure.nonRetryable(message, code);

/** What settling an exception would post, worked out from its line and the ledger before posting. */
export interface ResolutionPlan {
  line: ReconLine | null;
  money: { gateway: string; mode: ReconRun['mode']; currency: ReconException['currency'] };
  /** ACCEPT_FEE_DIFFERENCE with a line: the line's fee less the fee booked. */
  feeDifferenceMinor: number | null;
  /** Any other action: the difference from what the ledger expected, to post as an adjustment. */
  adjustmentMinor: number | null;
  /** What the action posts beyond the line's own settlement: the fee difference or the adjustment. */
  postingMinor: number;
}

/**
 * Works out what an action that settles an exception would post: the exception's line (if any)
 * to the bank, and the difference from what the ledger expected as an adjustment (or,
 * ACCEPT_FEE_DIFFERENCE, as the gateway's fee). The API judges a proposal on it; the activity
 * posts it.
 */
export async function planResolution(
  em: EntityManager,
  run: Pick<ReconRun, 'gateway' | 'mode' | 'settlementDate'>,
  exception: ReconException,
  action: 'POST_ADJUSTMENT' | 'ACCEPT_FEE_DIFFERENCE' | 'REFUND',
): Promise<ResolutionPlan> {
  if (RAIL_EXCEPTION_KINDS.has(exception.kind)) {
    const rail = await planRailResolution(em, run, exception, action);
    return {
      line: null,
      money: { gateway: rail.rail, mode: run.mode, currency: exception.currency },
      feeDifferenceMinor: rail.feeDifferenceMinor,
      adjustmentMinor: rail.adjustmentMinor,
      postingMinor: rail.postingMinor,
    };
  }
  const [line] = exception.lineId ? await settlementLinesByIds(em, [exception.lineId]) : [];
  const money = { gateway: run.gateway, mode: run.mode, currency: exception.currency };
  const [payment] =
    exception.paymentId !== null
      ? await paymentCandidates(em, run, { transactionIds: [], references: [], ids: [exception.paymentId] })
      : [];
  const refund = exception.refundId !== null ? await refundAmount(em, exception.refundId) : null;
  const expectedNet =
    exception.kind === 'CHARGEBACK'
      ? exception.paymentId !== null && line
        ? line.grossMinor - (line.grossMinor < 0 ? await disputeFeesBooked(em, exception.paymentId) : 0)
        : 0
      : payment
        ? payment.amountMinor - payment.feeBookedMinor
        : refund !== null
          ? -refund
          : (exception.expectedMinor ?? 0);
  if (action === 'ACCEPT_FEE_DIFFERENCE' && line) {
    const feeDifferenceMinor = line.feeMinor - (payment?.feeBookedMinor ?? 0);
    return { line, money, feeDifferenceMinor, adjustmentMinor: null, postingMinor: feeDifferenceMinor };
  }
  const { adjustmentMinor } = adjustmentFor(exception.kind, line ?? null, expectedNet);
  return {
    line: line ?? null,
    money,
    feeDifferenceMinor: null,
    adjustmentMinor,
    postingMinor: adjustmentMinor,
  };
}

/**
 * Posts an action that settles an exception, as planResolution works it out; the line is recorded
 * as matched by the resolution. Returns the entry to name.
 */
export async function postResolution(
  tx: EntityManager,
  run: ReconRun,
  exception: ReconException,
  action: 'POST_ADJUSTMENT' | 'ACCEPT_FEE_DIFFERENCE' | 'REFUND',
): Promise<number | null> {
  if (RAIL_EXCEPTION_KINDS.has(exception.kind)) return postRailResolution(tx, run, exception, action);
  const { line, money, ...plan } = await planResolution(tx, run, exception, action);
  const entries: { settlement: number | null; fee: number | null; adjustment: number | null } = {
    settlement: null,
    fee: null,
    adjustment: null,
  };
  const post = async (draft: JournalEntryDraft | null) =>
    draft ? (await postJournalEntry(tx, draft)).entryId : null;
  if (line) {
    entries.settlement = await post(
      settlementEntry({ ...money, lineKey: line.lineKey, netMinor: line.netMinor }),
    );
  }
  const feeDifferenceMinor = plan.feeDifferenceMinor ?? 0;
  if (plan.feeDifferenceMinor !== null && line) {
    entries.fee = await post(
      feeAdjustmentEntry({ ...money, lineKey: line.lineKey, differenceMinor: feeDifferenceMinor }),
    );
  } else {
    entries.adjustment = await post(
      adjustmentEntry({
        ...money,
        exceptionReference: exception.reference,
        amountMinor: plan.adjustmentMinor ?? 0,
      }),
    );
  }
  if (line) {
    // The payment or refund is settled by this line only where the line was its own.
    const settlesTarget = exception.kind === 'AMOUNT_MISMATCH' || exception.kind === 'FEE_MISMATCH';
    await insertResolutionMatch(tx, {
      runId: run.id,
      lineId: line.id,
      paymentId: settlesTarget ? exception.paymentId : null,
      refundId: settlesTarget ? exception.refundId : null,
      feeDifferenceMinor,
      settlementEntryId: entries.settlement,
      feeAdjustmentEntryId: entries.fee,
      adjustmentEntryId: entries.adjustment,
      exceptionId: exception.id,
    });
  }
  return entries.adjustment ?? entries.fee ?? entries.settlement;
}

/**
 * REFUND: takes a refund of the exception's payment through the product's refund path (its
 * refundable amount checked under the payment's lock, its events recorded), for the amount
 * finance named or else what the exception says is owed. It always waits PENDING_APPROVAL for an
 * operator other than the one who asked, whatever the app's policy: finance, not the app, decided
 * this money goes back.
 */
export async function askRefundFor(
  tx: EntityManager,
  run: ReconRun,
  exception: ReconException,
  decision: ReconDecision,
  actor: AuditActor,
  approvalWindowMs: number,
  /** The company's time zone (COMPANY_TIME_ZONE): the requester's day for the refund rules. */
  companyTimeZone?: string,
): Promise<Refund> {
  if (exception.paymentId === null) {
    throw refused('RECON_ACTION_NOT_ALLOWED', 'This exception names no payment of ours to refund');
  }
  const [line] = exception.lineId ? await settlementLinesByIds(tx, [exception.lineId]) : [];
  const [payment] = await paymentCandidates(tx, run, {
    transactionIds: [],
    references: [],
    ids: [exception.paymentId],
  });
  const amountMinor =
    decision.amountMinor ??
    refundOwedMinor(exception.kind, line?.grossMinor ?? null, payment?.amountMinor ?? null);
  if (amountMinor === null) {
    throw refused(
      'RECON_ACTION_NOT_ALLOWED',
      'This exception shows nothing charged beyond the payment; name the amount to refund',
    );
  }
  const taken = await takeRefund(
    tx,
    { id: exception.paymentId },
    {
      reference: newRefundReference(),
      amountMinor,
      reason: decision.note,
      metadata: { reconciliationException: exception.reference },
      idempotencyKey: null,
      requestedByOperatorId: decision.operator.operatorId,
      requireApproval: true,
    },
    refundView,
    approvalWindowMs,
    (t, refund) =>
      appendAudit(t, actor, {
        action: 'refund.requested',
        targetType: 'refund',
        targetId: refund.reference,
        after: {
          payment: refund.paymentReference,
          amountMinor: refund.amountMinor,
          status: refund.status,
          reason: refund.reason,
          reconciliationException: exception.reference,
        },
      }),
    companyTimeZone,
  );
  if (!('refund' in taken)) throw refused(taken.code, taken.message);
  return taken.refund;
}

/**
 * A refund finance asked for on exceptions has succeeded: each exception still waiting for it is
 * settled as REFUND (its line and adjustment posted as for an adjustment) and resolved with the
 * refund linked, in the refund's own finishing transaction. Once only: a resolved exception no
 * longer waits.
 */
export async function resolveExceptionsRefundedBy(tx: EntityManager, refund: Refund): Promise<ReconDay[]> {
  const waiting = await lockExceptionsAwaitingRefund(tx, refund.id);
  if (waiting.length === 0) return [];
  const days: ReconDay[] = [];
  const decision = await decisionOfRefund(tx, refund.reference);
  for (const exception of waiting) {
    const run = (await findRunById(tx, exception.runId))!;
    const journalEntryId = await postResolution(tx, run, exception, 'REFUND');
    await applyExceptionAction(tx, exception.id, {
      action: 'REFUND',
      note: decision?.note ?? `refunded by ${refund.reference}`,
      operatorId: decision?.operator.operatorId ?? refund.requestedByOperatorId,
      journalEntryId,
    });
    await appendAudit(tx, systemActor('refund workflow'), {
      action: 'reconciliation.exception_resolved',
      targetType: 'recon_exception',
      targetId: exception.reference,
      before: { status: exception.status, kind: exception.kind },
      after: {
        action: 'REFUND',
        note: decision?.note ?? null,
        refundReference: refund.reference,
        amountMinor: refund.amountMinor,
        requestedBy: decision?.operator.email ?? null,
        approvedBy: refund.decision?.by ?? null,
        journalEntryId,
        settlementDate: run.settlementDate,
        gateway: run.gateway,
      },
    });
    await refreshOpenCount(tx, run.id);
    days.push({ gateway: run.gateway, mode: run.mode, settlementDate: run.settlementDate });
  }
  return days;
}

/** The run's count of open exceptions, kept with each change to them. */
export async function refreshOpenCount(tx: EntityManager, runId: number): Promise<number> {
  const open = await openExceptionCount(tx, runId);
  await tx.execute('update recon_runs set open_exception_count = ?, updated_at = now() where id = ?', [
    open,
    runId,
  ]);
  return open;
}

async function refundAmount(em: EntityManager, refundId: number): Promise<number | null> {
  const [row] = await em.execute<Array<{ amount_minor: string }>>(
    'select amount_minor from refunds where id = ?',
    [refundId],
  );
  return row ? Number(row.amount_minor) : null;
}

/**
 * The dispute fees the payment's disputes booked (DISPUTE_FEE): a chargeback line's withdrawal
 * carries the gateway's fee too, already out of clearing, so it is no difference to adjust.
 */
async function disputeFeesBooked(tx: EntityManager, paymentId: number): Promise<number> {
  const [row] = await tx.execute<Array<{ total: string | null }>>(
    `select sum(fee_minor) as total from disputes where payment_id = ?`,
    [paymentId],
  );
  return Number(row?.total ?? 0);
}
