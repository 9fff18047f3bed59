import type { EntityManager } from '@mikro-orm/postgresql';
import { loadTies } from '../../db/operators/operator-ties.js';
import type { Orm } from '../../platform/orm/orm.js';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import {
  findReconDecisionByKey,
  pendingProposalOn,
  proposalApprovedBy,
  recordReconApproval,
  recordReconDecision,
  refundPendingOn,
  settleReconDecision,
  uploaderOfException,
} from '../../db/reconciliation/recon-decisions.js';
import { planResolution } from '../../activities/reconciliation/recon-resolutions.js';
import {
  findException,
  findRunById,
  openExceptionCount,
  type ReconException,
  type ReconRun,
} from '../../db/reconciliation/recon-runs.js';
import { findRefundById, type Refund } from '../../db/refunds/refunds.js';
import { ApiError, isErrorCode } from '../../domain/shared/errors.js';
import type { Role } from '../../domain/operators/permissions.js';
import {
  ADJUSTING_ACTIONS,
  judgeApprover,
  judgeReconAction,
  type ReconDecision,
} from '../../domain/reconciliation/recon-decisions.js';
import { needsSecondOperator } from '../../domain/reconciliation/recon-tolerance.js';
import type { ReconAction } from '../../domain/reconciliation/reconciliation.js';
import type { Orchestrator } from '../orchestrator.js';

/**
 * Every door through which finance acts on a reconciliation exception comes through here, as
 * refund decisions do: judge the action now for a fast answer, RECORD it as the signed-in
 * operator, then SEND the day's workflow only the record's id. The workflow's activity reads the
 * record, judges it again and applies it with what it posts and its audit entry.
 *
 * An adjustment or an accepted fee difference beyond the rounding tolerance, or decided by whoever
 * uploaded the report the exception came from, is only PROPOSED: nothing is sent until another
 * FINANCE or ADMIN operator approves it (approveReconProposal), and the activity then reads the
 * proposal and the approval back from the database.
 */

type Deps = { orm: Orm; orchestrator: Orchestrator };

export interface ReconDecider {
  operatorId: number;
  role: Role;
  email: string;
  ip: string | null;
  /** The operator confirmed their identity again within the step-up window. */
  steppedUp: boolean;
}

export interface ReconResolution {
  action: ReconAction;
  note: string;
  /** REFUND only: the amount to refund; null for what the exception says is owed. */
  amountMinor: number | null;
  /** The request's Idempotency-Key: the same key again answers with what the first request did. */
  idempotencyKey: string | null;
}

const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

const actorOf = (operator: ReconDecider): AuditActor => ({
  type: 'OPERATOR',
  id: String(operator.operatorId),
  label: operator.email,
  ip: operator.ip,
});

/**
 * Resolves (or escalates) an exception, or asks for its refund; answers with the exception as the
 * action left it and the refund it waits for, if any.
 */
