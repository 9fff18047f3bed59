import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honour a caller's X-Request-Id when it is sane, otherwise mint one; echo it on every response. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = ACCEPTABLE.test(incoming) ? incoming : `req_${randomUUID()}`;
    ctx.set('X-Request-Id', ctx.state.requestId as string);
    await next();
  };
}
