import { z } from 'zod';
import {
  CUSTOMER_EMAIL_KINDS,
  CUSTOMER_EMAIL_STATUSES,
} from '../../../domain/customer-emails/customer-emails.js';
import { MODES } from '../../../domain/shared/mode.js';
import { queryInt } from '../../query-values.js';

/** Request shapes of the customer emails area. */

export const emailLogQuery = z.strictObject({
  appId: queryInt({ min: 1 }).optional().describe("Only this app's messages"),
  mode: z.enum(MODES).optional().describe('TEST or LIVE; both when absent'),
  status: z.enum(CUSTOMER_EMAIL_STATUSES).optional(),
  kind: z.enum(CUSTOMER_EMAIL_KINDS).optional(),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type EmailLogQuery = z.infer<typeof emailLogQuery>;

/** The mail catcher numbers its messages 1, 2, 3 …; anything else names none. */
export const inboxMessageId = z.string().regex(/^[1-9]\d{0,15}$/);
export const attachmentIndex = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number);
