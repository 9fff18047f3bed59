import { MAX_ENDPOINTS_PER_MODE, RESPONSE_EXCERPT_CHARS } from '../../domain/webhooks/webhook-endpoints.js';
import {
  createWebhookEndpointBody,
  listWebhookAttemptsQuery,
  recoverWebhookEndpointBody,
  updateWebhookEndpointBody,
} from '../webhooks/webhook-endpoint-schemas.js';
import { DELIVERY_FAILURE_REASONS } from '../../domain/webhooks/delivery-outcome.js';
import { EVENT_TYPE_NAMES } from './event-types.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  type Json,
  withExamples,
} from './json-schema.js';
import { errorResponse, list, ok, withStandardAnswers } from './responses.js';
import { APP_TAGS } from './tags.js';
import {
  DELETED_WEBHOOK_ENDPOINT_EXAMPLE,
  ENDPOINT_ATTEMPT_EXAMPLE,
  WEBHOOK_ENDPOINT_EXAMPLE,
  WEBHOOK_ENDPOINT_WITH_SECRET_EXAMPLE,
  WEBHOOK_RECOVER_EXAMPLE,
} from './answer-examples.js';

const auth = [{ ApiKey: [], ApiSecret: [] }];
const ENDPOINT_ID = '^we_[0-9a-z]{24}$';
const endpointId = { type: 'string', pattern: ENDPOINT_ID, description: 'The endpoint id (we_…)' };

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The endpoint id (we_…)',
  schema: { type: 'string', pattern: ENDPOINT_ID },
};

const endpointProperties = {
  id: endpointId,
  url: text,
  description: text,
  enabledEvents: {
    type: 'array',
    items: { type: 'string', enum: EVENT_TYPE_NAMES },
    description: 'The event types it is sent; empty: every type',
  },
  enabled: { type: 'boolean', description: 'Whether events are sent to it' },
  mode: { type: 'string', enum: ['TEST', 'LIVE'] },
  previousSecretExpiresAt: {
    ...nullableInstant,
    description: 'After a rotation: until when deliveries carry a signature with the replaced secret too',
  },
  createdAt: instant,
  updatedAt: instant,
};

const secret = {
  type: 'string',
  pattern: '^whsec_',
  description: 'The signing secret (Standard Webhooks, whsec_…): shown only in this answer; keep it',
};

const body = (schema: string) => ({
  required: true,
  content: { 'application/json': { schema: ref(schema) } },
});
const invalid = errorResponse(
  'VALIDATION_ERROR (including a key given twice, or text with NUL) or INVALID_JSON',
);
const notFound = errorResponse("WEBHOOK_ENDPOINT_NOT_FOUND: no such endpoint in this app's mode");

export const webhookEndpointSchemas = (): Record<string, Json> => ({
  WebhookEndpoint: withExamples(record(endpointProperties), WEBHOOK_ENDPOINT_EXAMPLE),
  WebhookEndpointWithSecret: withExamples(
    record({ ...endpointProperties, secret }),
    WEBHOOK_ENDPOINT_WITH_SECRET_EXAMPLE,
  ),
  CreateWebhookEndpoint: fromZod(createWebhookEndpointBody),
  UpdateWebhookEndpoint: fromZod(updateWebhookEndpointBody),
  RecoverWebhookEndpoint: fromZod(recoverWebhookEndpointBody),
  EndpointAttempt: withExamples(
    record({
      id: integer,
      eventId: { type: 'string', pattern: '^evt_[0-9a-z]{24}$' },
      eventType: { type: 'string', enum: EVENT_TYPE_NAMES },
      attempt: {
        ...integer,
        minimum: 1,
        description: 'The step of the retry schedule (or a resend or recover after it)',
      },
      statusCode: {
        ...nullableInteger,
        description: "The endpoint's HTTP status; null when it could not be reached",
      },
      ok: { type: 'boolean', description: 'The endpoint took the event (2xx)' },
      failureReason: {
        type: ['string', 'null'],
        enum: [...DELIVERY_FAILURE_REASONS, null],
        description:
          'Why the endpoint did not take it: the kind of network failure (NO_REACHABLE_ADDRESS, CONNECTION_REFUSED, TIMEOUT, TLS_ERROR, …) or the class of its status (HTTP_4XX, HTTP_5XX, …); null when it did. NO_REACHABLE_ADDRESS is a host name that does not resolve and one that resolves only to addresses deliveries may not reach (private, loopback, cloud metadata) alike: the two are not told apart',
      },
      error: {
        ...nullableText,
        description:
          'The failure in words, naming its kind and never the address or the resolver’s or socket’s own text; null when the endpoint answered',
      },
      responseExcerpt: {
        ...nullableText,
        description: `The first ${RESPONSE_EXCERPT_CHARS} characters of the endpoint's answer`,
      },
      durationMs: { ...integer, minimum: 0 },
      createdAt: instant,
    }),
    ENDPOINT_ATTEMPT_EXAMPLE,
  ),
  WebhookRecover: withExamples(
    record({
      endpointId,
      since: { ...instant, description: 'The window’s start (no earlier than the retention window)' },
      until: { ...instant, description: 'The window’s end: when the recover was asked for' },
      events: {
        ...integer,
        minimum: 0,
        description: 'Events the endpoint failed to take in the window, re-sent now',
      },
      workflowId: { ...text, description: 'The recover’s workflow (webhook-recover-<endpoint>-<time>)' },
    }),
    WEBHOOK_RECOVER_EXAMPLE,
  ),
});

