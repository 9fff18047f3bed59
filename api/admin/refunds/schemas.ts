import { z } from 'zod';
import { MODES } from '../../../domain/mode.js';
import { CURRENCIES } from '../../../domain/money.js';
import { CONFIRMATION_OUTCOMES } from '../../../domain/refund-confirmation.js';
import { queryInt } from '../../query-values.js';
import { createRefundBody, listRefundsQuery } from '../../schemas.js';
import { visibleText } from '../../text-fields.js';

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

/** Finance's word on a refund the gateway holds but cannot be asked about. */
export const confirmationBody = z
  .strictObject({
    outcome: z.enum(CONFIRMATION_OUTCOMES).describe("What the gateway's merchant panel shows for the refund"),
    gatewayRefundId: visibleText(64)
      .optional()
      .describe(
        "The gateway's id for the refund, from its panel: the gateway is then asked about it as usual. Only with SUCCEEDED",
      ),
    note: visibleText(500).describe('What you saw, and where; recorded in the audit log'),
  })
  .refine((body) => body.outcome === 'SUCCEEDED' || body.gatewayRefundId === undefined, {
    message: 'A gateway refund id is given only with SUCCEEDED',
    path: ['gatewayRefundId'],
  });
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
