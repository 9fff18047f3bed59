import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { queryDay, queryInt } from '../../query-values.js';
import { LINE_OUTCOMES } from '../../../db/reconciliation/reconciliation-views.js';

/** Request shapes of the reconciliation area: strict, as everywhere. */

const mode = z.enum(MODES).default('TEST').describe('TEST or LIVE; defaults to TEST');
const page = queryInt({ min: 1, max: 100000 }).default(1);
const size = queryInt({ min: 1, max: 100 }).default(20);
const day = (what: string) => queryDay().optional().describe(`${what} (YYYY-MM-DD), included`);

export const runsQuery = z
  .strictObject({
    mode,
    gateway: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a gateway name such as sslcommerz')
      .optional()
      .describe('Only this gateway'),
    status: z
      .enum(['OPEN', 'CLOSED'])
      .optional()
      .describe('OPEN: exceptions wait, or the day is in its grace'),
    from: day('Settlement dates from'),
    to: day('Settlement dates up to'),
    page,
    size,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type RunsQuery = z.infer<typeof runsQuery>;

export const exceptionsQuery = z.strictObject({
  status: z.enum(['OPEN', 'RESOLVED']).optional().describe('Only open (or only resolved) exceptions'),
  page,
  size,
});
export type ExceptionsQuery = z.infer<typeof exceptionsQuery>;

export const linesQuery = z.strictObject({
  outcome: z
    .enum(LINE_OUTCOMES)
    .optional()
    .describe('MATCHED (posted), EXCEPTION (an exception names it) or PENDING (not matched yet)'),
  page,
  size,
});
export type LinesQuery = z.infer<typeof linesQuery>;

export const cashQuery = z.strictObject({ mode });

export const runIdParam = z.string().regex(/^[1-9]\d{0,14}$/);
