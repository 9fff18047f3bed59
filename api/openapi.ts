import { z, type ZodType } from 'zod';
import { ERROR_CATALOGUE } from '../domain/errors.js';
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
  description: 'Makes a retried create safe: replayed for 24 h; X-Idempotency-Key is accepted too',
  schema: { type: 'string', maxLength: 255 },
};
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Numeric id or reference',
  schema: { type: 'string' },
};

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
        CreatePayment: schema(createPaymentBody),
      },
    },
    paths: {
      '/app/me': {
        get: {
          summary: 'The app and mode these credentials resolve to',
          security: auth,
          responses: { 200: ok('App'), 401: errorResponse('Not authenticated') },
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
          responses: {
            201: ok('Payment created; send the customer to checkoutUrl'),
            400: errorResponse('VALIDATION_ERROR or INVALID_JSON'),
            401: errorResponse('Not authenticated'),
            409: errorResponse('IDEMPOTENCY_REQUEST_IN_PROGRESS'),
            413: errorResponse('PAYLOAD_TOO_LARGE'),
            415: errorResponse('UNSUPPORTED_MEDIA_TYPE'),
            422: errorResponse('GATEWAY_NOT_AVAILABLE, AMOUNT_OUT_OF_RANGE or IDEMPOTENCY_KEY_REUSED'),
          },
        },
        get: {
          summary: 'List payments, newest first, with a summary by status',
          security: auth,
          parameters: queryParameters(listPaymentsQuery),
          responses: { 200: ok('A page of payments'), 400: errorResponse('VALIDATION_ERROR') },
        },
      },
      '/payments/{id}': {
        get: {
          summary: 'Read a payment',
          security: auth,
          parameters: [idParam],
          responses: { 200: ok('Payment'), 404: errorResponse('PAYMENT_NOT_FOUND') },
        },
      },
      '/payments/{id}/receipt': {
        get: {
          summary: 'Receipt of a settled payment',
          security: auth,
          parameters: [idParam],
          responses: {
            200: ok('Receipt'),
            403: errorResponse('RECEIPTS_DISABLED'),
            404: errorResponse('PAYMENT_NOT_FOUND'),
            409: errorResponse('RECEIPT_NOT_AVAILABLE'),
          },
        },
      },
      '/checkout/{reference}': {
        get: {
          summary: 'Public checkout context for the hosted page',
          parameters: [{ name: 'reference', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: ok('Checkout'), 404: errorResponse('PAYMENT_NOT_FOUND') },
        },
      },
      '/gateways/{gateway}/ipn': {
        post: {
          summary: "Gateway server-to-server notification (the gateway's own form format)",
          parameters: [
            { name: 'gateway', in: 'path', required: true, schema: { type: 'string', enum: ['sslcommerz'] } },
          ],
          requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } },
          responses: {
            200: ok('Stored and handed to the payment workflow'),
            400: errorResponse('CALLBACK_REJECTED'),
          },
        },
      },
    },
  };
}
