import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Config } from '../../platform/config/index.js';
import { isDevelopmentStack } from '../../platform/config/deployment.js';
import { ApiError } from '../../domain/shared/errors.js';

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Who may scrape /metrics: with METRICS_TOKEN set, a bearer of that token; without it, no one (the
 * route is not served at all), whatever NODE_ENV says. Only the development stack (`npm start`, the
 * tests) leaves it open without a token.
 */
export function metricsAccess(config: Pick<Config, 'METRICS_TOKEN' | 'OI_PAYMENTS_STACK'>): Middleware {
  return async (ctx, next) => {
    const token = config.METRICS_TOKEN;
    if (!token) {
      if (!isDevelopmentStack(config)) throw new ApiError('NOT_FOUND');
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
