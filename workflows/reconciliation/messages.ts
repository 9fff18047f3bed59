import { defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  RECONCILIATION_MESSAGES,
  type RematchMessage,
  type ResolveExceptionMessage,
  type ResolveExceptionResult,
} from '../../domain/reconciliation/reconciliation-workflow-contract.js';

/** New lines arrived for the day, or a late payment: match the day again. */
export const rematchSignal = defineSignal<[RematchMessage]>(RECONCILIATION_MESSAGES.rematch);
/** Finance's action on one of the day's exceptions, as the API recorded it. */
export const resolveExceptionUpdate = defineUpdate<ResolveExceptionResult, [ResolveExceptionMessage]>(
  RECONCILIATION_MESSAGES.resolveException,
);