export async function resolveReconException(
  deps: Deps,
  reference: string,
  decider: ReconDecider,
  resolution: ReconResolution,
): Promise<ReconActionAnswer> {
  const exception = await findException(fork(deps), reference);
  const run = exception ? await findRunById(fork(deps), exception.runId) : null;
  if (!exception || !run) throw new ApiError('RECON_EXCEPTION_NOT_FOUND');
  if (resolution.action !== 'REFUND' && resolution.amountMinor !== null) {
    throw new ApiError('VALIDATION_ERROR', 'amountMinor goes only with REFUND');
  }
  const answer = (openExceptions: number) => answerFor(deps, reference, openExceptions);

  // The same request again (a retry after a lost answer): what the first one did, never twice.
  const earlier =
    resolution.idempotencyKey === null
      ? null
      : await findReconDecisionByKey(fork(deps), decider.operatorId, resolution.idempotencyKey);
  if (earlier) {
    if (
      earlier.exceptionId !== exception.id ||
      earlier.action !== resolution.action ||
      earlier.note !== resolution.note ||
      earlier.amountMinor !== resolution.amountMinor
    ) {
      throw new ApiError('IDEMPOTENCY_KEY_REUSED');
    }
    if (earlier.status === 'REFUSED') {
      const code = earlier.refusalCode && isErrorCode(earlier.refusalCode) ? earlier.refusalCode : null;
      throw new ApiError(code ?? 'RECON_EXCEPTION_NOT_OPEN');
    }
    if (earlier.status === 'APPLIED') return answer(await openCountOf(deps, run.id));
    if (earlier.status === 'PROPOSED')
      return { ...(await answer(await openCountOf(deps, run.id))), proposed: true };
  }

  const refusal = judgeReconAction(
    exception,
    resolution.action,
    decider,
    await refundPendingOn(fork(deps), exception),
  );
  if (refusal && !earlier) throw new ApiError(refusal.code, refusal.message);
  const proposal = earlier ? null : await proposalFor(deps, run, exception, resolution.action, decider);
  const recorded =
    earlier ??
    (await recordReconDecision(fork(deps), {
      exceptionId: exception.id,
      action: resolution.action,
      note: resolution.note,
      amountMinor: resolution.amountMinor,
      idempotencyKey: resolution.idempotencyKey,
      operator: { operatorId: decider.operatorId, role: decider.role, email: decider.email, ip: decider.ip },
      steppedUp: decider.steppedUp,
      ...(proposal && { proposal }),
    }).catch((error: unknown) => {
      if (error instanceof UniqueConstraintViolationException) {
        if (error.message.includes('recon_decisions_one_proposal'))
          throw new ApiError('RECON_PROPOSAL_PENDING');
        // Another request with this key recorded its decision a moment ago and is still applying it.
        throw new ApiError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      }
      throw error;
    }));
  // A proposal waits for its second operator: nothing is posted, the day is not told.
  if (recorded.status === 'PROPOSED') {
    if (!earlier) {
      await appendAudit(fork(deps), actorOf(decider), {
        action: 'reconciliation.adjustment_proposed',
        targetType: 'recon_exception',
        targetId: exception.reference,
        after: {
          action: recorded.action,
          note: recorded.note,
          postingMinor: recorded.postingMinor,
          currency: exception.currency,
          settlementDate: run.settlementDate,
          gateway: run.gateway,
          mode: run.mode,
        },
      });
    }
    return { ...(await answer(await openCountOf(deps, run.id))), proposed: true };
  }
  let openExceptions: number;
  try {
    ({ openExceptions } = await deps.orchestrator.resolveReconException(run, {
      exceptionReference: exception.reference,
      action: resolution.action,
      note: resolution.note,
      decisionId: recorded.id,
    }));
  } catch (error) {
    // A refusal is final; an answer that never came leaves the record for the workflow to apply.
    if (error instanceof ApiError && error.code !== 'SERVICE_UNAVAILABLE') {
      await settleReconDecision(fork(deps), recorded.id, 'REFUSED', error.code);
    }
    throw error;
  }
  return answer(openExceptions);
}

async function openCountOf(deps: Deps, runId: number): Promise<number> {
  return openExceptionCount(fork(deps), runId);
}

/** What an action left: the exception now, the refund it waits for, the proposal that waits on it. */
export interface ReconActionAnswer {
  exception: ReconException;
  openExceptions: number;
  refund: Refund | null;
  proposal: ReconDecision | null;
  /** This request proposed its action: nothing was posted, it waits for a second operator. */
  proposed: boolean;
}

async function answerFor(deps: Deps, reference: string, openExceptions: number): Promise<ReconActionAnswer> {
  const now = (await findException(fork(deps), reference))!;
  const refund =
    now.resolvingRefundId === null ? null : await findRefundById(fork(deps), now.resolvingRefundId);
  const proposal = await pendingProposalOn(fork(deps), now.id);
  return { exception: now, openExceptions, refund, proposal, proposed: false };
}

/**
 * Whether this action must wait for a second operator, and if so what it would post: an
 * adjustment or an accepted fee difference beyond the rounding tolerance of the day's mode and the
 * exception's currency, or one decided by whoever uploaded the report the exception came from.
 */
