import { z } from 'zod';
import { WEBHOOK_ENDPOINT_ID_PATTERN } from '../../domain/shared/ids.js';
import { EVENT_ID_PATTERN } from './event-queries.js';
import { EVENT_TYPE_NAMES } from '../openapi/event-types.js';
import { CURSOR_OR_PAGE, cursorOrPage, queryCursor, queryInt } from '../query-values.js';
import { boundedText } from '../../domain/shared/text-fields.js';

/** Request values of an app's webhook endpoints API (/api/v1/webhook-endpoints). */

export const webhookEndpointIdParam = z
  .string()
  .regex(WEBHOOK_ENDPOINT_ID_PATTERN, 'Expected a webhook endpoint id (we_…)');

const url = z
  .url({ protocol: /^https?$/, error: 'Expected an http:// or https:// URL' })
  .max(2048)
  .describe('Where events are POSTed, signed per Standard Webhooks. LIVE endpoints must use https');

const enabledEvents = z
  .array(z.enum(EVENT_TYPE_NAMES, { error: `must be an event type: ${EVENT_TYPE_NAMES.join(', ')}` }))
  .max(EVENT_TYPE_NAMES.length)
  .refine((types) => new Set(types).size === types.length, 'Each event type at most once')
  .meta({ uniqueItems: true })
  .describe('The event types this endpoint is sent; empty (the default) sends it every type');

const description = boundedText(200).describe('What the endpoint is for, for the app’s own people');

const enabled = z.boolean().describe('Whether events are sent to it; a disabled endpoint is sent nothing');

export const createWebhookEndpointBody = z
  .strictObject({
    url,
    description: description.optional(),
    enabledEvents: enabledEvents.optional(),
    enabled: enabled.optional(),
  })
  .meta({
    examples: [
      {
        url: 'https://shop.example.com/webhooks/oi-payments',
        description: 'Order fulfilment',
        enabledEvents: ['payment.succeeded', 'refund.succeeded', 'refund.failed'],
      },
    ],
  });

export const updateWebhookEndpointBody = z
  .strictObject({
    url: url.optional(),
    description: description.optional(),
    enabledEvents: enabledEvents.optional(),
    enabled: enabled.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Change at least one field', path: ['(body)'] })
  .meta({ minProperties: 1, examples: [{ enabledEvents: ['payment.succeeded', 'payment.refunded'] }] });

export const recoverWebhookEndpointBody = z
  .strictObject({
    since: z.iso
      .datetime({ offset: true })
      .describe(
        'Re-deliver what the endpoint failed to take among events written from this instant (ISO-8601) until now; at most EVENT_RETENTION_DAYS ago',
      ),
  })
  .meta({ examples: [{ since: '2026-11-27T08:00:00+06:00' }] });

export const listWebhookAttemptsQuery = z
  .strictObject({
    event: z
      .string()
      .regex(EVENT_ID_PATTERN, 'Expected an event id (evt_…)')
      .optional()
      .describe('Only the attempts to deliver this event'),
    page: queryInt({ min: 1, max: 100000 }).default(1),
    size: queryInt({ min: 1, max: 100 }).default(20),
    after: queryCursor('attempt'),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);