export const webhookEndpointPaths = (): Record<string, Json> => ({
  '/webhook-endpoints': {
    get: {
      operationId: 'listWebhookEndpoints',
      tags: [APP_TAGS.webhookEndpoints.name],
      summary: "The app's webhook endpoints in the credential's mode, oldest first",
      security: auth,
      responses: withStandardAnswers(
        { 200: list(`At most ${MAX_ENDPOINTS_PER_MODE} endpoints`, ref('WebhookEndpoint')) },
        { authenticated: true },
      ),
    },
    post: {
      operationId: 'createWebhookEndpoint',
      tags: [APP_TAGS.webhookEndpoints.name],
      summary: 'Add a webhook endpoint, with its own signing secret (shown once) and event filter',
      description: `Up to ${MAX_ENDPOINTS_PER_MODE} per app and mode. Each event is delivered to every enabled endpoint whose filter takes its type when it happens, signed with that endpoint's secret, with the same webhook-id everywhere. Not idempotent: after an error, list the endpoints before trying again.`,
      security: auth,
      requestBody: body('CreateWebhookEndpoint'),
      responses: withStandardAnswers(
        {
          201: {
            ...ok('The endpoint and its secret', ref('WebhookEndpointWithSecret')),
            links: Object.fromEntries(
              [
                'getWebhookEndpoint',
                'updateWebhookEndpoint',
                'listWebhookAttempts',
                'rotateWebhookEndpointSecret',
                'recoverWebhookEndpoint',
                'deleteWebhookEndpoint',
              ].map((operationId) => [
                operationId.replace(/^./, (c) => c.toUpperCase()),
                { operationId, parameters: { id: '$response.body#/data/id' } },
              ]),
            ),
          },
          400: invalid,
          409: errorResponse(
            `WEBHOOK_ENDPOINT_LIMIT: the mode has ${MAX_ENDPOINTS_PER_MODE} endpoints already`,
          ),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
  },
  '/webhook-endpoints/{id}': {
    get: {
      operationId: 'getWebhookEndpoint',
      tags: [APP_TAGS.webhookEndpoints.name],
      summary: 'Read one webhook endpoint',
      security: auth,
      parameters: [idParam],
      responses: withStandardAnswers(
        { 200: ok('The endpoint', ref('WebhookEndpoint')), 404: notFound },
        { authenticated: true },
      ),
    },
    patch: {
      operationId: 'updateWebhookEndpoint',
      tags: [APP_TAGS.webhookEndpoints.name],
      summary: 'Change its URL, description, event filter, or switch it off and on',
      description:
        'A change applies to events written after it; a disabled endpoint is sent nothing, and what it missed can be recovered once it is enabled again.',
      security: auth,
      parameters: [idParam],
      requestBody: body('UpdateWebhookEndpoint'),
      responses: withStandardAnswers(
        { 200: ok('The endpoint as changed', ref('WebhookEndpoint')), 400: invalid, 404: notFound },
        { authenticated: true, jsonBody: true },
      ),
    },
    delete: {
      operationId: 'deleteWebhookEndpoint',
      tags: [APP_TAGS.webhookEndpoints.name],
      summary: 'Delete a webhook endpoint: deliveries still due to it end',
      security: auth,
      parameters: [idParam],
      responses: withStandardAnswers(
        {
          200: ok(
            'Deleted',
            withExamples(
              record({ id: endpointId, deleted: { type: 'boolean', const: true } }),
              DELETED_WEBHOOK_ENDPOINT_EXAMPLE,
            ),
          ),
          404: notFound,
        },
        { authenticated: true },
      ),
    },
  },
  '/webhook-endpoints/{id}/rotate-secret': {
    post: {
      operationId: 'rotateWebhookEndpointSecret',
      tags: [APP_TAGS.webhookEndpoints.name],
      summary: 'Issue a new signing secret; the old one keeps signing beside it for 24 hours',
      security: auth,
      parameters: [idParam],
      responses: withStandardAnswers(
        { 200: ok('The endpoint and its new secret', ref('WebhookEndpointWithSecret')), 404: notFound },
        { authenticated: true },
      ),
    },
  },
  '/webhook-endpoints/{id}/attempts': {
    get: {
      operationId: 'listWebhookAttempts',
      tags: [APP_TAGS.webhookEndpoints.name],
      summary: "The endpoint's delivery attempts, newest first: status, latency and the start of its answer",
      security: auth,
      parameters: [idParam, ...queryParameters(listWebhookAttemptsQuery)],
      responses: withStandardAnswers(
        { 200: list('A page of attempts', ref('EndpointAttempt')), 404: notFound },
        { authenticated: true },
      ),
    },
  },
  '/webhook-endpoints/{id}/recover': {
    post: {
      operationId: 'recoverWebhookEndpoint',
      tags: [APP_TAGS.webhookEndpoints.name],
      summary: 'Re-deliver every event the endpoint failed to take since a time',
      description:
        'Events whose delivery to this endpoint ended FAILED, or that it refused and that are still waiting for their next retry, written since `since`, are sent again once each, oldest first, by a workflow. Those it refuses again stay FAILED, for a later recover.',
      security: auth,
      parameters: [idParam],
      requestBody: body('RecoverWebhookEndpoint'),
      responses: withStandardAnswers(
        {
          202: ok('The recover started', ref('WebhookRecover')),
          400: invalid,
          404: notFound,
          409: errorResponse('WEBHOOK_ENDPOINT_DISABLED: enable it first'),
          503: errorResponse('SERVICE_UNAVAILABLE: the recover could not start; try again'),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
  },
});
