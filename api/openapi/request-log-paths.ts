import { APP_TAGS } from './tags.js';
import { listRequestLogQuery } from '../apps/request-log-schemas.js';
import { REQUEST_LOG_RETENTION_DAYS } from '../../domain/apps/request-log.js';
import { MAX_LOGGED_BODY_CHARS } from '../../domain/apps/request-log-redaction.js';
import {
  instant,
  integer,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  withExamples,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok, withStandardAnswers } from './responses.js';

const auth = [{ ApiKey: [], ApiSecret: [] }];
const REQUEST_ID = '^[A-Za-z0-9._:-]{1,128}$';

const body = (what: string): Json => ({
  description: `${what}, redacted: secrets, card numbers and the customer's contact details read "[redacted]". JSON longer than ${MAX_LOGGED_BODY_CHARS} characters is kept as text, cut there and ending in "…[truncated: N characters in all]"; null when there was none.`,
});

/** One entry of the request log: a request the app made with its credentials, as it was answered. */
export const requestLogEntryProperties = (): Record<string, Json> => ({
  requestId: {
    type: 'string',
    pattern: REQUEST_ID,
    description: 'X-Request-Id of the request, and meta.requestId of its answer',
  },
  mode: { type: 'string', enum: ['TEST', 'LIVE'] },
  method: text,
  route: {
    ...nullableText,
    description: 'The route the request matched, e.g. /api/v1/payments/:id; null when none did',
  },
  path: { ...text, description: 'The path as requested, without the query' },
  query: { ...nullableText, description: 'The query string, redacted like the bodies' },
  status: { ...integer, minimum: 100, maximum: 599 },
  errorCode: { ...nullableText, description: "The answer's meta.errorCode, when it was an error" },
  idempotencyKey: nullableText,
  durationMs: { ...integer, minimum: 0 },
  requestBody: body('What the app sent'),
  responseBody: body('What the service answered'),
  createdAt: { ...instant, description: 'When the request arrived' },
});

const requestLogEntry = (): Json => record(requestLogEntryProperties());

/** A refused create as the log shows it: what an app developer looks for first. */
const REQUEST_LOG_ENTRY_EXAMPLE: Json = {
  requestId: 'req_3b9f0c52-71d4-4e2a-9c1e-5a8d2f64b0e7',
  mode: 'TEST',
  method: 'POST',
  route: '/api/v1/payments',
  path: '/api/v1/payments',
  query: null,
  status: 400,
  errorCode: 'VALIDATION_ERROR',
  idempotencyKey: 'order-10234-attempt-1',
  durationMs: 12,
  requestBody: { amountMinor: -5, customerReference: 'customer-58213', customerEmail: '[redacted]' },
  responseBody: {
    data: null,
    meta: {
      success: false,
      errorCode: 'VALIDATION_ERROR',
      message: 'amountMinor: Too small: expected number to be >0',
    },
  },
  createdAt: '2026-11-27T10:15:02.000Z',
};

export const requestLogSchemas = (): Record<string, Json> => ({
  RequestLogEntry: withExamples(requestLogEntry(), REQUEST_LOG_ENTRY_EXAMPLE),
});

export const requestLogPaths = (): Record<string, Json> => ({
  '/request-log': {
    get: {
      operationId: 'listRequestLog',
      tags: [APP_TAGS.requestLog.name],
      summary: `List the app's API requests, newest first (the last ${REQUEST_LOG_RETENTION_DAYS} days)`,
      description:
        "Every request made with this app's credentials in the credential's mode, with its status, error code, request id, Idempotency-Key and redacted bodies: the first place to look when something failed. Reads of the log itself are not logged. Entries appear within a few seconds of the answer. Continue with `after` = pagination.nextCursor.",
      security: auth,
      parameters: queryParameters(listRequestLogQuery, {
        status: { examples: ['4xx', '422'] },
        path: { examples: ['/api/v1/payments'] },
      }),
      responses: withStandardAnswers(
        { 200: list('A page of requests', ref('RequestLogEntry')) },
        { authenticated: true },
      ),
    },
  },
  '/request-log/{requestId}': {
    get: {
      operationId: 'getRequestLogEntry',
      tags: [APP_TAGS.requestLog.name],
      summary: 'Read one request by its request id',
      description: 'The newest request with this id (a caller may send the same X-Request-Id twice).',
      security: auth,
      parameters: [
        {
          name: 'requestId',
          in: 'path',
          required: true,
          description: 'The request id: X-Request-Id of the answer, or meta.requestId',
          schema: { type: 'string', pattern: REQUEST_ID },
        },
      ],
      responses: withStandardAnswers(
        {
          200: ok('The request', ref('RequestLogEntry')),
          404: errorResponse(
            `REQUEST_NOT_FOUND: no such request in this app and mode, or it is older than ${REQUEST_LOG_RETENTION_DAYS} days`,
          ),
        },
        { authenticated: true },
      ),
    },
  },
});
