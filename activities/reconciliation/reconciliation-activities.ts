import { heartbeat } from '@temporalio/activity';
import { loadTies } from '../../db/operators/operator-ties.js';
import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit } from '../../db/operators/audit.js';
import { DisputeMismatch, recordChargeback, type RecordedDisputeEvent } from '../../db/disputes/disputes.js';
import { findGatewayModule } from '../../gateways/catalogue.js';
import type { Orm } from '../../platform/orm/orm.js';
import {
  claimedTargets,
  matchedLineIds,
  paymentCandidates,
  paymentsCapturedBetween,
  refundCandidates,
} from '../../db/reconciliation/recon-candidates.js';
import {
  lockReconDecision,
  noteDecisionRefund,
  refundPendingOn,
  settleReconDecision,
  uploaderOfException,
} from '../../db/reconciliation/recon-decisions.js';
import { roundingToleranceFor } from '../../domain/reconciliation/recon-tolerance.js';
import { findRefundById } from '../../db/refunds/refunds.js';
import {
  askRefundFor,
  DEFAULT_RECON_REFUND_APPROVAL_WINDOW_MS,
  planResolution,
  postResolution,
  refreshOpenCount,
} from './recon-resolutions.js';
import type { WorkflowStarter } from '../../platform/temporal/starting.js';
import { startRefundWorkflow } from '../refunds/refund-starts.js';
import { startDisputeDeliveries } from '../disputes/dispute-recheck-activities.js';
import { entryKey, postJournalEntriesInBulk } from '../../db/reconciliation/recon-ledger.js';
import {
  applyExceptionAction,
  findException,
  findRun,
  findRunById,
  insertMatches,
  lockException,
  openExceptionCount,
  openRun,
  refreshRunFigures,
  resolveVanishedExceptions,
  setResolvingRefund,
  setRunStatus,
  upsertExceptions,
  type ReconDay,
} from '../../db/reconciliation/recon-runs.js';
import { operatorNow } from '../../db/refunds/refund-decisions.js';
import { reconcilePayouts } from './payout-reconciliation.js';
import { matchRailReconDay } from './rail-reconciliation.js';
import { railOfReconGateway } from '../../domain/reconciliation/rail-statements.js';
import { settlementLinesOfDayPage } from '../../db/reconciliation/settlement-lines.js';
import { feeAdjustmentEntry, settlementEntry, type JournalEntryDraft } from '../../domain/ledger/ledger.js';
import {
  ADJUSTING_ACTIONS,
  judgeReconDecision,
  type ReconDecisionRefusal,
} from '../../domain/reconciliation/recon-decisions.js';
import {
  capturesSettlingOn,
  DEFAULT_RECONCILIATION_POLICY,
  graceEndsAt,
  matchSettlement,
  reconSettingsFor,
  targetKey,
  type MatchResult,
  type ReconciliationPolicy,
  type ReconLine,
  type ResolveExceptionResult,
} from '../../domain/reconciliation/reconciliation.js';

export interface ReconciliationActivityDeps {
  orm: Orm;
  /**
   * Starts the workflow of a refund finance asked for, and the deliveries of a chargeback's
   * events (else the sweeper does, within minutes); `policy` is the deployment's reconciliation
   * settings (RECON_*): each day's grace period, fee tolerance, payout window and rounding
   * tolerance, the same the API reads. Unset: the defaults.
   */
  temporal?: WorkflowStarter & { policy?: ReconciliationPolicy | undefined };
  /** How long such a refund waits for its approver (the API's REFUND_APPROVAL_WINDOW_HOURS). */
  refundApprovalWindowMs?: number;
  /** The company's time zone (COMPANY_TIME_ZONE), whose day a requester's refunds add up over. */
  companyTimeZone?: string;
}

/**
 * Lines read, matched and posted per transaction: memory stays bounded however large the day.
 * Two batches are in memory at once (one read while the other is recorded); at 5,000 a worker
 * with a 128 MB heap spent most of its time collecting garbage.
 */
export const RECON_BATCH = 2_000;

