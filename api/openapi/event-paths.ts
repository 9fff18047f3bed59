import { listEventsQuery, streamEventsQuery } from '../webhooks/event-queries.js';
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

/** The stream's answers: text/event-stream, or the envelope when it cannot open. */
function streamAnswers(): Record<string, Json> {
  const answers = withStandardAnswers(
    {
      200: {
        description:
          'The stream: `retry:`, a `ready` event ({"appId", "mode", "after"}), then one SSE event per app event (`id:` the event id, `event:` its type, `data:` its webhook body) and `: heartbeat` comments',
        content: {
          'text/event-stream': {
            // Each server-sent event, as a client parses it: its type, its id and its data.
            schema: {
              type: 'object',
              properties: {
                event: { type: 'string' },
                id: { type: 'string' },
                data: { type: 'string' },
                retry: { type: 'integer' },
              },
            },
            // One event of the stream, as parsed (the description shows the stream as it reads).
            example: {
              id: 'evt_1a2b3c4d5e6f7g8h9i0j1k2l',
              event: 'payment.succeeded',
              data: '{"id":"evt_1a2b3c4d5e6f7g8h9i0j1k2l","type":"payment.succeeded","timestamp":"2026-12-30T14:03:07.000Z","data":{}}',
            },
          },
        },
      },
      403: errorResponse(
        'EVENT_STREAM_TEST_ONLY: the credentials are LIVE (the stream serves TEST only); or APP_SUSPENDED',
      ),
      404: errorResponse(
        'EVENT_NOT_FOUND: `after` or Last-Event-ID names no event of this app and mode, or one older than the retention window',
      ),
    },
    { authenticated: true },
  );
  const limited = answers[429] as { headers?: Json } | undefined;
  return {
    ...answers,
    429: {
      ...errorResponse(
        "EVENT_STREAM_LIMIT: the app already has five streams open on this server; RATE_LIMITED: this app's requests per minute in this credential's mode are used up (retry after Retry-After seconds)",
      ),
      ...(limited?.headers && { headers: limited.headers }),
    },
  };
}

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
  '/events/stream': {
    get: {
      operationId: 'streamEvents',
      tags: [APP_TAGS.events.name],
      summary: "Follow the app's TEST events as they happen (server-sent events)",
      description: [
        'A stream of server-sent events for `oi-payments listen` (the Node SDK) or any SSE client. After a `ready` event, each event arrives as an SSE event named by its type, with the event id as the SSE id and as `data` the very JSON body its webhook delivers (feed it to the same handler).',
        '',
        "Resumable: send the last id you took as `Last-Event-ID` (an EventSource does so itself) or `?after=`, and every event after it comes, none skipped. At least once: the last event before a cut may come again with its same id. Without either, the stream starts after the newest event, and the `ready` event carries that event's id, so a client cut before its first event resumes from there.",
        '',
        "Comment lines (`: heartbeat`) come after 15 s without an event, so proxies keep the connection. TEST credentials only: LIVE events reach only the app's webhook endpoints. At most five streams per app are open on one server at a time.",
      ].join('\n'),
      security: auth,
      parameters: [
        ...queryParameters(streamEventsQuery, {
          type: typeFilter,
          after: { type: 'string', pattern: EVENT_ID },
        }),
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description:
            'The id of the last event taken: the stream goes on after it (in place of `after`). Empty, as an EventSource that has taken nothing sends it, means none.',
          schema: { type: 'string', pattern: `^(${EVENT_ID.slice(1, -1)})?$` },
        },
      ],
      responses: streamAnswers(),
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
