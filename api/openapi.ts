import { z, type ZodType } from 'zod';
import { ERROR_CATALOGUE } from '../domain/errors.js';
import { GATEWAY_LIMITS } from '../domain/gateway-limits.js';
import { PAYMENT_STATUSES } from '../domain/payment-status.js';
import { createPaymentBody, listPaymentsQuery } from './schemas.js';

type Json = Record<string, unknown>;

const schema = (s: ZodType, io: 'input' | 'output' = 'input'): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

const envelope = (data: Json): Json => ({
  type: 'object',
  required: ['data', 'meta'],
  properties: {
    data,
    meta: { $ref: '#/components/schemas/Meta' },
    pagination: { $ref: '#/components/schemas/Pagination' },
  },
});

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
});

const ok = (description: string, data: Json = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema: envelope(data) } },
});

function queryParameters(s: ZodType): Json[] {
  const json = schema(s) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: prop,
    ...(typeof prop.description === 'string' && { description: prop.description }),
  }));
}

const auth = [{ ApiKey: [], ApiSecret: [] }];
const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried create safe: the first answer is replayed for 24 h; printable ASCII without spaces, 1 to 255 characters. X-Idempotency-Key is accepted too.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};

/** Answers any route may give, added to every operation so clients can generate for them. */
function withStandardAnswers(
  responses: Record<string, Json>,
  route: { authenticated?: boolean; jsonBody?: boolean; formBody?: boolean; rateLimited?: boolean },
): Record<string, Json> {
  return {
    ...responses,
    ...(responses[400]
      ? {}
      : { 400: errorResponse('VALIDATION_ERROR: a parameter, or text no column can hold') }),
    ...(route.authenticated && {
      401: errorResponse(
        'AUTHENTICATION_REQUIRED, INVALID_CREDENTIALS, CREDENTIAL_EXPIRED or CREDENTIAL_REVOKED',
      ),
      403: responses[403] ?? errorResponse('APP_SUSPENDED'),
    }),
    405: {
      ...errorResponse('METHOD_NOT_ALLOWED'),
      headers: { Allow: { description: 'The methods the route takes', schema: { type: 'string' } } },
    },
    ...((route.jsonBody || route.formBody) && {
      413: errorResponse('PAYLOAD_TOO_LARGE'),
      415: errorResponse('UNSUPPORTED_MEDIA_TYPE'),
    }),
    ...(route.rateLimited && {
      429: {
        ...errorResponse('RATE_LIMITED'),
        headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
      },
    }),
    500: errorResponse('INTERNAL_ERROR'),
    503: errorResponse('SERVICE_UNAVAILABLE: retry with the same Idempotency-Key'),
  };
}

/** The list filter `status`: one status or several, comma-separated. */
const statusFilter = {
  type: 'string',
  pattern: `^(${PAYMENT_STATUSES.join('|')})(,(${PAYMENT_STATUSES.join('|')}))*$`,
  examples: ['SUCCEEDED', 'FAILED,EXPIRED'],
  description: `One status, or several separated by commas: ${PAYMENT_STATUSES.join(', ')}`,
};

/** Per-currency amount bounds the gateways take, as conditions on the create body. */
function amountLimits(): Json[] {
  const byCurrency = new Map<string, { minMinor: number; maxMinor: number }>();
  for (const limits of Object.values(GATEWAY_LIMITS)) {
    for (const [currency, limit] of Object.entries(limits)) {
      const known = byCurrency.get(currency);
      byCurrency.set(currency, {
        minMinor: Math.min(known?.minMinor ?? limit.minMinor, limit.minMinor),
        maxMinor: Math.max(known?.maxMinor ?? limit.maxMinor, limit.maxMinor),
      });
    }
  }
  return [...byCurrency].map(([currency, limit]) => ({
    if:
      currency === 'BDT'
        ? { anyOf: [{ not: { required: ['currency'] } }, { properties: { currency: { const: currency } } }] }
        : { required: ['currency'], properties: { currency: { const: currency } } },
    then: { properties: { amountMinor: { minimum: limit.minMinor, maximum: limit.maxMinor } } },
  }));
}
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Numeric id or reference',
  schema: { type: 'string' },
};