/**
 * A day to match, named only: how long its grace lasts, what fee difference posts without anyone
 * and how long its payouts may take are the deployment's settings, read here (a workflow's input
 * proves nothing). `asOf` is the workflow's clock, the time the day is judged at.
 */
export interface MatchDayInput extends ReconDay {
  workflowId: string;
  asOf: number;
}

/** A day as it is matched: its settings as the deployment holds them, and whether its grace is over. */
interface MatchingDay extends ReconDay {
  workflowId: string;
  feeToleranceMinor: number;
  pastGrace: boolean;
  payoutWindowDays: number;
}

export interface MatchedDay {
  lines: number;
  matched: number;
  /** Lines matched (and posted) by this pass. */
  newlyMatched: number;
  openExceptions: number;
  /** Payouts of the day the bank statements have not yet shown, while they are imported: the day waits. */
  pendingPayouts: number;
  /** When the day's grace period ends (epoch ms) by the deployment's setting: the workflow waits for it. */
  graceEndsAt: number;
}

const refused = (code: string, message: string) => ApplicationFailure.nonRetryable(message, code);

/**
 * A day's reconciliation against the database: matching in batches (each batch one transaction
 * that records its matches, posts their ledger entries and records its exceptions), and applying
 * finance's recorded actions. Everything is keyed so that a retried activity, or one a killed
 * worker left half done, posts nothing twice: a line is matched once (recon_matches.line_id), its
 * entries are posted once per (line, kind), and an exception is recorded once per (run, kind, subject).
 */
