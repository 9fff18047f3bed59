import { ApplicationFailure } from '@temporalio/common';

/**
 * What the API's calls to workflows share: how long a person may wait on one, and how a
 * workflow's refusal is read back as its failure type and message.
 */

/** A customer or an operator waits on these calls: past this, the page says "try again" instead of hanging. */
export const INTERACTIVE_DEADLINE_MS = 20_000;

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
