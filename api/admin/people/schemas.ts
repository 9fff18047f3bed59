import { z } from 'zod';
import { PEOPLE_CHANGE_STATUSES } from '../../../domain/operators/people-changes.js';
import { queryInt } from '../../query-values.js';

/** Queries of the people-changes queue; decisions take the same body as control changes. */
export const peopleChangesQuery = z.strictObject({
  status: z
    .enum(PEOPLE_CHANGE_STATUSES)
    .optional()
    .describe('Only changes in this status (PENDING: the queue); all when absent'),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