const text = { type: 'string' };
const nullableText = { type: ['string', 'null'] };
const instant = { type: 'string', format: 'date-time' };

/** A payment as every read, list and webhook shows it (db/payment-view.ts). */
const PAYMENT: Json = {
  type: 'object',
  required: ['id', 'reference', 'status', 'amountMinor', 'currency', 'mode', 'checkoutUrl', 'createdAt'],
  properties: {
    id: { type: 'integer' },
    reference: { type: 'string', pattern: '^pay_[0-9a-z]{20}$' },
    status: { type: 'string', enum: [...PAYMENT_STATUSES] },
    amountMinor: { type: 'integer', minimum: 1 },
    currency: text,
    amountFormatted: text,
    refundedMinor: { type: 'integer', minimum: 0 },
    customerReference: text,
    customerEmail: nullableText,
    customerPhone: nullableText,
    customerName: nullableText,
    productName: nullableText,
    invoiceId: nullableText,
    metadata: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
    gateway: text,
    gatewayTransactionId: nullableText,
    failureReason: nullableText,
    returnUrl: nullableText,
    cancelUrl: nullableText,
    checkoutUrl: { type: 'string', format: 'uri' },
    mode: { type: 'string', enum: ['TEST', 'LIVE'] },
    expiresAt: instant,
    createdAt: instant,
    updatedAt: instant,
    settledAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

const EVENT_TYPES = ['payment.succeeded', 'payment.failed', 'payment.cancelled', 'payment.expired'];

/** A webhook delivery's body; its headers follow Standard Webhooks (webhook-id, -timestamp, -signature). */
const webhook = (type: string, summary: string): Json => ({
  post: {
    summary,
    description:
      'Signed per Standard Webhooks: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` with the endpoint secret; `webhook-id` is the event id on every retry.',
    parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
      name,
      in: 'header',
      required: true,
      schema: { type: 'string' },
    })),
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['id', 'type', 'timestamp', 'data'],
            properties: {
              id: { type: 'string' },
              type: { type: 'string', const: type },
              timestamp: instant,
              data: { $ref: '#/components/schemas/Payment' },
            },
          },
        },
      },
    },
    responses: {
      '2XX': { description: 'Received; any other answer is retried for about three days (410 stops)' },
    },
  },
});

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(publicUrl: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'OI Payments API',
      version: '1.0.0',
      description:
        'One payment service for every internal application. Amounts are integer minor units; every response uses one envelope.',
    },
    servers: [{ url: `${publicUrl.replace(/\/$/, '')}/api/v1` }],
    components: {
      securitySchemes: {
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        ApiSecret: { type: 'apiKey', in: 'header', name: 'X-Api-Secret' },
      },
      schemas: {
        Meta: {
          type: 'object',
          required: ['success', 'timestamp', 'requestId'],
          properties: {
            success: { type: 'boolean' },
            timestamp: { type: 'string', format: 'date-time' },
            requestId: { type: 'string' },
            errorCode: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) },
            message: { type: 'string' },
            details: {},
          },
        },
        Pagination: {
          type: 'object',
          properties: {
            page: { type: 'integer' },
            size: { type: 'integer' },
            totalItems: { type: 'integer' },
            totalPages: { type: 'integer' },
          },
        },
        ErrorEnvelope: envelope({ type: 'null' }),
        Payment: PAYMENT,
        CreatePayment: { ...schema(createPaymentBody), allOf: amountLimits() },
      },
    },
    webhooks: Object.fromEntries(
      EVENT_TYPES.map((type) => [
        type,
        webhook(
          type,
          `Sent to the app's endpoint when a payment becomes ${type.split('.')[1]!.toUpperCase()}`,
        ),
      ]),
    ),
    paths: {
      '/app/me': {
        get: {
          summary: 'The app and mode these credentials resolve to',
          security: auth,
          responses: withStandardAnswers({ 200: ok('App') }, { authenticated: true }),
        },
      },
      '/payments': {
        post: {
          summary: 'Create a payment',
          security: auth,
          parameters: [idempotencyHeader],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatePayment' } } },
          },
          responses: withStandardAnswers(
            {
              201: ok('Payment created; send the customer to checkoutUrl', {
                $ref: '#/components/schemas/Payment',
              }),
              400: errorResponse(
                'VALIDATION_ERROR (including a key given twice, or text with NUL or lone surrogates), INVALID_JSON or INVALID_IDEMPOTENCY_KEY',
              ),
              409: errorResponse('IDEMPOTENCY_REQUEST_IN_PROGRESS'),
              422: errorResponse(
                "GATEWAY_NOT_AVAILABLE, AMOUNT_OUT_OF_RANGE (outside the gateway's per-currency limits) or IDEMPOTENCY_KEY_REUSED",
              ),
            },
            { authenticated: true, jsonBody: true },
          ),
        },
        get: {
          summary: 'List payments, newest first, with a summary by status',
          security: auth,
          parameters: queryParameters(listPaymentsQuery).map((parameter) =>
            parameter.name === 'status' ? { ...parameter, schema: statusFilter } : parameter,
          ),
          responses: withStandardAnswers(
            {
              200: ok('A page of payments', {
                type: 'object',
                required: ['items', 'summary'],
                properties: {
                  items: { type: 'array', items: { $ref: '#/components/schemas/Payment' } },
                  summary: {
                    type: 'object',
                    description: 'Counts and amounts by status, over the whole filter',
                  },
                },
              }),
            },
            { authenticated: true },
          ),
        },
      },
      '/payments/{id}': {
        get: {
          summary: 'Read a payment',
          security: auth,
          parameters: [idParam],
          responses: withStandardAnswers(
            {
              200: ok('Payment', { $ref: '#/components/schemas/Payment' }),
              404: errorResponse('PAYMENT_NOT_FOUND'),
            },
            { authenticated: true },
          ),
        },
      },
      '/payments/{id}/receipt': {
        get: {
          summary: 'Receipt of a settled payment',
          security: auth,
          parameters: [idParam],
          responses: withStandardAnswers(
            {
              200: ok('Receipt'),
              403: errorResponse('RECEIPTS_DISABLED or APP_SUSPENDED'),
              404: errorResponse('PAYMENT_NOT_FOUND'),
              409: errorResponse('RECEIPT_NOT_AVAILABLE'),
            },
            { authenticated: true },
          ),
        },
      },
      '/checkout/{reference}': {
        get: {
          summary: 'Public checkout context for the hosted page',
          parameters: [{ name: 'reference', in: 'path', required: true, schema: { type: 'string' } }],
          responses: withStandardAnswers(
            { 200: ok('Checkout'), 404: errorResponse('PAYMENT_NOT_FOUND') },
            { rateLimited: true },
          ),
        },
      },
      '/gateways/{gateway}/ipn': {
        post: {
          summary: "Gateway server-to-server notification (the gateway's own form format)",
          parameters: [
            { name: 'gateway', in: 'path', required: true, schema: { type: 'string', enum: ['sslcommerz'] } },
          ],
          requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } },
          responses: withStandardAnswers(
            {
              200: ok('Stored and handed to the payment workflow (or recognised as a re-send)'),
              400: errorResponse('CALLBACK_REJECTED, or VALIDATION_ERROR'),
              404: errorResponse('GATEWAY_NOT_FOUND'),
              413: errorResponse('PAYLOAD_TOO_LARGE: a notification is capped at 16 KiB'),
            },
            { formBody: true, rateLimited: true },
          ),
        },
      },
    },
  };
}
