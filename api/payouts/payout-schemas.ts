import { z } from 'zod';
import { PAYOUT_STATUSES } from '../../domain/payouts/payouts.js';
import { PAYOUT_RAIL_NAMES } from '../../gateways/payouts/registry.js';
import { CURSOR_OR_PAGE, cursorOrPage, queryCursor, queryInstant, queryInt } from '../query-values.js';
import { visibleText } from '../../domain/shared/text-fields.js';

/** Payout request schemas: strict, and the single source of the OpenAPI document's payout paths. */
const instant = queryInstant();

export {
  beneficiarySchema,
  createPayoutBody,
  type CreatePayoutBody,
} from '../../domain/payouts/payout-bodies.js';

export const payoutIdParam = z
  .string()
  .regex(/^(\d{1,15}|po_[0-9a-z]{20})$/, 'Expected a payout id or reference');

const payoutStatusList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim().toUpperCase()))
  .pipe(z.array(z.enum(PAYOUT_STATUSES)).min(1));

export const listPayoutsQuery = z
  .strictObject({
    status: payoutStatusList.optional().describe('One status, or several separated by commas'),
    rail: z.enum(PAYOUT_RAIL_NAMES).optional().describe('Only payouts on this rail'),
    from: instant.optional().describe('Created at or after (ISO-8601)'),
    to: instant.optional().describe('Created before (ISO-8601)'),
    page: queryInt({ min: 1, max: 100000 }).default(1),
    size: queryInt({ min: 1, max: 100 }).default(20),
    after: queryCursor('payout'),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);

export const cancelPayoutBody = z
  .strictObject({ reason: visibleText(255).optional().describe('Why the app cancels it') })
  .meta({ examples: [{ reason: 'Customer asked for store credit instead' }] });