async function proposalFor(
  deps: Deps,
  run: ReconRun,
  exception: ReconException,
  action: ReconAction,
  decider: ReconDecider,
): Promise<{ postingMinor: number } | null> {
  if (!ADJUSTING_ACTIONS.has(action)) return null;
  const { postingMinor } = await planResolution(fork(deps), run, exception, action as 'POST_ADJUSTMENT');
  const wait = needsSecondOperator({
    postingMinor,
    toleranceMinor: deps.orchestrator.reconRoundingToleranceMinor(run.mode, exception.currency),
    deciderId: decider.operatorId,
    uploaderId: await uploaderOfException(fork(deps), exception),
  });
  return wait ? { postingMinor } : null;
}

/** Refusals that end a proposal: the exception moved on, so approving it again cannot help. */
const ENDS_PROPOSAL = new Set(['RECON_EXCEPTION_NOT_OPEN', 'RECON_ACTION_NOT_ALLOWED']);

/**
 * A second operator approves the proposal waiting on an exception: judged now (not its proposer,
 * not the report's uploader, a finance role, a fresh step-up), RECORDED beside the proposal, then
 * the day's workflow is SENT the proposal's id; its activity reads both back, judges them again
 * and posts. The same approval again (a retry) answers with what the first did, posting nothing
 * twice.
 */
export async function approveReconProposal(
  deps: Deps,
  reference: string,
  approver: ReconDecider,
  note: string,
): Promise<ReconActionAnswer> {
  const exception = await findException(fork(deps), reference);
  const run = exception ? await findRunById(fork(deps), exception.runId) : null;
  if (!exception || !run) throw new ApiError('RECON_EXCEPTION_NOT_FOUND');
  const proposal = await pendingProposalOn(fork(deps), exception.id);
  if (!proposal) {
    const approved = await proposalApprovedBy(fork(deps), exception.id, approver.operatorId);
    if (approved?.status === 'APPLIED') return answerFor(deps, reference, await openCountOf(deps, run.id));
    const code = approved?.refusalCode && isErrorCode(approved.refusalCode) ? approved.refusalCode : null;
    throw new ApiError(code ?? 'RECON_NO_PROPOSAL');
  }
  const uploaderId = await uploaderOfException(fork(deps), exception);
  const refusal = judgeApprover(proposal, approver, uploaderId, {
    fromProposer: await loadTies(fork(deps), proposal.operator.operatorId, approver.operatorId),
    fromUploader: await loadTies(fork(deps), uploaderId, approver.operatorId),
  });
  if (refusal) throw new ApiError(refusal.code, refusal.message);
  if (exception.status !== 'OPEN') {
    await settleReconDecision(fork(deps), proposal.id, 'REFUSED', 'RECON_EXCEPTION_NOT_OPEN');
    throw new ApiError('RECON_EXCEPTION_NOT_OPEN');
  }
  // Another operator's approval recorded first stands; the workflow applies that one.
  const mine = await recordReconApproval(fork(deps), proposal.id, {
    operatorId: approver.operatorId,
    role: approver.role,
    email: approver.email,
    ip: approver.ip,
    steppedUp: approver.steppedUp,
    note,
  });
  if (mine) {
    await appendAudit(fork(deps), actorOf(approver), {
      action: 'reconciliation.adjustment_approved',
      targetType: 'recon_exception',
      targetId: exception.reference,
      after: {
        action: proposal.action,
        postingMinor: proposal.postingMinor,
        proposedBy: proposal.operator.email,
        note,
      },
    });
  }
  let openExceptions: number;
  try {
    ({ openExceptions } = await deps.orchestrator.resolveReconException(run, {
      exceptionReference: exception.reference,
      action: proposal.action,
      note: proposal.note,
      decisionId: proposal.id,
    }));
  } catch (error) {
    if (error instanceof ApiError && ENDS_PROPOSAL.has(error.code)) {
      await settleReconDecision(fork(deps), proposal.id, 'REFUSED', error.code);
    }
    throw error;
  }
  return answerFor(deps, reference, openExceptions);
}
