import { randomUUID } from 'node:crypto';
import type { Middleware } from 'openapi-fetch';
import { IDEMPOTENT_POSTS } from './generated/idempotent-posts.js';

const creates = new Set<string>(IDEMPOTENT_POSTS);

/**
 * Gives every create a fresh Idempotency-Key unless the caller chose one. It is set on the
 * request before the retrying fetch copies it, so every retry of one call carries the same key.
 */
export const idempotencyKeys: Middleware = {
  onRequest({ request, schemaPath }) {
    if (request.method !== 'POST' || !creates.has(schemaPath)) return undefined;
    if (request.headers.has('idempotency-key') || request.headers.has('x-idempotency-key')) return undefined;
    request.headers.set('Idempotency-Key', randomUUID());
    return request;
  },
};
