import { z } from 'zod';
import {
  SAVED_VIEW_FILTER_NAME,
  SAVED_VIEW_FILTER_VALUE_MAX,
  SAVED_VIEW_LISTS,
  SAVED_VIEW_MAX_FILTERS,
  SAVED_VIEW_NAME_MAX,
  savedViewFiltersProblem,
} from '../../../domain/reports/saved-views.js';
import { visibleText } from '../../../domain/shared/text-fields.js';

/** Request schemas of saved views; the dashboard's form reads the list's own query string instead. */

const list = z
  .enum(SAVED_VIEW_LISTS, { error: `must be one of ${SAVED_VIEW_LISTS.join(', ')}` })
  .describe('The dashboard list the view filters');

export const savedViewsQuery = z.strictObject({
  list: list.optional().describe("Only this list's views; absent: every list the operator may read"),
});

export const savedViewBody = z.strictObject({
  list,
  name: visibleText(SAVED_VIEW_NAME_MAX).describe(
    'How the view reads in the strip; unique per list, whatever its case',
  ),
  filters: z
    .record(z.string().regex(SAVED_VIEW_FILTER_NAME), z.string().max(SAVED_VIEW_FILTER_VALUE_MAX))
    .default({})
    .superRefine((filters, ctx) => {
      const problem = savedViewFiltersProblem(filters);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(
      `The list's query parameters as text (at most ${SAVED_VIEW_MAX_FILTERS}), as its page's filter form sends them; page, size and cursors are left out`,
    ),
});
export type SavedViewBody = z.infer<typeof savedViewBody>;
