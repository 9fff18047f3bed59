import type { EntityManager } from '@mikro-orm/postgresql';
import { independenceRefusal } from '../../db/approvals/independence.js';
import { loadTies } from '../../db/operators/operator-ties.js';
import type { Orm } from '../../platform/orm/orm.js';
import {
  appliedApproverIds,
  hasAppliedDecision,
  recordDecision,
  settleDecision,
  type DecisionToRecord,
} from '../../db/refunds/refund-decisions.js';
import { findRefund, markRefundWorkflowStarted, type Refund } from '../../db/refunds/refunds.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Role } from '../../domain/operators/permissions.js';
import { judgeDecision } from '../../domain/refunds/refund-approval.js';
import { judgeConfirmation, type ConfirmationOutcome } from '../../domain/refunds/refund-confirmation.js';
import type { RecordedDecisionRefusal } from '../../domain/refunds/refund-decisions.js';
import type { Orchestrator } from '../orchestrator.js';
import { refundIdParam } from './refund-schemas.js';

/**
 * Every door through which a person decides a refund (the admin API, the dashboard, the CLI) comes
 * through here, and each does the same: judge the decision now for a fast answer, RECORD it in the
 * database as the signed-in operator (never as anyone a request claims to be), then SEND the
 * refund's workflow only the decision's id. The workflow's activity reads the record and judges it
 * again: it is the authority, so a message sent to the workflow service directly proves nothing.
 */

type Deps = { orm: Orm; orchestrator: Orchestrator };

/** Who decides: the signed-in operator (the session's, or the CLI's after its password check). */
export interface Decider {
  operatorId: number;
  role: Role;
  email: string;
  ip: string | null;
}

const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

async function refundOr404(deps: Deps, idOrReference: string): Promise<Refund> {
  const id = refundIdParam.safeParse(idOrReference);
  const refund = id.success ? await findRefund(fork(deps), id.data) : null;
  if (!refund) throw new ApiError('REFUND_NOT_FOUND');
  return refund;
}

const refused = (refusal: RecordedDecisionRefusal | null) => {
  if (refusal) throw new ApiError(refusal.code, refusal.message);
};

/**
 * Records the decision, sends its id to the workflow and waits for it to be applied. A decision
 * the workflow refused is marked so; one whose answer never came (the service busy) is left as
 * recorded, since the workflow may still apply it.
 */
async function recordThenSend(
  deps: Deps,
  decision: DecisionToRecord,
  send: (decisionId: number) => Promise<unknown>,
): Promise<void> {
  const recorded = await recordDecision(fork(deps), decision);
  try {
    await send(recorded.id);
  } catch (error) {
    if (error instanceof ApiError && error.code !== 'SERVICE_UNAVAILABLE') {
      await settleDecision(fork(deps), recorded.id, 'REFUSED', error.code);
    }
    throw error;
  }
}

/**
 * An approver's decision on a waiting refund, answered with the refund as the decision left it.
 * `check` runs on the refund first: the dashboard's step-up rule for large approvals.
 */
export async function decideWaitingRefund(
  deps: Deps,
  idOrReference: string,
  approve: boolean,
  decider: Decider,
  comment: string | null,
  check: (refund: Refund) => void = () => {},
): Promise<Refund> {
  const refund = await refundOr404(deps, idOrReference);
  if (refund.status !== 'PENDING_APPROVAL') {
    throw new ApiError(
      'REFUND_NOT_PENDING_APPROVAL',
      `This refund is ${refund.status}, not waiting for a decision`,
    );
  }
  const earlierApprovers = approve ? await appliedApproverIds(fork(deps), refund.id) : [];
  refused(
    judgeDecision(
      'WAITING',
      decider,
      refund.requestedByOperatorId,
      earlierApprovers,
      await loadTies(fork(deps), refund.requestedByOperatorId, decider.operatorId),
    ),
  );
  // Approvers apart from each other too: refused here, before anything is recorded.
  refused(
    await independenceRefusal(fork(deps), {
      requesterId: refund.requestedByOperatorId,
      approverId: decider.operatorId,
      earlierApproverIds: earlierApprovers,
    }),
  );
  check(refund);
  await recordThenSend(
    deps,
    {
      refundId: refund.id,
      stage: 'APPROVAL',
      verdict: approve ? 'APPROVE' : 'REJECT',
      gatewayRefundId: null,
      comment,
      operator: decider,
    },
    (decisionId) => deps.orchestrator.decideRefund(refund, approve, { decisionId }),
  );
  await markRefundWorkflowStarted(fork(deps), refund.id);
  return (await findRefund(fork(deps), refund.reference))!;
}

/** Finance's word on a refund the gateway holds but cannot be asked about (Nagad, manual, a lost answer). */
export interface Confirmation {
  outcome: ConfirmationOutcome;
  /** The gateway's id for the refund, from its merchant panel; only with SUCCEEDED. */
  gatewayRefundId: string | null;
  note: string;
}

/**
 * A finance operator's confirmation of a refund waiting for one, answered with the refund as it
 * left it. The confirmer is never the operator who asked for the refund.
 */
export async function confirmAwaitingRefund(
  deps: Deps,
  idOrReference: string,
  decider: Decider,
  confirmation: Confirmation,
): Promise<Refund> {
  const refund = await refundOr404(deps, idOrReference);
  if (
    refund.status !== 'PROCESSING' ||
    !refund.confirmationRequestedAt ||
    (await hasAppliedDecision(fork(deps), refund.id, 'CONFIRMATION'))
  ) {
    throw new ApiError('REFUND_NOT_AWAITING_CONFIRMATION');
  }
  const gatewayRefundId = confirmation.outcome === 'SUCCEEDED' ? confirmation.gatewayRefundId : null;
  refused(
    judgeConfirmation(
      'AWAITING',
      { operator: decider, outcome: confirmation.outcome, gatewayRefundId },
      refund.requestedByOperatorId,
      await loadTies(fork(deps), refund.requestedByOperatorId, decider.operatorId),
    ),
  );
  await recordThenSend(
    deps,
    {
      refundId: refund.id,
      stage: 'CONFIRMATION',
      verdict: confirmation.outcome,
      gatewayRefundId,
      comment: confirmation.note,
      operator: decider,
    },
    (decisionId) => deps.orchestrator.confirmRefund(refund, { decisionId }),
  );
  return (await findRefund(fork(deps), refund.reference))!;
}
