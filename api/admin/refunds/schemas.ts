import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { CURRENCIES } from '../../../domain/shared/money.js';
import { queryInt } from '../../query-values.js';
import { createRefundBody, listRefundsQuery } from '../../refunds/refund-schemas.js';
import { visibleText } from '../../../domain/shared/text-fields.js';

/** Request shapes of the operators' refunds area; the dashboard forms are converted to the same. */

/** The app API's refund filters, across apps: plus app and mode. */
export const adminRefundsQuery = z.strictObject({
  ...listRefundsQuery.shape,
  appId: queryInt({ min: 1 }).optional(),
  mode: z.enum(MODES).default('TEST').describe('TEST or LIVE; defaults to TEST'),
  awaitingConfirmation: z
    .enum(['true'])
    .optional()
    .describe('true: only refunds the gateway holds but cannot be asked about, waiting for finance'),
});
export type AdminRefundsQuery = z.infer<typeof adminRefundsQuery>;

export const decisionBody = z.strictObject({
  comment: visibleText(500).optional().describe('Why; recorded with the decision and in the audit log'),
});

const confirmationNote = visibleText(500).describe('What you saw, and where; recorded in the audit log');

/**
 * Finance's word on a refund the gateway holds but cannot be asked about: refunded (optionally
 * with the gateway's id for it, which hands the refund back to the gateway) or failed.
 */
export const confirmationBody = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z
      .literal('SUCCEEDED')
      .describe("The gateway's merchant panel shows the refund refunded or processing"),
    gatewayRefundId: visibleText(64)
      .optional()
      .describe(
        "The gateway's id for the refund, from its panel: the gateway is then asked about it as usual",
      ),
    note: confirmationNote,
  }),
  z.strictObject({
    outcome: z
      .literal('FAILED')
      .describe("The gateway's merchant panel shows the refund failed or cancelled"),
    note: confirmationNote,
  }),
]);
export type ConfirmationBody = z.infer<typeof confirmationBody>;

/** An operator's refund: as an app's, but the reason is required (it is what the approver reads). */
export const operatorRefundBody = createRefundBody.extend({
  reason: visibleText(255).describe('Why the money goes back; shown to the approver and sent to the gateway'),
});

/** A threshold only with ABOVE_AMOUNT, and always with it: one shape per rule, so the schema says so too. */
export const approvalPolicyBody = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('NEVER') }),
  z.strictObject({ rule: z.literal('ALWAYS') }),
  z.strictObject({
    rule: z.literal('ABOVE_AMOUNT'),
    thresholdMinor: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .describe('Refunds larger than this many minor units wait for an approver'),
    currency: z
      .enum(CURRENCIES)
      .describe('The currency of the threshold; refunds in another currency wait too'),
  }),
]);
export type ApprovalPolicyBody = z.infer<typeof approvalPolicyBody>;
