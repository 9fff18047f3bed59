import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { queryInt } from '../../query-values.js';
import { visibleText } from '../../../domain/shared/text-fields.js';

export const attentionQuery = z.strictObject({
  mode: z.enum(MODES).default('TEST').describe('TEST or LIVE; defaults to TEST'),
  state: z.enum(['OPEN', 'RESOLVED']).default('OPEN').describe('OPEN (the default) or RESOLVED'),
  appId: queryInt({ min: 1 }).optional(),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});

export const attentionRefundBody = z.strictObject({
  note: visibleText(255).describe('Why the money goes back; the refund reason, and in the audit log'),
});

export const attentionResolveBody = z.strictObject({
  resolution: z
    .enum(['APPLY', 'ACKNOWLEDGE'])
    .describe(
      "APPLY: the parked money is the app's after all. ACKNOWLEDGE: close a flag that parked nothing.",
    ),
  note: visibleText(500).describe('Why; recorded with the resolution and in the audit log'),
});

export const attentionDecisionBody = z.strictObject({
  comment: visibleText(500).optional().describe('Why; recorded with the decision and in the audit log'),
});
