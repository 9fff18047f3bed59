import type { Middleware } from 'koa';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../../platform/config/logger.js';
import type { Orm } from '../../platform/orm/orm.js';
import { ApiError } from '../../domain/shared/errors.js';

export interface RateLimit {
  /** Names the counter (`ipn`, `checkout`, `sign-in`). */
  name: string;
  /** Requests per client IP per minute; 0 turns the limit off. */
  perMinute: number;
}

/** Whole seconds until `ms` has passed, at least 1: what Retry-After says. */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * Requests per client IP per minute on an unauthenticated route, counted in PostgreSQL so the
 * limit holds across every API process. Past it: 429 RATE_LIMITED with Retry-After. If the
 * counter itself cannot be reached the request goes through: a gateway's notification or a
 * customer's click is never refused for our own outage.
 */
export function rateLimit(deps: { orm: Orm; logger: Logger }, limit: RateLimit): Middleware {
  if (limit.perMinute === 0) return (_ctx, next) => next();
  const limiter = new RateLimiterPostgres({
    storeClient: deps.orm.em.getConnection().getKnex(),
    storeType: 'knex',
    tableName: 'rate_limits',
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: limit.name,
    points: limit.perMinute,
    duration: 60,
    // A client past its limit is answered from memory until its minute ends.
    inMemoryBlockOnConsumed: limit.perMinute,
    inMemoryBlockDuration: 60,
  });
  return async (ctx, next) => {
    try {
      await limiter.consume(ctx.ip || 'unknown');
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) {
        ctx.set('Retry-After', String(retryAfterSeconds(outcome.msBeforeNext)));
        throw new ApiError('RATE_LIMITED');
      }
      deps.logger.warn(
        { err: outcome, limit: limit.name },
        'rate limit store unavailable; letting the request through',
      );
    }
    await next();
  };
}
