import { z } from 'zod';
import { parseStatusFilter, STATUS_FILTER_PATTERN } from '../../domain/apps/request-log.js';
import { CURSOR_OR_PAGE, cursorOrPage, queryCursor, queryInstant, queryInt } from '../query-values.js';

/** Query and path values of the request log (GET /api/v1/request-log, /request-log/{requestId}). */

/** A request id as the API hands them out or accepts them from X-Request-Id. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestIdParam = z.string().regex(REQUEST_ID_PATTERN, 'Expected a request id');

export const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const instant = queryInstant();

/** The filters an app and an operator both have (an operator's area adds the app and mode). */
export const requestLogFilterShape = {
  status: z
    .string()
    .regex(STATUS_FILTER_PATTERN, 'must be a status (404) or a class of them (4xx)')
    .transform((value) => parseStatusFilter(value)!)
    .optional()
    .describe('One status (404) or a class of them (2xx, 4xx, 5xx)'),
  method: z.enum(REQUEST_METHODS).optional().describe('Only requests with this HTTP method'),
  path: z
    .string()
    .regex(/^\/[\x21-\x7e]{0,199}$/, 'must be a path starting with /')
    .optional()
    .describe('Only requests whose path starts with this, e.g. /api/v1/payments'),
  requestId: requestIdParam.optional().describe('Only the request with this id (X-Request-Id)'),
  idempotencyKey: z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be an Idempotency-Key as sent')
    .optional()
    .describe('Only the tries made with this Idempotency-Key'),
  since: instant.optional().describe('Made at or after (ISO-8601)'),
  until: instant.optional().describe('Made before (ISO-8601)'),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
};

export const listRequestLogQuery = z
  .strictObject({ ...requestLogFilterShape, after: queryCursor('entry') })
  .refine(cursorOrPage, CURSOR_OR_PAGE);

export type ListRequestLogQuery = z.infer<typeof listRequestLogQuery>;
