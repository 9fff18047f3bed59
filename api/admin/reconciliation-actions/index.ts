import Router from '@koa/router';
import { z } from 'zod';
import type { ReconException } from '../../../db/reconciliation/recon-runs.js';
import type { Refund } from '../../../db/refunds/refunds.js';
import { STEP_UP_WINDOW_MS } from '../../../domain/operators/permissions.js';
import {
  RECON_ACTIONS,
  RECON_EXCEPTION_REFERENCE_PATTERN,
} from '../../../domain/reconciliation/reconciliation.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { sendData } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import {
  approveReconProposal,
  resolveReconException,
  type ReconDecider,
} from '../../reconciliation/reconciliation-actions.js';
import type { ReconDecision } from '../../../domain/reconciliation/recon-decisions.js';
import { visibleText } from '../../../domain/shared/text-fields.js';
import { parseWith } from '../../validation.js';
import { now, requirePermission, type AdminState } from '../session.js';

/** What finance sends to resolve an exception. */
export const resolveExceptionBody = z.strictObject({
  action: z
    .enum(RECON_ACTIONS)
    .describe(
      'POST_ADJUSTMENT, ACCEPT_FEE_DIFFERENCE and REFUND move money (step-up first); ESCALATE keeps it open',
    ),
  note: visibleText(1000).describe('Why; recorded with the action and in the audit log'),
  amountMinor: z
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe(
      "REFUND only: integer minor units to refund of the exception's payment, at most what is still " +
        'refundable; defaults to what the exception says was charged beyond the payment (a duplicate ' +
        "line's gross, an overcharge's excess)",
    ),
});

/** What a second operator sends to approve a proposal. */
export const approveProposalBody = z.strictObject({
  note: visibleText(1000).optional().describe('Why you approve it; recorded with the approval and audited'),
});

/** The proposal waiting on an exception, as the API shows it. */
export function proposalView(proposal: ReconDecision | null) {
  return (
    proposal && {
      id: proposal.id,
      action: proposal.action,
      note: proposal.note,
      postingMinor: proposal.postingMinor,
      proposedBy: proposal.operator.email,
      approvedBy: proposal.approval?.email ?? null,
    }
  );
}

/** The exception as an action left it, with the refund it waits for (REFUND), as the API answers. */
export function resolvedExceptionView(
  exception: ReconException,
  openExceptions: number,
  refund: Refund | null,
  proposal: ReconDecision | null = null,
) {
  return {
    reference: exception.reference,
    kind: exception.kind,
    status: exception.status,
    action: exception.action,
    note: exception.note,
    escalatedAt: exception.escalatedAt?.toISOString() ?? null,
    resolvedAt: exception.resolvedAt?.toISOString() ?? null,
    journalEntryId: exception.journalEntryId,
    refund: refund && {
      reference: refund.reference,
      status: refund.status,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      requestedByOperatorId: refund.requestedByOperatorId,
    },
    proposal: proposalView(proposal),
    openExceptions,
  };
}

/**
 * The operator deciding on an exception, as the actions judge them: whether they confirmed their
 * identity again within the step-up window is read now, from their session.
 */
export function reconDeciderOf(deps: RouteDeps, { operator, session }: AdminState, ip: string): ReconDecider {
  return {
    operatorId: operator.id,
    role: operator.role,
    email: operator.email,
    ip: ip || null,
    steppedUp:
      session.stepUpAt !== null && now(deps).getTime() - session.stepUpAt.getTime() <= STEP_UP_WINDOW_MS,
  };
}

/** An exception's reference from the path; one no exception could have is not found. */
function exceptionReferenceOf(raw: string | undefined): string {
  const reference = raw ?? '';
  if (!RECON_EXCEPTION_REFERENCE_PATTERN.test(reference)) throw new ApiError('RECON_EXCEPTION_NOT_FOUND');
  return reference;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key (or X-Idempotency-Key), if it gave one. */
function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | null {
  const given = headers['idempotency-key'] ?? headers['x-idempotency-key'];
  if (given === undefined) return null;
  const key = Array.isArray(given) ? given.join(', ') : given;
  if (!KEY_PATTERN.test(key)) throw new ApiError('INVALID_IDEMPOTENCY_KEY');
  return key;
}

/**
 * POST /api/v1/admin/reconciliation/exceptions/{reference}/resolve: finance's action on one
 * exception of a settlement day, applied by the day's workflow.
 */
export function reconciliationActionsApi(deps: RouteDeps): Router {
  const router = new Router();
  router.post(
    '/reconciliation/exceptions/:reference/resolve',
    requirePermission(deps, 'reconciliation.resolve'),
    async (ctx) => {
      const reference = exceptionReferenceOf(ctx.params.reference);
      const body = parseWith(resolveExceptionBody, await readJson(ctx));
      const idempotencyKey = idempotencyKeyOf(ctx.headers);
      const { exception, openExceptions, refund, proposal, proposed } = await resolveReconException(
        deps,
        reference,
        reconDeciderOf(deps, ctx.state.admin as AdminState, ctx.ip),
        { action: body.action, note: body.note, amountMinor: body.amountMinor ?? null, idempotencyKey },
      );
      // 202: proposed, nothing posted yet; it waits for a second operator.
      sendData(ctx, proposed ? 202 : 200, resolvedExceptionView(exception, openExceptions, refund, proposal));
    },
  );
  router.post(
    '/reconciliation/exceptions/:reference/approve',
    requirePermission(deps, 'reconciliation.resolve'),
    async (ctx) => {
      const reference = exceptionReferenceOf(ctx.params.reference);
      const body = parseWith(approveProposalBody, await readJson(ctx));
      const { exception, openExceptions, refund, proposal } = await approveReconProposal(
        deps,
        reference,
        reconDeciderOf(deps, ctx.state.admin as AdminState, ctx.ip),
        body.note ?? '',
      );
      sendData(ctx, 200, resolvedExceptionView(exception, openExceptions, refund, proposal));
    },
  );
  return router;
}
