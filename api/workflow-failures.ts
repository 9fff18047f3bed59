import { WorkflowNotFoundError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/**
 * What the API's calls to workflows share: how long a person may wait on one, and how a
 * workflow's refusal is read back as its failure type and message.
 */

/** A customer or an operator waits on these calls: past this, the page says "try again" instead of hanging. */
export const INTERACTIVE_DEADLINE_MS = 20_000;

/**
 * How long the API waits for Temporal to start a workflow whose start the sweeper redoes when it
 * fails (a refund, a payout, a payout batch, an invoice or an event's delivery, each committed in
 * PostgreSQL first): the request answers with what was committed instead of waiting on an
 * unreachable Temporal, which otherwise retried past a SIGTERM drain's grace.
 */
export const DEFERRABLE_START_DEADLINE_MS = 5_000;

/** The type of the innermost application failure a workflow or its update answered with. */
export function failureType(error: unknown): string | null {
  let cause: unknown = error;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure && cause.type) return cause.type;
    cause = cause.cause;
  }
  return null;
}

export function failureMessage(error: unknown): string | undefined {
  let cause: unknown = error;
  let last: string | undefined;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure) last = cause.message;
    cause = cause.cause;
  }
  return last;
}

/** gRPC's NOT_FOUND status code. */
const GRPC_NOT_FOUND = 5;

/**
 * The workflow closed before it took the call. A plain update says so with WorkflowNotFoundError;
 * update-with-start hands back the server's own NOT_FOUND ("workflow update was aborted by closing
 * workflow") when the workflow closes while the update waits to be taken, as a customer's cancel
 * does when it lands just as the gateway's answer closes the payment.
 */
export function closedBeforeTaking(error: unknown): boolean {
  return (
    error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND)
  );
}
