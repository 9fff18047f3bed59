import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  findReconDecisionByKey,
  recordReconDecision,
  refundPendingOn,
  settleReconDecision,
} from '../db/recon-decisions.js';
import { findException, findRunById, openExceptionCount, type ReconException } from '../db/recon-runs.js';
import { findRefundById, type Refund } from '../db/refunds.js';
import { ApiError, isErrorCode } from '../domain/errors.js';
import type { Role } from '../domain/permissions.js';
import { judgeReconAction } from '../domain/recon-decisions.js';
import type { ReconAction } from '../domain/reconciliation.js';
import type { PaymentOrchestrator } from './payment-orchestrator.js';

/**
 * Every door through which finance acts on a reconciliation exception comes through here, as
 * refund decisions do: judge the action now for a fast answer, RECORD it as the signed-in
 * operator, then SEND the day's workflow only the record's id. The workflow's activity reads the
 * record, judges it again and applies it with what it posts and its audit entry.
 */

type Deps = { orm: Orm; orchestrator: PaymentOrchestrator };

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

/**
 * Resolves (or escalates) an exception, or asks for its refund; answers with the exception as the
 * action left it and the refund it waits for, if any.
 */
export async function resolveReconException(
  deps: Deps,
  reference: string,
  decider: ReconDecider,
  resolution: ReconResolution,
): Promise<{ exception: ReconException; openExceptions: number; refund: Refund | null }> {
  const exception = await findException(fork(deps), reference);
  const run = exception ? await findRunById(fork(deps), exception.runId) : null;
  if (!exception || !run) throw new ApiError('RECON_EXCEPTION_NOT_FOUND');
  if (resolution.action !== 'REFUND' && resolution.amountMinor !== null) {
    throw new ApiError('VALIDATION_ERROR', 'amountMinor goes only with REFUND');
  }
  const answer = async (openExceptions: number) => {
    const now = (await findException(fork(deps), reference))!;
    const refund =
      now.resolvingRefundId === null ? null : await findRefundById(fork(deps), now.resolvingRefundId);
    return { exception: now, openExceptions, refund };
  };

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
  }

  const refusal = judgeReconAction(
    exception,
    resolution.action,
    decider,
    await refundPendingOn(fork(deps), exception),
  );
  if (refusal && !earlier) throw new ApiError(refusal.code, refusal.message);
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
    }).catch((error: unknown) => {
      // Another request with this key recorded its decision a moment ago and is still applying it.
      if (error instanceof UniqueConstraintViolationException)
        throw new ApiError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      throw error;
    }));
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
