import { z } from 'zod';
import { ACCOUNT_TYPE_NAMES, ENTRY_KIND_NAMES } from '../../../domain/ledger/ledger.js';
import { MODES } from '../../../domain/shared/mode.js';
import { CURRENCIES } from '../../../domain/shared/money.js';
import { CURSOR_OR_PAGE, cursorOrPage, queryCursor, queryInstant, queryInt } from '../../query-values.js';

/** Request shapes of the operators' ledger area. */

const mode = z.enum(MODES).default('TEST').describe('TEST or LIVE; defaults to TEST');
const page = queryInt({ min: 1, max: 100000 }).default(1);

export const accountsQuery = z.strictObject({
  mode,
  type: z.enum(ACCOUNT_TYPE_NAMES).optional().describe('Only accounts of this type'),
  currency: z.enum(CURRENCIES).optional(),
  appId: queryInt({ min: 1 }).optional().describe("Only this app's accounts"),
});
export type AccountsQuery = z.infer<typeof accountsQuery>;

export const statementQuery = z.strictObject({
  page,
  size: queryInt({ min: 1, max: 200 }).default(50),
});

export const journalQuery = z
  .strictObject({
    mode,
    kind: z.enum(ENTRY_KIND_NAMES).optional().describe('Only entries of this kind'),
    source: z
      .string()
      .regex(
        /^(?:(?:pay|rf|po)_[0-9a-z]{20}|(?:dsp|rex)_[0-9A-Za-z]{1,40}|[0-9a-f]{64})$/,
        "Expected a payment, refund, payout, dispute or exception reference, or a settlement line's key",
      )
      .optional()
      .describe(
        "Only this source's entries: a payment, refund, payout, dispute, exception or settlement line",
      ),
    from: queryInstant().optional().describe('Posted at or after (ISO-8601)'),
    to: queryInstant().optional().describe('Posted before (ISO-8601)'),
    page,
    size: queryInt({ min: 1, max: 100 }).default(25),
    after: queryCursor('entry'),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);
export type JournalQuery = z.infer<typeof journalQuery>;
