import Router from '@koa/router';
import { sendData } from '../envelope.js';
import type { AuthenticatedApp } from '../middleware/auth.js';

/** GET /api/v1/app/me: which app and mode these credentials resolve to. */
export function appMeRoutes(): Router {
  const router = new Router();
  router.get('/app/me', (ctx) => {
    const app = ctx.state.app as AuthenticatedApp;
    sendData(ctx, 200, { id: app.appId, name: app.name, mode: app.mode });
  });
  return router;
}
