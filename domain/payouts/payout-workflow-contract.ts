/**
 * What the payout workflow is started with and told, shared by the workflow and the modules that
 * start and nudge it. The messages carry nothing but "look again": every decision, cancellation
 * and top-up is read back from PostgreSQL.
 */
export const PAYOUT_WORKFLOW_TYPE = 'payoutWorkflow';

/** `payout-<reference>`. */
export const payoutWorkflowId = (reference: string) => `payout-${reference}`;

export const PAYOUT_MESSAGES = {
  /** Something about the payout changed in PostgreSQL (a decision, a cancellation, a top-up). */
  changed: 'payoutChanged',
} as const;

export interface PayoutWorkflowInput {
  payoutId: number;
  reference: string;
}
