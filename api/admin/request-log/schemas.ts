import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { requestLogFilterShape } from '../../apps/request-log-schemas.js';
import { CURSOR_OR_PAGE, cursorOrPage, queryCursor, queryInt } from '../../query-values.js';

/** Request shapes of the request log area: the app's own filters, plus which app and mode. */

export const adminRequestLogQuery = z
  .strictObject({
    appId: queryInt({ min: 1 }).optional().describe("Only this app's requests"),
    mode: z.enum(MODES).optional().describe('TEST or LIVE; both when absent'),
    ...requestLogFilterShape,
    after: queryCursor('entry'),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);
export type AdminRequestLogQuery = z.infer<typeof adminRequestLogQuery>;

/** An entry's own id, as the list links to it. */
export const entryIdParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform(Number);
