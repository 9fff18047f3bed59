import { z } from 'zod';
import { CURSOR_OR_PAGE, cursorOrPage, queryInt, queryTextCursor } from '../../query-values.js';
import { MODES } from '../../../domain/shared/mode.js';
import { listPaymentsQuery } from '../../payments/payment-schemas.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { fromDecimalString } from '../../../domain/shared/money.js';

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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The page's filters in the API's terms: amounts typed in major units (two decimals, as for BDT),
 * and an inclusive "to" date, since an operator picking 12 May means "up to the end of 12 May".
 */
export function paymentQueryFromForm(form: Record<string, string>, page: string | undefined) {
  const { amountFrom, amountTo, to, ...rest } = form;
  const query: Record<string, string> = { ...rest };
  const minor = (value: string, field: string) => {
    try {
      return String(fromDecimalString(value, 'BDT'));
    } catch {
      throw new ApiError('VALIDATION_ERROR', `${field} must be an amount such as 100.00`);
    }
  };
  if (amountFrom) query.amountMin = minor(amountFrom, 'Amount from');
  if (amountTo) query.amountMax = minor(amountTo, 'Amount to');
  if (to) {
    const end = /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(to) + DAY_MS) : null;
    query.to = end && !Number.isNaN(end.getTime()) ? end.toISOString() : to;
  }
  if (page) query.page = page;
  return query;
}
