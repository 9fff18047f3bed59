import { z } from 'zod';
import { CONTROL_CHANGE_STATUSES } from '../../../domain/control-changes.js';
import type { ApprovalPolicy } from '../../../domain/refund-approval.js';
import { queryInt } from '../../query-values.js';
import { visibleText } from '../../text-fields.js';
import type { ApprovalPolicyBody } from '../refunds/schemas.js';

/** Request bodies and queries of the controls area; the dashboard forms are converted to the same shapes. */

export const receiptApprovalsBody = z.strictObject({
  approvals: z
    .union([z.literal(1), z.literal(2)])
    .describe('1: the operator who records a receipt confirms it; 2: a second operator must (maker-checker)'),
});

export const controlChangesQuery = z.strictObject({
  status: z
    .enum(CONTROL_CHANGE_STATUSES)
    .optional()
    .describe('Only changes in this status (PENDING: the queue); all when absent'),
  appId: queryInt({ min: 1 }).optional(),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type ControlChangesQuery = z.infer<typeof controlChangesQuery>;

export const controlDecisionBody = z.strictObject({
  comment: visibleText(500).optional().describe('Why; recorded with the decision and in the audit log'),
});

/** A policy as stored: a threshold and its currency only for ABOVE_AMOUNT. */
export function policyFromBody(body: ApprovalPolicyBody): ApprovalPolicy {
  return body.rule === 'ABOVE_AMOUNT'
    ? { rule: body.rule, thresholdMinor: body.thresholdMinor, currency: body.currency }
    : { rule: body.rule, thresholdMinor: null, currency: null };
}
