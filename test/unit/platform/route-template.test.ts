import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { routeTemplateOf } from '../../../api/middleware/route-template.js';

/**
 * What the request log line, the duration metric and the span name call a request's route: its
 * template, also when a middleware on a path prefix (the rate limit, the credentials check)
 * answered before the route ran; never the prefix's regular expression.
 */
describe('the route a request is logged under', () => {
  it('is the matched template, a refusal by a prefix middleware included, and null with no route', async () => {
    const seen: Array<string | null> = [];
    const app = new Koa();
    app.use(async (ctx, next) => {
      await next();
      seen.push(routeTemplateOf(ctx));
    });
    const router = new Router();
    router.use('/api/v1', async (ctx, next) => {
      if (ctx.get('x-refuse')) {
        ctx.status = 429;
        return;
      }
      await next();
    });
    router.get('/api/v1/payments/:id', (ctx) => {
      ctx.body = { id: ctx.params.id };
    });
    app.use(router.routes());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/api/v1/payments/pay_1`)).status).toBe(200);
      expect((await fetch(`${base}/api/v1/payments/pay_1`, { headers: { 'x-refuse': '1' } })).status).toBe(
        429,
      );
      expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(['/api/v1/payments/:id', '/api/v1/payments/:id', null]);
  });
});
