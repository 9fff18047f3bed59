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

/**
 * The answers every operation may give (a validation error, 401, 405, 500, 503…), each written
 * once under components/responses and referred to by every operation: written out in each of
 * them, with its example and headers, they were a third of the document a reader's browser
 * loads. By name; a variant counted against the app's limit carries the RateLimit-* headers.
 */
const SHARED_RESPONSES = new Map<string, Json>();
const RESPONSE_REF = '#/components/responses/';
const COUNTED = 'CountedAgainstTheLimit';

function shared(name: string, response: Json): Json {
  const known = SHARED_RESPONSES.get(name);
  if (known && JSON.stringify(known) !== JSON.stringify(response)) {
    throw new Error(`Two shared OpenAPI answers are named ${name}`);
  }
  SHARED_RESPONSES.set(name, response);
  return { $ref: `${RESPONSE_REF}${name}` };
}

/** An answer's description, read through its reference when it is a shared one. */
export function responseDescription(response: Json | undefined): string | undefined {
  const ref = (response as { $ref?: string } | undefined)?.$ref;
  const resolved = ref?.startsWith(RESPONSE_REF)
    ? SHARED_RESPONSES.get(ref.slice(RESPONSE_REF.length))
    : response;
  const description =
    (response as { description?: unknown } | undefined)?.description ?? resolved?.description;
  return description === undefined ? undefined : String(description);
}

/** The shared answers, for the document's components. */
export function sharedResponses(): Record<string, Json> {
  return Object.fromEntries([...SHARED_RESPONSES].sort(([a], [b]) => a.localeCompare(b)));
}

function withLimitHeaders(response: Json): Json {
  const own = (response as { headers?: Record<string, Json> }).headers;
  return { ...(response as object), headers: { ...own, ...rateLimitHeaderRefs } };
}

/** Every answer an authenticated route gives after authentication carries the RateLimit-* headers. */
function withRateLimitHeaders(responses: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      if (BEFORE_THE_APP_LIMIT.has(status)) return [status, response];
      const ref = (response as { $ref?: string }).$ref;
      if (ref?.startsWith(RESPONSE_REF)) {
        const name = ref.slice(RESPONSE_REF.length);
        return [status, shared(`${name}${COUNTED}`, withLimitHeaders(SHARED_RESPONSES.get(name)!))];
      }
      return [status, withLimitHeaders(response)];
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
          429: { description: APP_RATE_LIMITED },
        }
      : responses,
    // Every request with an app's credentials counts against the app's limit.
    { ...route, rateLimited: route.rateLimited || route.authenticated },
  );
  return route.authenticated ? withRateLimitHeaders(answers) : answers;
}

const APP_RATE_LIMITED =
  "RATE_LIMITED: this app's requests per minute in this credential's mode are used up; retry after Retry-After seconds";

/** A 429: shared for the app limit and the plain one, written out for a route's own words. */
function tooMany(description: string): Json {
  const response = {
    ...errorResponse(description),
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  };
  if (description === APP_RATE_LIMITED) return shared('AppRateLimited', response);
  if (description === 'RATE_LIMITED') return shared('RateLimited', response);
  return response;
}

function standardAnswers(responses: Record<string, Json>, route: RouteTraits): Record<string, Json> {
  return {
    ...responses,
    ...(responses[400]
      ? {}
      : {
          400: shared(
            'ValidationError',
            errorResponse(
              'VALIDATION_ERROR: a parameter, or text no column can hold; PAGE_TOO_DEEP on a list: page × size over 10000 (continue by cursor where the list has one)',
            ),
          ),
        }),
    ...(route.authenticated && {
      401: shared(
        'AppNotAuthenticated',
        errorResponse(
          'AUTHENTICATION_REQUIRED, INVALID_CREDENTIALS, CREDENTIAL_EXPIRED or CREDENTIAL_REVOKED',
        ),
      ),
      403: responses[403] ?? shared('AppSuspended', errorResponse('APP_SUSPENDED')),
    }),
    ...(route.session && {
      401:
        responses[401] ??
        shared('SessionRequired', errorResponse('SESSION_REQUIRED: no live operator session')),
      403:
        responses[403] ??
        shared('SessionRefused', errorResponse('CSRF_TOKEN_INVALID, or FORBIDDEN for this role')),
    }),
    405: shared('MethodNotAllowed', {
      ...errorResponse('METHOD_NOT_ALLOWED'),
      headers: { Allow: { description: 'The methods the route takes', schema: { type: 'string' } } },
    }),
    ...((route.jsonBody || route.formBody) && {
      413: shared('PayloadTooLarge', errorResponse('PAYLOAD_TOO_LARGE')),
      415: shared('UnsupportedMediaType', errorResponse('UNSUPPORTED_MEDIA_TYPE')),
    }),
    ...(route.rateLimited && {
      429: tooMany(responses[429] ? String(responses[429].description) : 'RATE_LIMITED'),
    }),
    500: shared('InternalError', errorResponse('INTERNAL_ERROR')),
    503: shared(
      'ServiceUnavailable',
      errorResponse('SERVICE_UNAVAILABLE: retry with the same Idempotency-Key'),
    ),
  };
}
