import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Config } from '../../config/index.js';
import { ApiError } from '../../domain/errors.js';

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Who may scrape /metrics: with METRICS_TOKEN set, a bearer of that token; without it, anyone on
 * a development machine and no one in production (the route is then not served at all).
 */
export function metricsAccess(config: Pick<Config, 'METRICS_TOKEN' | 'NODE_ENV'>): Middleware {
  return async (ctx, next) => {
    const token = config.METRICS_TOKEN;
    if (!token) {
      if (config.NODE_ENV === 'production') throw new ApiError('NOT_FOUND');
      return next();
    }
    const presented = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1] ?? '';
    if (!sameToken(presented, token)) {
      ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new ApiError('AUTHENTICATION_REQUIRED', 'A bearer token is required for /metrics');
    }
    await next();
  };
}
