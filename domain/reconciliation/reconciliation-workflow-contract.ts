import type { ReconAction, ResolveExceptionResult } from './reconciliation.js';

/**
 * What the reconciliation workflows are started with and told, shared by the workflow code and the
 * modules that start and message them: each is started by its type's name and typed by its input;
 * the definitions the workflow registers are built from these names
 * (workflows/reconciliation/messages.ts).
 */
export const RECONCILIATION_WORKFLOW_TYPES = {
  day: 'reconciliationWorkflow',
} as const;

/** The settlement day's messages, by name. */
export const RECONCILIATION_MESSAGES = {
  rematch: 'rematch',
  resolveException: 'resolveException',
} as const;

export type { ResolveExceptionResult };

/**
 * One settlement day of one gateway in one mode: `recon-<gateway>-<mode>-<date>`. Its grace
 * period, fee tolerance and payout window are the deployment's settings, read by the activities.
 */
export interface ReconciliationWorkflowInput {
  gateway: string;
  mode: 'TEST' | 'LIVE';
  /** 'YYYY-MM-DD'. */
  settlementDate: string;
}

/** A `rematch` signal's payload: why the day matches again. */
export interface RematchMessage {
  reason: string;
}

/**
 * Finance's action on one of the day's exceptions, named by the decision the API recorded (table
 * recon_decisions): the activity reads who decided and what from that record and checks it again.
 */
export interface ResolveExceptionMessage {
  exceptionReference: string;
  action: ReconAction;
  note: string;
  decisionId?: number;
}

/** `recon-<gateway>-<mode>-<date>`: one settlement day, until its exceptions are resolved. */
export type ReconciliationWorkflow = (input: ReconciliationWorkflowInput) => Promise<{ status: 'CLOSED' }>;
