import { z } from 'zod';
import { REFUND_STATUSES } from '../../domain/refunds/refunds.js';
import { beneficiarySchema } from '../payouts/payout-schemas.js';
import { metadataField } from '../../domain/shared/metadata-field.js';
import { queryInstant, queryInt } from '../query-values.js';
import { visibleText } from '../../domain/shared/text-fields.js';

/** Refund request schemas: strict, and the single source of the OpenAPI document's refund paths. */
const instant = queryInstant();

export const createRefundBody = z
  .strictObject({
    amountMinor: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('Integer minor units, > 0; defaults to everything still refundable'),
    reason: visibleText(255).optional().describe('Why the money goes back; sent to the gateway as remarks'),
    metadata: metadataField(),
    destination: beneficiarySchema
      .optional()
      .describe(
        "Where to pay the customer back when the payment's gateway cannot refund (Nagad, manual receipts) or a bKash payment is past its refund window: a payout beneficiary, as POST /api/v1/payouts takes it",
      ),
    manualConfirmation: z
      .literal(true)
      .optional()
      .describe(
        'For a gateway without a refund API, with no destination: finance pays the customer back by hand and confirms it',
      ),
  })
  .meta({
    examples: [
      { amountMinor: 25000, reason: 'Moved to the monthly plan', metadata: { ticket: 'SUP-4471' } },
      {
        amountMinor: 25000,
        reason: 'Order cancelled',
        destination: { type: 'NAGAD_WALLET', walletNumber: '01712345678', name: 'Rahima Khatun' },
      },
    ],
  });

export const refundIdParam = z
  .string()
  .regex(/^(\d{1,15}|rf_[0-9a-z]{20})$/, 'Expected a refund id or reference');

const refundStatusList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim().toUpperCase()))
  .pipe(z.array(z.enum(REFUND_STATUSES)).min(1));

export const listRefundsQuery = z.strictObject({
  status: refundStatusList.optional().describe('One status, or several separated by commas'),
  payment: z
    .string()
    .regex(/^pay_[0-9a-z]{20}$/, 'Expected a payment reference')
    .optional()
    .describe("Only this payment's refunds (its reference)"),
  from: instant.optional().describe('Created at or after (ISO-8601)'),
  to: instant.optional().describe('Created before (ISO-8601)'),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
