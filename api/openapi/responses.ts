import type { Json } from './json-schema.js';
import { ref } from './json-schema.js';
import { errorEnvelopeExample } from './error-meta.js';

/** Every answer has the one envelope: data, meta, and pagination on lists. */
export const envelope = (data: Json, options: { paginated?: boolean } = {}): Json => ({
  type: 'object',
  required: ['data', 'meta', ...(options.paginated ? ['pagination'] : [])],
  properties: {
    data,
    meta: ref('Meta'),
    ...(options.paginated && { pagination: ref('Pagination') }),
  },
  additionalProperties: false,
});

/** An error answer, with an example of the first error code its description names. */
export const errorResponse = (description: string): Json => {
  const example = errorEnvelopeExample(/^[A-Z][A-Z0-9_]+/.exec(description)?.[0] ?? '');
  return {
    description,
    content: { 'application/json': { schema: ref('ErrorEnvelope'), ...(example && { example }) } },
  };
};

export const ok = (description: string, data: Json): Json => ({
  description,
  content: { 'application/json': { schema: envelope(data) } },
});

/** A page of items, newest first, in the one list shape. */
export const list = (description: string, item: Json, summary?: Json): Json => ({
  description,
  content: {
    'application/json': {
      schema: envelope(
        {
          type: 'object',
          required: ['items', ...(summary ? ['summary'] : [])],
          properties: { items: { type: 'array', items: item }, ...(summary && { summary }) },
          additionalProperties: false,
        },
        { paginated: true },
      ),
    },
  },
});

export interface RouteTraits {
  /** App credentials (X-Api-Key, X-Api-Secret). */
  authenticated?: boolean;
  /** An operator's session cookie and CSRF token. */
  session?: boolean;
  jsonBody?: boolean;
  formBody?: boolean;
  rateLimited?: boolean;
}

/**
 * Where the app stands against its request limit (draft-ietf-httpapi-ratelimit-headers), on every
 * answer after its credentials were accepted. Absent when the app has no limit, or when the
 * counter could not be reached (the request is served then).
 */
export const RATE_LIMIT_HEADERS: Record<string, Json> = {
  'RateLimit-Limit': {
    description: "Requests per minute this app may make with this credential's mode",
    schema: { type: 'integer', minimum: 1 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current minute',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the current minute ends and the count starts again',
    schema: { type: 'integer', minimum: 0 },
  },
};

/** Answers given before the app's credentials are accepted, or before any route is found. */
const BEFORE_THE_APP_LIMIT = new Set(['401', '405']);

const rateLimitHeaderRefs = Object.fromEntries(
  Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

/** Every answer an authenticated route gives after authentication carries the RateLimit-* headers. */
function withRateLimitHeaders(responses: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      if (BEFORE_THE_APP_LIMIT.has(status)) return [status, response];
      const own = (response as { headers?: Record<string, Json> }).headers;
      return [status, { ...(response as object), headers: { ...own, ...rateLimitHeaderRefs } }];
    }),
  );
}

/** Answers any route may give, added to every operation so clients can generate for them. */
export function withStandardAnswers(
  responses: Record<string, Json>,
  route: RouteTraits,
): Record<string, Json> {
  const answers = standardAnswers(
    route.authenticated
      ? {
          ...responses,
          429: {
            description:
              "RATE_LIMITED: this app's requests per minute in this credential's mode are used up; retry after Retry-After seconds",
          },
        }
      : responses,
    // Every request with an app's credentials counts against the app's limit.
    { ...route, rateLimited: route.rateLimited || route.authenticated },
  );
  return route.authenticated ? withRateLimitHeaders(answers) : answers;
}

function standardAnswers(responses: Record<string, Json>, route: RouteTraits): Record<string, Json> {
  return {
    ...responses,
    ...(responses[400]
      ? {}
      : {
          400: errorResponse(
            'VALIDATION_ERROR: a parameter, or text no column can hold; PAGE_TOO_DEEP on a list: page × size over 10000 (continue by cursor where the list has one)',
          ),
        }),
    ...(route.authenticated && {
      401: errorResponse(
        'AUTHENTICATION_REQUIRED, INVALID_CREDENTIALS, CREDENTIAL_EXPIRED or CREDENTIAL_REVOKED',
      ),
      403: responses[403] ?? errorResponse('APP_SUSPENDED'),
    }),
    ...(route.session && {
      401: responses[401] ?? errorResponse('SESSION_REQUIRED: no live operator session'),
      403: responses[403] ?? errorResponse('CSRF_TOKEN_INVALID, or FORBIDDEN for this role'),
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
        ...errorResponse(responses[429] ? String(responses[429].description) : 'RATE_LIMITED'),
        headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
      },
    }),
    500: errorResponse('INTERNAL_ERROR'),
    503: errorResponse('SERVICE_UNAVAILABLE: retry with the same Idempotency-Key'),
  };
}
