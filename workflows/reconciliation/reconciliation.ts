import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  RECON_EXCEPTION_REFERENCE_PATTERN,
  isReconAction,
  type ReconStatus,
} from '../../domain/reconciliation/reconciliation.js';
import { decisionIdOf } from '../../domain/refunds/refund-decisions.js';
import { FAILURE_TYPES } from '../../domain/shared/failure-types.js';
import { rematchSignal, resolveExceptionUpdate } from './messages.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';
import type {
  ReconciliationWorkflowInput,
  ResolveExceptionMessage,
  ResolveExceptionResult,
} from '../../domain/reconciliation/reconciliation-workflow-contract.js';
import { matchDay, recordAction } from './reconciliation-options.js';

const DAY_MS = 86_400_000;
/** Re-matches in one run before it continues as new, so a day open for weeks keeps a short history. */
const ROUNDS_PER_RUN = 60;

/**
 * One settlement day of one gateway in one mode (`recon-<gateway>-<mode>-<date>`): matches the
 * day's lines (posting what matches), then waits — for days if need be — for finance to resolve
 * its exceptions through `resolveException` updates. New lines (`rematch`) and, once a day, late
 * payments make it match again. It closes when no exception is open and the day's grace period is
 * over; a closed day that gets new lines is started again.
 *
 * The input names the day and nothing else: its grace period, fee tolerance and payout window
 * are the deployment's, read by each match, which answers when the grace period ends.
 */
export async function reconciliationWorkflow(
  input: ReconciliationWorkflowInput,
): Promise<{ status: 'CLOSED' }> {
  const day = { gateway: input.gateway, mode: input.mode, settlementDate: input.settlementDate };
  // Every run matches before it first looks at the grace period; the match answers when it ends.
  let graceEnd = 0;
  let status: ReconStatus | null = null;
  const setStatus = (next: ReconStatus) => {
    if (next === status) return;
    status = next;
    upsertSearchAttributes([{ key: searchAttributes.ReconStatus, value: next }]);
  };

  // Every run matches first (a continued run too): it learns where the day stands from the database.
  let dirty = true;
  let closing = false;
  let resolving = 0;
  let openExceptions = -1;
  // Payouts the bank's statements have not shown yet: the day waits for them as for an exception.
  let pendingPayouts = 0;

  setHandler(rematchSignal, () => {
    dirty = true;
  });

  const validate = (message: ResolveExceptionMessage) => {
    if (closing) {
      throw ApplicationFailure.nonRetryable('This settlement day is closed', 'RECON_EXCEPTION_NOT_OPEN');
    }
    if (decisionIdOf(message) === null) {
      throw ApplicationFailure.nonRetryable(
        'An action reaches a settlement day only as recorded by the API; this message names none',
        FAILURE_TYPES.forbidden,
      );
    }
    if (
      typeof message.exceptionReference !== 'string' ||
      !RECON_EXCEPTION_REFERENCE_PATTERN.test(message.exceptionReference) ||
      !isReconAction(message.action)
    ) {
      throw ApplicationFailure.nonRetryable(
        'Not an exception reference and action',
        FAILURE_TYPES.validation,
      );
    }
  };
  setHandler(
    resolveExceptionUpdate,
    async (message): Promise<ResolveExceptionResult> => {
      resolving += 1;
      try {
        const applied = await recordAction.applyReconDecision({
          ...day,
          decisionId: message.decisionId!,
          exceptionReference: message.exceptionReference,
        });
        openExceptions = applied.openExceptions;
        return applied;
      } catch (error) {
        throw refusalOf(error);
      } finally {
        resolving -= 1;
      }
    },
    { validator: validate },
  );

  for (let rounds = 0; ;) {
    if (dirty) {
      dirty = false;
      setStatus('MATCHING');
      const matched = await matchDay.matchReconDay({
        ...day,
        workflowId: workflowInfo().workflowId,
        asOf: Date.now(),
      });
      graceEnd = matched.graceEndsAt;
      openExceptions = matched.openExceptions;
      pendingPayouts = matched.pendingPayouts;
      rounds += 1;
    }
    const pastGrace = Date.now() >= graceEnd;
    if (openExceptions === 0 && pendingPayouts === 0 && pastGrace && resolving === 0 && !dirty) {
      closing = true;
      const closed = await recordAction.closeReconDay(day);
      if (closed && !dirty) {
        setStatus('CLOSED');
        await condition(allHandlersFinished);
        return { status: 'CLOSED' };
      }
      // An exception or a line came in meanwhile: the day stays open.
      closing = false;
      dirty = true;
      continue;
    }
    setStatus(openExceptions > 0 ? 'OPEN' : 'WAITING');
    if (rounds >= ROUNDS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof reconciliationWorkflow>(day);
    }
    // Wake for new lines, for the last exception resolved, at the end of the grace period, and
    // once a day regardless (a late payment may now match a line, or settle an unsettled one).
    const waitMs = pastGrace ? DAY_MS : Math.min(DAY_MS, graceEnd - Date.now());
    const woke = await condition(
      () =>
        dirty || (openExceptions === 0 && pendingPayouts === 0 && resolving === 0 && Date.now() >= graceEnd),
      waitMs,
    );
    if (!woke) dirty = true;
  }
}

/** A refusal of the activity that applies an action, as the update's own failure (its code for the API). */
function refusalOf(error: unknown): unknown {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return ApplicationFailure.nonRetryable(error.cause.message, error.cause.type);
  }
  return error;
}
