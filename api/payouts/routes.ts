import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listPayouts } from '../../db/payouts/payout-list.js';
import { payoutView } from '../../db/payouts/payout-view.js';
import { findPayoutByIdempotencyKey, findScopedPayout, type AppScope } from '../../db/payouts/payouts.js';
import { encodeCursor } from '../../domain/shared/list-cursor.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { RouteDeps } from '../deps.js';
import { sendData, sendList } from '../envelope.js';
import { readJson } from '../middleware/body.js';
import { idempotency } from '../middleware/idempotency.js';
import { parseWith } from '../validation.js';
import { cancelPayout } from './payout-changes.js';
import { requestPayout, startTakenPayout } from './payout-requests.js';
import { cancelPayoutBody, createPayoutBody, listPayoutsQuery, payoutIdParam } from './payout-schemas.js';

/**
 * /api/v1/payouts: an app pays money out of the company's disbursement accounts to a wallet or a
 * bank account, in its credential's mode. Writes need the `payouts` scope, reads `read`.
 */
export function payoutRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const scopedOr404 = async (scope: AppScope, id: string) => {
    const parsed = payoutIdParam.safeParse(id);
    const payout = parsed.success ? await findScopedPayout(em(), scope, parsed.data) : null;
    if (!payout) throw new ApiError('PAYOUT_NOT_FOUND');
    return payout;
  };

  router.post('/payouts', idempotency(deps), async (ctx) => {
    const body = parseWith(createPayoutBody, await readJson(ctx));
    const scope = ctx.state.scope as AppScope;
    const idempotencyKey = (ctx.state.idempotencyClaim as string | undefined) ?? null;
    // A retry that took over a crashed request's key answers with the payout it took (and starts it).
    const earlier = idempotencyKey ? await findPayoutByIdempotencyKey(em(), scope, idempotencyKey) : null;
    if (earlier) {
      await startTakenPayout(deps, earlier);
      sendData(ctx, 201, payoutView(earlier));
      return;
    }
    sendData(ctx, 201, payoutView(await requestPayout(deps, scope, body, idempotencyKey)));
  });

  router.get('/payouts', async (ctx) => {
    const query = parseWith(listPayoutsQuery, ctx.query);
    const result = await listPayouts(em(), ctx.state.scope as AppScope, query);
    sendList(
      ctx,
      { items: result.items.map(payoutView), summary: result.summary },
      {
        page: query.page,
        size: query.size,
        totalItems: result.total,
        nextCursor: result.lastId === null ? null : encodeCursor(result.lastId),
      },
    );
  });

  router.get('/payouts/:id', async (ctx) => {
    sendData(ctx, 200, payoutView(await scopedOr404(ctx.state.scope as AppScope, ctx.params.id!)));
  });

  router.post('/payouts/:id/cancel', async (ctx) => {
    const body = parseWith(cancelPayoutBody, await readJson(ctx));
    const payout = await scopedOr404(ctx.state.scope as AppScope, ctx.params.id!);
    sendData(ctx, 200, payoutView(await cancelPayout(deps, payout.id, 'APP', body.reason ?? null)));
  });

  return router;
}
