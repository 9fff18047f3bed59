import { z } from 'zod';
import { EVENT_TYPE_NAMES } from '../openapi/event-types.js';
import { CURSOR_OR_PAGE, cursorOrPage, queryInstant, queryInt, queryTextCursor } from '../query-values.js';

/** Query and path values of the app's events API (GET /api/v1/events, /events/{id}). */

export const EVENT_ID_PATTERN = /^evt_[0-9a-z]{24}$/;

export const eventIdParam = z.string().regex(EVENT_ID_PATTERN, 'Expected an event id (evt_…)');

// Read exactly as the document's pattern states it: no spaces around the commas.
const typeList = z
  .string()
  .transform((value) => value.split(','))
  .pipe(
    z
      .array(z.enum(EVENT_TYPE_NAMES, { error: `must be an event type: ${EVENT_TYPE_NAMES.join(', ')}` }))
      .min(1),
  );

const instant = queryInstant();

export const listEventsQuery = z
  .strictObject({
    type: typeList.optional().describe('One event type, or several separated by commas'),
    since: instant.optional().describe('Written at or after (ISO-8601)'),
    until: instant.optional().describe('Written before (ISO-8601)'),
    payment: z
      .string()
      .regex(/^(\d{1,15}|pay_[0-9a-z]{20})$/, 'Expected a payment id or reference')
      .optional()
      .describe(
        "Only the events about this payment (its id or reference): its own, its refunds', its disputes' and its invoice's payment events",
      ),
    page: queryInt({ min: 1, max: 100000 }).default(1),
    size: queryInt({ min: 1, max: 100 }).default(20),
    after: queryTextCursor('event', EVENT_ID_PATTERN),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);

export type ListEventsQuery = z.infer<typeof listEventsQuery>;

/** GET /api/v1/events/stream: which events, and after which one (Last-Event-ID, when sent, wins). */
export const streamEventsQuery = z.strictObject({
  type: typeList.optional().describe('Only these event types (one, or several separated by commas)'),
  after: eventIdParam
    .optional()
    .describe(
      'Go on after this event (an id the stream sent); the Last-Event-ID header, when sent, takes its place',
    ),
});

export type StreamEventsQuery = z.infer<typeof streamEventsQuery>;
