import { z } from 'zod';
import { MAX_BATCH_LINES } from '../../domain/payouts/payout-batches.js';
import { queryInt } from '../query-values.js';

/** Payout batch request schemas: strict, and the single source of the OpenAPI document's batch paths. */

import { batchLineSchema } from '../../domain/payouts/payout-bodies.js';
export { batchLineSchema, type BatchLineBody } from '../../domain/payouts/payout-bodies.js';

/**
 * The batch as a whole; each line is judged apart (batchLineSchema) so that every invalid line
 * is answered with its line number, not only the first.
 */
export const createPayoutBatchBody = z
  .strictObject({
    lines: z
      .array(z.unknown())
      .min(1)
      .max(MAX_BATCH_LINES)
      .describe(`1 to ${MAX_BATCH_LINES} lines, each a payout's body with its own lineReference`),
  })
  .meta({
    examples: [
      {
        lines: [
          {
            lineReference: 'prize-0001',
            amountMinor: 50000,
            currency: 'BDT',
            beneficiary: { type: 'BKASH_WALLET', walletNumber: '01712345678', name: 'Rahima Khatun' },
            narrative: 'Quiz prize, week 6',
          },
          {
            lineReference: 'prize-0002',
            amountMinor: 25000,
            beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01812345678' },
          },
        ],
      },
    ],
  });

/** The JSON schema of a line, for the OpenAPI document. */
export const batchLineDocSchema = batchLineSchema;

export const payoutBatchIdParam = z
  .string()
  .regex(/^(\d{1,15}|pb_[0-9a-z]{20})$/, 'Expected a payout batch id or reference');

export const batchLinesQuery = z.strictObject({
  page: queryInt({ min: 1, max: 1000 }).default(1),
  size: queryInt({ min: 1, max: 500 }).default(100),
});

export const batchDecisionBody = z
  .strictObject({ comment: z.string().max(500).optional() })
  .meta({ examples: [{ comment: 'Checked against the prize list' }] });
