import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { queryInt } from '../../query-values.js';
import { visibleText } from '../../../domain/shared/text-fields.js';

export const batchUploadQuery = z.strictObject({
  // The app the batch pays out for. Not `.describe()`d: a described copy would lose the documented
  // shape of a query integer (digits only), which the document must state.
  appId: queryInt({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  mode: z.enum(MODES).describe('The mode its payouts are made in'),
  fileName: visibleText(200).optional().describe('The uploaded file’s name, for the record'),
});

export const batchDecisionBody = z
  .strictObject({ comment: visibleText(500).optional().describe('Why, for the audit trail') })
  .meta({ examples: [{ comment: 'Checked against the prize list' }] });

export const adminBatchQuery = z.strictObject({
  page: queryInt({ min: 1, max: 1000 }).default(1),
  size: queryInt({ min: 1, max: 500 }).default(100),
});
