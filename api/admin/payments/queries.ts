import { z } from 'zod';
import { CURSOR_OR_PAGE, cursorOrPage, queryInt, queryTextCursor } from '../../query-values.js';
import { MODES } from '../../../domain/shared/mode.js';
import { listPaymentsQuery } from '../../payments/payment-schemas.js';

/** Query schemas of the operators' payment and webhook views (strict, like the app API's). */

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'NO_ENDPOINT'] as const;

const appId = queryInt({ min: 1 });
const mode = z.enum(MODES).default('TEST').describe('TEST or LIVE; defaults to TEST');
const page = queryInt({ min: 1, max: 100000 }).default(1);
const size = queryInt({ min: 1, max: 100 }).default(20);

// The operators' list pages by number only (and so to page × size ≤ 10,000).
const { after: _after, ...paymentFilters } = listPaymentsQuery.shape;

/** The app API's payment filters, across apps: plus app, mode and the payment reference. */
export const adminPaymentsQuery = z.strictObject({
  ...paymentFilters,
  appId: appId.optional(),
  mode,
  reference: z
    .string()
    .trim()
    .regex(/^pay_[0-9a-z]{20}$/, 'Expected a payment reference (pay_…)')
    .optional(),
});

export type AdminPaymentsQuery = z.infer<typeof adminPaymentsQuery>;

const EVENT_ID = /^evt_[0-9a-z]{24}$/;

export const adminEventsQuery = z
  .strictObject({
    appId: appId.optional(),
    mode,
    type: z
      .string()
      .trim()
      .regex(/^[a-z_]+(\.[a-z_]+)*$/, 'Expected an event type such as payment.succeeded')
      .max(64)
      .optional(),
    deliveryStatus: z.enum(DELIVERY_STATUSES).optional(),
    page,
    size,
    after: queryTextCursor('event', EVENT_ID),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);

export type AdminEventsQuery = z.infer<typeof adminEventsQuery>;

export const eventIdParam = z.string().regex(EVENT_ID, 'Expected an event id (evt_…)');

/** HTML forms send every field, empty ones as ''; an empty filter means "no filter". */
export function withoutEmpty(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '',
    ),
  );
}
