import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Mode } from '../../platform/orm/entities.js';
import {
  reconciliationWorkflowStart,
  startReconciliations,
} from '../../activities/reconciliation/reconciliation-starts.js';
import { roundingToleranceFor } from '../../domain/reconciliation/recon-tolerance.js';
import {
  DEFAULT_RECONCILIATION_POLICY,
  reconSettingsFor,
  type ReconciliationPolicy,
} from '../../domain/reconciliation/reconciliation.js';
import {
  RECONCILIATION_WORKFLOW_TYPES,
  type ReconciliationWorkflow,
  type ResolveExceptionMessage,
  type ResolveExceptionResult,
} from '../../domain/reconciliation/reconciliation-workflow-contract.js';
import { ApiError } from '../../domain/shared/errors.js';
import { resolveExceptionUpdate } from '../../workflows/reconciliation/messages.js';
import { INTERACTIVE_DEADLINE_MS, failureMessage, failureType } from '../workflow-failures.js';

/** The API's side of reconciliation: settlement days started and woken, exceptions resolved. */
export interface ReconciliationWorkflows {
  /**
   * Starts (or wakes, to match again) the reconciliation of each settlement date of a gateway and
   * mode, after lines for those dates were stored. Returns the workflow ids.
   */
  startReconciliations(input: {
    gateway: string;
    mode: Mode;
    dates: readonly string[];
    reason?: string;
  }): Promise<string[]>;
  /** Days after a gateway's settlement date within which its payouts must reach the bank. */
  payoutWindowDays(gateway: string): number;
  /** Days after a gateway's settlement date before the day may close (RECON_GRACE_DAYS). */
  reconGraceDays(gateway: string): number;
  /** What an adjustment may post on one operator's word (null: any amount, for that mode). */
  reconRoundingToleranceMinor(mode: Mode, currency: string): number | null;
  /**
   * Tells a settlement day's workflow of finance's action on one of its exceptions, recorded in
   * the database (the message names its id), and waits for it to be applied. A day not running
   * (closed, or never started) is started with it.
   */
  resolveReconException(
    day: { gateway: string; mode: Mode; settlementDate: string },
    message: ResolveExceptionMessage,
  ): Promise<ResolveExceptionResult>;
}

/** The refusals a settlement day's workflow answers an action with, as the API's error codes. */
const RECON_REFUSALS = new Set([
  'FORBIDDEN',
  'VALIDATION_ERROR',
  'STEP_UP_REQUIRED',
  'RECON_EXCEPTION_NOT_FOUND',
  'RECON_EXCEPTION_NOT_OPEN',
  'RECON_ACTION_NOT_ALLOWED',
  'RECON_REFUND_PENDING',
  'RECON_SECOND_OPERATOR_REQUIRED',
  'RECON_PROPOSAL_STALE',
  'PAYMENT_NOT_REFUNDABLE',
  'REFUND_EXCEEDS_REFUNDABLE',
] as const);

function toReconError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    const code = [...RECON_REFUSALS].find((c) => c === type);
    throw new ApiError(code ?? 'RECON_EXCEPTION_NOT_OPEN', failureMessage(error));
  }
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The reconciliation service is busy; please try again');
}

/**
 * `reconciliation`: the deployment's reconciliation settings (RECON_*), as the worker's activities
 * read them, to tell finance when a day's grace ends and what its payouts may take; the defaults
 * when absent. A day's workflow is started with the day alone.
 */
export function createReconciliationWorkflows(
  client: Client,
  taskQueue: string,
  reconciliation?: ReconciliationPolicy,
): ReconciliationWorkflows {
  return {
    reconGraceDays: (gateway) =>
      reconSettingsFor(reconciliation ?? DEFAULT_RECONCILIATION_POLICY, gateway).graceDays,

    reconRoundingToleranceMinor: (mode, currency) =>
      roundingToleranceFor(reconciliation?.roundingTolerance, mode, currency),

    payoutWindowDays: (gateway) =>
      reconSettingsFor(reconciliation ?? DEFAULT_RECONCILIATION_POLICY, gateway).payoutWindowDays,

    startReconciliations(input) {
      return startReconciliations({ client, taskQueue }, input);
    },

    resolveReconException(day, message) {
      const {
        signal: _signal,
        signalArgs: _signalArgs,
        ...start
      } = reconciliationWorkflowStart(day, taskQueue, 'an exception resolved');
      return client
        .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () =>
          client.workflow.executeUpdateWithStart(resolveExceptionUpdate, {
            args: [message],
            startWorkflowOperation: new WithStartWorkflowOperation<ReconciliationWorkflow>(
              RECONCILIATION_WORKFLOW_TYPES.day,
              { ...start, workflowIdConflictPolicy: 'USE_EXISTING' },
            ),
          }),
        )
        .catch(toReconError);
    },
  };
}
