import type { Middleware } from 'koa';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../../platform/config/logger.js';
import type { Orm } from '../../platform/orm/orm.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { AuthenticatedApp } from './auth.js';
import { retryAfterSeconds } from './rate-limit.js';

/** The limit an app's requests count against: its own when an operator set one, else the default. */
export const appLimitPerMinute = (app: Pick<AuthenticatedApp, 'rateLimitPerMinute'>, fallback: number) =>
  app.rateLimitPerMinute ?? fallback;

/**
 * Past this many distinct limits the counters are built afresh: each holds only the in-memory
 * blocks of apps already past their limit, which PostgreSQL would refuse again anyway.
 */
const MAX_COUNTERS = 1000;

/**
 * Requests per app and credential mode per minute, after authentication (a request with bad
 * credentials spends nobody's budget), counted in PostgreSQL so the limit holds across every API
 * process. Each answer says where the app stands in RateLimit-Limit, RateLimit-Remaining and
 * RateLimit-Reset (seconds until the minute ends); past the limit, 429 RATE_LIMITED with
 * Retry-After. A limit of 0 leaves the app unlimited and adds no headers. If the counter cannot
 * be reached the request goes through without them: an app is never refused for our own outage.
 */
export function appRateLimit(deps: { orm: Orm; logger: Logger; defaultPerMinute: number }): Middleware {
  // One counter per limit in use; all of them share the rows of the `app` prefix, so an
  // operator's change keeps what the app already used this minute.
  const counters = new Map<number, RateLimiterPostgres>();
  const counterFor = (points: number) => {
    let counter = counters.get(points);
    if (counter === undefined) {
      if (counters.size >= MAX_COUNTERS) counters.clear();
      counter = new RateLimiterPostgres({
        storeClient: deps.orm.em.getConnection().getKnex(),
        storeType: 'knex',
        tableName: 'rate_limits',
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: 'app',
        points,
        duration: 60,
        // An app that used up its minute is answered from memory until the minute ends.
        inMemoryBlockOnConsumed: points,
      });
      counters.set(points, counter);
    }
    return counter;
  };

  return async (ctx, next) => {
    const app = ctx.state.app as AuthenticatedApp;
    const limit = appLimitPerMinute(app, deps.defaultPerMinute);
    if (limit === 0) return next();
    let standing: RateLimiterRes | null = null;
    let refused = false;
    try {
      standing = await counterFor(limit).consume(`${app.appId}:${app.mode}`);
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) {
        deps.logger.warn(
          { err: outcome, appId: app.appId, mode: app.mode },
          'app rate limit store unavailable; letting the request through',
        );
        return next();
      }
      standing = outcome;
      refused = true;
    }
    ctx.set('RateLimit-Limit', String(limit));
    ctx.set('RateLimit-Remaining', String(refused ? 0 : Math.max(0, standing.remainingPoints)));
    ctx.set('RateLimit-Reset', String(Math.max(0, Math.ceil(standing.msBeforeNext / 1000))));
    if (refused) {
      ctx.set('Retry-After', String(retryAfterSeconds(standing.msBeforeNext)));
      throw new ApiError('RATE_LIMITED');
    }
    await next();
  };
}