export function createReconciliationActivities(deps: ReconciliationActivityDeps) {
  const fork = () => deps.orm.em.fork() as EntityManager;

  /** A batch of the day's lines not matched yet, with what they may match and what is claimed already. */
  async function loadBatch(input: MatchingDay, runId: number, afterId: number) {
    const page = await settlementLinesOfDayPage(fork(), input, { afterId, limit: RECON_BATCH });
    if (page.length === 0) return null;
    const lastId = page[page.length - 1]!.id;
    const matched = await matchedLineIds(
      fork(),
      page.map((l) => l.id),
    );
    const lines: ReconLine[] = page.filter((l) => !matched.has(l.id));
    const forPayments = lines.filter((l) => l.type !== 'REFUND');
    const forRefunds = lines.filter((l) => l.type === 'REFUND');
    const references = (ls: ReconLine[]) => ls.flatMap((l) => (l.reference ? [l.reference] : []));
    const [payments, refunds] = await Promise.all([
      paymentCandidates(fork(), input, {
        transactionIds: forPayments.map((l) => l.gatewayTransactionId),
        references: references(forPayments),
      }),
      refundCandidates(fork(), input, {
        refundIds: forRefunds.map((l) => l.gatewayTransactionId),
        references: references(forRefunds),
      }),
    ]);
    const adjusted = new Set<string>();
    const prior = await claimedTargets(
      fork(),
      { paymentIds: payments.map((p) => p.id), refundIds: refunds.map((r) => r.id) },
      runId,
      adjusted,
    );
    return { lastId, lines, payments, refunds, prior, adjusted };
  }

  async function matchLinesInBatches(
    input: MatchingDay,
    runId: number,
    found: Set<string>,
    claimed: Set<string>,
    named: Set<string>,
  ): Promise<number> {
    let newlyMatched = 0;
    // The next batch is read while this one is recorded: the database works on both at once.
    // What this batch claims is held in memory, so the next one's reading need not wait for it.
    // Only until the batch after it: by then it is committed and read back from the database, so
    // memory does not grow with the day (a day of 100,000 lines kept 100,000 claims).
    let previousClaims = new Set<string>();
    let next = loadBatch(input, runId, 0);
    for (;;) {
      const batch = await next;
      if (!batch) break;
      next = loadBatch(input, runId, batch.lastId);
      // Awaited in the next turn; until then a failure of it must not go unhandled.
      next.catch(() => undefined);
      heartbeat({ afterId: batch.lastId });
      if (batch.lines.length === 0) continue;
      const { lines, payments, refunds, prior, adjusted } = batch;
      for (const key of [
        ...payments.map((p) => targetKey({ type: 'payment', id: p.id })),
        ...refunds.map((r) => targetKey({ type: 'refund', id: r.id })),
      ]) {
        if (claimed.has(key) || previousClaims.has(key)) prior.add(key);
      }
      const result = matchSettlement({
        settlementDate: input.settlementDate,
        lines,
        payments,
        refunds,
        claimed: prior,
        settledByAdjustment: adjusted,
        feeToleranceMinor: input.feeToleranceMinor,
        // Unsettled payments are found from the day's captures, after every line is in.
        pastGrace: false,
      });
      const batchClaims = new Set<string>();
      noteClaims(result, batchClaims, found, named);
      // A fee difference waiting in this run is no match the database would report: it stays
      // claimed for the whole day (there are few).
      for (const exception of result.exceptions) {
        if (exception.kind !== 'FEE_MISMATCH') continue;
        if (exception.paymentId !== null)
          claimed.add(targetKey({ type: 'payment', id: exception.paymentId }));
        if (exception.refundId !== null) claimed.add(targetKey({ type: 'refund', id: exception.refundId }));
      }
      previousClaims = batchClaims;
      newlyMatched += await recordBatch(runId, lines, result);
    }
    return newlyMatched;
  }

  async function recordBatch(runId: number, lines: ReconLine[], result: MatchResult): Promise<number> {
    const byId = new Map(lines.map((l) => [l.id, l]));
    const recorded = await fork().transactional(async (tx) => {
      // The batch's lines are not matched yet: their entries are posted now (once per line and
      // kind, whatever an earlier try did), then the matches are recorded with them.
      const drafts: JournalEntryDraft[] = [];
      for (const match of result.matches) {
        const line = byId.get(match.lineId)!;
        const money = {
          lineKey: line.lineKey,
          gateway: line.gateway,
          mode: line.mode,
          currency: line.currency,
        };
        const settled = settlementEntry({ ...money, netMinor: line.netMinor });
        const fee = feeAdjustmentEntry({ ...money, differenceMinor: match.feeDifferenceMinor });
        if (settled) drafts.push(settled);
        if (fee) drafts.push(fee);
      }
      const created = await postJournalEntriesInBulk(tx, drafts);
      const fresh = await insertMatches(
        tx,
        runId,
        result.matches.map((match) => {
          const lineKey = byId.get(match.lineId)!.lineKey;
          return {
            ...match,
            settlementEntryId: created.get(entryKey('SETTLEMENT', lineKey)) ?? null,
            feeAdjustmentEntryId: created.get(entryKey('FEE_ADJUSTMENT', lineKey)) ?? null,
          };
        }),
      );
      await upsertExceptions(tx, runId, result.exceptions);
      const disputeEvents = await handChargebacksToDisputes(tx, result, byId);
      return { matched: fresh.size, disputeEvents };
    });
    // The app hears of a chargeback as soon as it is recorded, as of any other event; the
    // sweeper starts a delivery this did not.
    await startDisputeEventDeliveries(recorded.disputeEvents);
    return recorded.matched;
  }

  async function startDisputeEventDeliveries(events: readonly RecordedDisputeEvent[]): Promise<void> {
    if (deps.temporal) await startDisputeDeliveries(deps.temporal, events);
  }

  /** Payments captured for the day that no line settled, once its grace period is over. */
  async function findUnsettled(input: MatchingDay, runId: number, found: Set<string>, claimed: Set<string>) {
    const window = capturesSettlingOn(input.settlementDate);
    for (let afterId = 0; ;) {
      const payments = await paymentsCapturedBetween(
        fork(),
        { ...input, ...window },
        { afterId, limit: RECON_BATCH },
      );
      if (payments.length === 0) break;
      afterId = payments[payments.length - 1]!.id;
      heartbeat({ unsettledAfterId: afterId });
      const prior = await claimedTargets(
        fork(),
        { paymentIds: payments.map((p) => p.id), refundIds: [] },
        runId,
      );
      for (const p of payments) {
        const key = targetKey({ type: 'payment', id: p.id });
        if (claimed.has(key)) prior.add(key);
      }
      const result = matchSettlement({
        settlementDate: input.settlementDate,
        lines: [],
        payments,
        refunds: [],
        claimed: prior,
        feeToleranceMinor: input.feeToleranceMinor,
        pastGrace: true,
      });
      noteClaims(result, claimed, found);
      await fork().transactional((tx) => upsertExceptions(tx, runId, result.exceptions));
    }
  }

  return {
    /**
     * Matches every line of the day not matched yet, posts what matches and records what does
     * not; exceptions no longer found (a late line or payment arrived) resolve by themselves.
     */
    async matchReconDay(given: MatchDayInput): Promise<MatchedDay> {
      // Only the day is taken from the workflow: a fee difference posts without anyone, a payment
      // without a line is missing and a payout late by the deployment's settings alone.
      const settings = reconSettingsFor(
        deps.temporal?.policy ?? DEFAULT_RECONCILIATION_POLICY,
        given.gateway,
      );
      const graceEnd = graceEndsAt(given.settlementDate, settings.graceDays);
      const input: MatchingDay = {
        gateway: given.gateway,
        mode: given.mode,
        settlementDate: given.settlementDate,
        workflowId: given.workflowId,
        feeToleranceMinor: settings.feeToleranceMinor,
        payoutWindowDays: settings.payoutWindowDays,
        pastGrace: given.asOf >= graceEnd,
      };
      const run = await openRun(fork(), input, input.workflowId, input.payoutWindowDays);
      if (run.status === 'CLOSED') await setRunStatus(fork(), run.id, 'OPEN');
      if (railOfReconGateway(input.gateway)) {
        // A payout rail's day: its statement's lines against our payouts.
        const rail = await matchRailReconDay(fork, input, run.id);
        return { ...rail, newlyMatched: 0, graceEndsAt: graceEnd };
      }
      const found = new Set<string>();
      const claimed = new Set<string>();
      // Payments a line of the day names with another amount: that line's exception speaks for
      // them, so they are not also unsettled (one fault, one exception).
      const named = new Set<string>();
      const newlyMatched = await matchLinesInBatches(input, run.id, found, claimed, named);
      if (input.pastGrace) await findUnsettled(input, run.id, found, new Set([...claimed, ...named]));
      const payouts = await reconcilePayouts(fork, input, run.id, found);
      const figures = await fork().transactional(async (tx) => {
        await resolveVanishedExceptions(tx, run.id, found);
        return refreshRunFigures(tx, run.id);
      });
      return {
        lines: figures.lineCount,
        matched: figures.matchedCount,
        newlyMatched,
        openExceptions: figures.openExceptionCount,
        pendingPayouts: payouts.pendingPayouts,
        graceEndsAt: graceEnd,
      };
    },

    /**
     * Applies finance's recorded action on an exception, in one transaction with what it posts
     * and its audit entry, after judging the record again; a refusal changes nothing.
     */
    async applyReconDecision(
      input: ReconDay & { decisionId: number; exceptionReference: string },
    ): Promise<ResolveExceptionResult> {
      let staleProposal: ReconDecisionRefusal | null = null;
      const applied = await fork().transactional(async (tx) => {
        const found = await findException(tx, input.exceptionReference);
        const run = found ? await findRunById(tx, found.runId) : null;
        if (
          !found ||
          !run ||
          run.gateway !== input.gateway ||
          run.mode !== input.mode ||
          run.settlementDate !== input.settlementDate
        ) {
          throw refused('RECON_EXCEPTION_NOT_FOUND', 'No such exception on this settlement day');
        }
        const exception = (await lockException(tx, found.id))!;
        const decision = await lockReconDecision(tx, input.decisionId);
        if (decision?.status === 'APPLIED' && decision.exceptionId === exception.id) {
          // A retry of an activity whose transaction committed: answer as the first try did.
          return {
            result: {
              exceptionReference: exception.reference,
              status: exception.status,
              action: decision.action,
              openExceptions: await openExceptionCount(tx, run.id),
            },
            refundId: decision.action === 'REFUND' ? exception.resolvingRefundId : null,
          };
        }
        // What the action would post, from the line and the ledger as they are now: a proposal
        // applies only for the amount its approver saw, and only a rounding difference posts on
        // one operator's word.
        const postingMinor =
          decision && ADJUSTING_ACTIONS.has(decision.action)
            ? (await planResolution(tx, run, exception, decision.action as 'POST_ADJUSTMENT')).postingMinor
            : 0;
        const uploaderId = await uploaderOfException(tx, exception);
        const refusal = judgeReconDecision({
          decision,
          exception,
          action: null,
          operatorNow: decision ? await operatorNow(tx, decision.operator.operatorId) : null,
          refundPending: await refundPendingOn(tx, exception),
          approverNow: decision?.approval ? await operatorNow(tx, decision.approval.operatorId) : null,
          uploaderId,
          ...(decision?.approval && {
            approverTies: {
              fromProposer: await loadTies(tx, decision.operator.operatorId, decision.approval.operatorId),
              fromUploader: await loadTies(tx, uploaderId, decision.approval.operatorId),
            },
          }),
          postingMinor,
          toleranceMinor: roundingToleranceFor(
            deps.temporal?.policy?.roundingTolerance,
            run.mode,
            exception.currency,
          ),
        });
        if (refusal) {
          // A proposal its approver cannot carry, or whose amount moved, is settled as refused so
          // that a new one may be made; a refused RECORDED decision changes nothing either way.
          if (decision?.status === 'PROPOSED' && refusal.code === 'RECON_PROPOSAL_STALE') {
            await settleReconDecision(tx, decision.id, 'REFUSED', refusal.code);
            staleProposal = refusal;
            return null;
          }
          throw refused(refusal.code, refusal.message);
        }
        const action = decision!.action;
        const operator = decision!.operator;
        const actor = {
          type: 'OPERATOR' as const,
          id: String(operator.operatorId),
          label: operator.email,
          ip: operator.ip,
        };

        if (action === 'REFUND') {
          // Money leaves: the refund waits for a second operator, and the exception stays open
          // until the refund succeeds (resolveExceptionsRefundedBy settles it then).
          const refund = await askRefundFor(
            tx,
            run,
            exception,
            decision!,
            actor,
            deps.refundApprovalWindowMs ?? DEFAULT_RECON_REFUND_APPROVAL_WINDOW_MS,
            deps.companyTimeZone,
          );
          await setResolvingRefund(tx, exception.id, refund.id);
          await noteDecisionRefund(tx, decision!.id, refund.reference);
          await settleReconDecision(tx, decision!.id, 'APPLIED');
          await appendAudit(tx, actor, {
            action: 'reconciliation.exception_refund_requested',
            targetType: 'recon_exception',
            targetId: exception.reference,
            before: { status: exception.status, kind: exception.kind },
            after: {
              action,
              note: decision!.note,
              refundReference: refund.reference,
              amountMinor: refund.amountMinor,
              refundStatus: refund.status,
              settlementDate: run.settlementDate,
              gateway: run.gateway,
            },
          });
          return {
            result: {
              exceptionReference: exception.reference,
              status: 'OPEN' as const,
              action,
              openExceptions: await openExceptionCount(tx, run.id),
            },
            refundId: refund.id,
          };
        }

        const journalEntryId =
          action === 'POST_ADJUSTMENT' || action === 'ACCEPT_FEE_DIFFERENCE'
            ? await postResolution(tx, run, exception, action)
            : null;
        await applyExceptionAction(tx, exception.id, {
          action,
          note: decision!.note,
          operatorId: operator.operatorId,
          journalEntryId,
        });
        await settleReconDecision(tx, decision!.id, 'APPLIED');
        const approval = decision!.approval;
        await appendAudit(tx, actor, {
          action:
            action === 'ESCALATE'
              ? 'reconciliation.exception_escalated'
              : 'reconciliation.exception_resolved',
          targetType: 'recon_exception',
          targetId: exception.reference,
          before: { status: exception.status, kind: exception.kind },
          after: {
            action,
            note: decision!.note,
            journalEntryId,
            settlementDate: run.settlementDate,
            gateway: run.gateway,
            ...(approval && {
              postingMinor: decision!.postingMinor,
              proposedBy: operator.email,
              approvedBy: approval.email,
              approvalNote: approval.note,
            }),
          },
        });
        const open = await refreshOpenCount(tx, run.id);
        return {
          result: {
            exceptionReference: exception.reference,
            status: action === 'ESCALATE' ? ('OPEN' as const) : ('RESOLVED' as const),
            action,
            openExceptions: open,
          },
          refundId: null,
        };
      });
      if (!applied) throw refused(staleProposal!.code, staleProposal!.message);
      // The refund's workflow carries it to its approver and the gateway; the sweeper starts it
      // if this does not (a retry of this activity starts it again, harmlessly).
      if (applied.refundId !== null && deps.temporal) {
        const refund = await findRefundById(fork(), applied.refundId);
        if (refund) await startRefundWorkflow(deps.temporal, fork(), { refund });
      }
      return applied.result;
    },

    /** Closes the day if nothing is open; false when an exception came in meanwhile. */
    async closeReconDay(day: ReconDay): Promise<boolean> {
      return fork().transactional(async (tx) => {
        const run = await findRun(tx, day);
        if (!run) return true;
        const rows = await tx.execute<Array<{ id: string }>>(
          `update recon_runs set status = 'CLOSED', closed_at = now(), updated_at = now(), open_exception_count = 0
            where id = ? and not exists (select 1 from recon_exceptions where run_id = ? and status = 'OPEN')
            returning id`,
          [run.id, run.id],
        );
        return rows.length > 0;
      });
    },
  };
}

