import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  batchLines,
  batchProgress,
  findBatchByIdempotencyKey,
  findScopedBatch,
  type PayoutBatch,
} from '../../db/payouts/payout-batches.js';
import { batchLineView, payoutBatchView } from '../../db/payouts/payout-batch-view.js';
import type { AppScope } from '../../db/payouts/payouts.js';
import { MAX_BATCH_BODY_BYTES } from '../../domain/payouts/payout-batches.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { RouteDeps } from '../deps.js';
import { sendData, sendList } from '../envelope.js';
import { readJson, readRaw } from '../middleware/body.js';
import { idempotency } from '../middleware/idempotency.js';
import { parseWith } from '../validation.js';
import { cancelPayoutBatch } from './payout-batch-changes.js';
import { requestPayoutBatch, startTakenBatch, validBatchLines } from './payout-batch-requests.js';
import { batchLinesQuery, createPayoutBatchBody, payoutBatchIdParam } from './payout-batch-schemas.js';

/**
 * /api/v1/payout-batches: up to 5,000 payouts in one request, judged and approved as a whole,
 * with a cancel window before any line's payout is made. Writes need the `payouts` scope.
 */
export function payoutBatchRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const scopedOr404 = async (scope: AppScope, id: string) => {
    const parsed = payoutBatchIdParam.safeParse(id);
    const batch = parsed.success ? await findScopedBatch(em(), scope, parsed.data) : null;
    if (!batch) throw new ApiError('PAYOUT_BATCH_NOT_FOUND');
    return batch;
  };
  const view = async (batch: PayoutBatch) => payoutBatchView(batch, await batchProgress(em(), batch.id));

  router.post('/payout-batches', idempotency(deps), async (ctx) => {
    // A batch's body is larger than a single request's, and bounded before it is read.
    if (ctx.state.rawBody === undefined) {
      const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
      if (hasBody && !ctx.is('application/json')) throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
      ctx.state.rawBody = await readRaw(ctx, MAX_BATCH_BODY_BYTES);
    }
    const body = parseWith(createPayoutBatchBody, await readJson(ctx));
    const scope = ctx.state.scope as AppScope;
    const idempotencyKey = (ctx.state.idempotencyClaim as string | undefined) ?? null;
    const earlier = idempotencyKey ? await findBatchByIdempotencyKey(em(), scope, idempotencyKey) : null;
    if (earlier) {
      await startTakenBatch(deps, earlier);
      sendData(ctx, 201, await view(earlier));
      return;
    }
    const lines = await validBatchLines(deps, scope, body.lines);
    const batch = await requestPayoutBatch(deps, scope, lines, idempotencyKey, {
      source: 'API',
      uploadedBy: null,
      fileName: null,
    });
    sendData(ctx, 201, await view(batch));
  });

  router.get('/payout-batches/:id', async (ctx) => {
    sendData(ctx, 200, await view(await scopedOr404(ctx.state.scope as AppScope, ctx.params.id!)));
  });

  router.get('/payout-batches/:id/lines', async (ctx) => {
    const query = parseWith(batchLinesQuery, ctx.query);
    const batch = await scopedOr404(ctx.state.scope as AppScope, ctx.params.id!);
    const lines = await batchLines(em(), batch.id, {
      offset: (query.page - 1) * query.size,
      limit: query.size,
    });
    sendList(
      ctx,
      { items: lines.map(batchLineView) },
      { page: query.page, size: query.size, totalItems: batch.lineCount },
    );
  });

  router.post('/payout-batches/:id/cancel', async (ctx) => {
    const batch = await scopedOr404(ctx.state.scope as AppScope, ctx.params.id!);
    sendData(ctx, 200, await view(await cancelPayoutBatch(deps, batch.id, 'APP')));
  });

  return router;
}
