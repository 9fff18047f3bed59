import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { ApiError } from '../../domain/shared/errors.js';
import { sendError } from '../envelope.js';
import type { Logger } from '../../platform/config/logger.js';
import { zodIssues } from '../validation.js';
import { isDatabaseUnavailable } from '../../platform/orm/unavailable.js';

/** Seconds a client is asked to wait when the database is away: a restart takes a few. */
const DATABASE_RETRY_AFTER_S = 5;

/**
 * Turns every failure into the envelope. A database that cannot be reached is 503
 * SERVICE_UNAVAILABLE with Retry-After (the request may be sent again); other unknown errors
 * become INTERNAL_ERROR with no stack trace in the response; the log carries the detail and the
 * request id to find it.
 */
export function errorEnvelope(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) sendError(ctx, 'NOT_FOUND');
    } catch (error) {
      if (error instanceof ApiError) {
        sendError(ctx, error.code, error.message, error.details);
      } else if (error instanceof ZodError) {
        sendError(ctx, 'VALIDATION_ERROR', undefined, zodIssues(error));
      } else if (isHttpError(error, 413)) {
        sendError(ctx, 'PAYLOAD_TOO_LARGE');
      } else if (isDatabaseUnavailable(error)) {
        logger.warn({ err: error, requestId: ctx.state.requestId, path: ctx.path }, 'database unavailable');
        ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_S));
        sendError(ctx, 'SERVICE_UNAVAILABLE');
      } else {
        logger.error({ err: error, requestId: ctx.state.requestId, path: ctx.path }, 'unhandled error');
        sendError(ctx, 'INTERNAL_ERROR');
      }
    }
  };
}

function isHttpError(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: number }).status === status;
}