/**
 * A chargeback line of one of our payments becomes that payment's dispute (its ledger entry and
 * the app's webhooks come with it), once per line: the line's key names it when the gateway gives
 * no id of its own. The exception stays for finance to settle the line. A line whose payment is of
 * another gateway or mode is left to finance as it is, and so is a line of a gateway whose disputes
 * its own notices record (Stripe's).
 */
async function handChargebacksToDisputes(
  tx: EntityManager,
  result: MatchResult,
  lines: ReadonlyMap<number, ReconLine>,
): Promise<RecordedDisputeEvent[]> {
  const events: RecordedDisputeEvent[] = [];
  for (const exception of result.exceptions) {
    if (exception.kind !== 'CHARGEBACK' || exception.paymentId === null || exception.lineId === null)
      continue;
    const line = lines.get(exception.lineId)!;
    // A gateway that notifies its disputes (Stripe) has each recorded from its notices under its
    // own dispute id: its report's dispute lines are that money moving, not another dispute.
    if (findGatewayModule(line.gateway)?.identifyDispute) continue;
    try {
      const recorded = await recordChargeback(tx, {
        paymentId: exception.paymentId,
        gateway: line.gateway,
        mode: line.mode,
        gatewayDisputeId: line.lineKey,
        amountMinor: Math.abs(line.grossMinor),
        currency: line.currency,
        reason: 'chargeback in settlement report',
      });
      events.push(...recorded.events);
    } catch (error) {
      if (!(error instanceof DisputeMismatch)) throw error;
    }
  }
  return events;
}

function noteClaims(
  result: MatchResult,
  claimed: Set<string>,
  found: Set<string>,
  named?: Set<string>,
): void {
  for (const match of result.matches) claimed.add(targetKey(match.target));
  for (const exception of result.exceptions) {
    found.add(`${exception.kind}|${exception.subject}`);
    if (named && exception.kind === 'AMOUNT_MISMATCH' && exception.paymentId !== null) {
      named.add(targetKey({ type: 'payment', id: exception.paymentId }));
    }
    if (exception.kind === 'FEE_MISMATCH') {
      if (exception.paymentId !== null) claimed.add(targetKey({ type: 'payment', id: exception.paymentId }));
      if (exception.refundId !== null) claimed.add(targetKey({ type: 'refund', id: exception.refundId }));
    }
  }
}
