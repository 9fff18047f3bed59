import { listEventsQuery } from '../webhooks/event-queries.js';
import { EVENT_TYPE_NAMES, EVENT_TYPES } from './event-types.js';
import { instant, queryParameters, ref, type Json, withExamples } from './json-schema.js';
import { errorResponse, list, ok, withStandardAnswers } from './responses.js';
import { DELIVERY_STATUSES } from '../admin/payments/queries.js';
import { APP_TAGS } from './tags.js';
import { EVENT_EXAMPLE } from './answer-examples.js';

const auth = [{ ApiKey: [], ApiSecret: [] }];
const EVENT_ID = '^evt_[0-9a-z]{24}$';

/**
 * An event as the app reads it back: the very body its webhook delivered (one shape per type,
 * told apart by `type`), plus where that delivery stands.
 */
const eventSchema = (): Json => ({
  description:
    'The body a webhook delivered for this event (id, type, timestamp, data: feed it to the same handler), plus deliveryStatus',
  oneOf: EVENT_TYPES.map(([type, data, summary]) => ({
    type: 'object',
    title: type,
    description: summary,
    required: ['id', 'type', 'timestamp', 'data', 'deliveryStatus'],
    properties: {
      id: { type: 'string', pattern: EVENT_ID, description: "The event id; the delivery's webhook-id" },
      type: { type: 'string', const: type },
      timestamp: { ...instant, description: 'When the event was written' },
      data: ref(data),
      deliveryStatus: {
        type: 'string',
        enum: [...DELIVERY_STATUSES],
        description:
          "Its delivery to the app's endpoints in this mode: PENDING (under way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended without it), NO_ENDPOINT (no endpoint took its type when it happened)",
      },
    },
    additionalProperties: false,
  })),
});

export const eventSchemas = (): Record<string, Json> => ({
  Event: withExamples(eventSchema(), EVENT_EXAMPLE),
});

const typeFilter = {
  type: 'string',
  pattern: `^(${EVENT_TYPE_NAMES.map((t) => t.replace(/\./g, '\\.')).join('|')})(,(${EVENT_TYPE_NAMES.map((t) => t.replace(/\./g, '\\.')).join('|')}))*$`,
  examples: ['payment.succeeded', 'refund.succeeded,refund.failed'],
  description: `One event type, or several separated by commas: ${EVENT_TYPE_NAMES.join(', ')}`,
};

export const eventPaths = (): Record<string, Json> => ({
  '/events': {
    get: {
      operationId: 'listEvents',
      tags: [APP_TAGS.events.name],
      summary:
        'List the events the app was sent, newest first (the last EVENT_RETENTION_DAYS, 30 by default)',
      description:
        "Every event written for the app in the credential's mode, whether or not its webhook was delivered: an app that missed deliveries reads what it missed here. Each item is the body the webhook delivered. Continue with `after` = pagination.nextCursor.",
      security: auth,
      parameters: queryParameters(listEventsQuery, { type: typeFilter }),
      responses: withStandardAnswers(
        { 200: list('A page of events', ref('Event')) },
        { authenticated: true },
      ),
    },
  },
  '/events/{id}': {
    get: {
      operationId: 'getEvent',
      tags: [APP_TAGS.events.name],
      summary: 'Read one event',
      security: auth,
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          description: 'The event id (the webhook-id of its delivery)',
          schema: { type: 'string', pattern: EVENT_ID },
        },
      ],
      responses: withStandardAnswers(
        {
          200: ok('The event', ref('Event')),
          404: errorResponse(
            'EVENT_NOT_FOUND: no such event in this app and mode, or it is older than the retention window',
          ),
        },
        { authenticated: true },
      ),
    },
  },
});
