import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recentBatches } from '../../../db/payouts/payout-batches.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson, readRaw } from '../../middleware/body.js';
import { cancelPayoutBatch, decidePayoutBatch } from '../../payouts/payout-batch-changes.js';
import { parseWith } from '../../validation.js';
import { requirePermission, type AdminState } from '../session.js';
import { requireStepUpToApprove } from '../payouts/approval-step-up.js';
import { MAX_BATCH_FILE_BYTES } from './batch-file.js';
import { adminBatchQuery, batchDecisionBody, batchUploadQuery } from './schemas.js';
import { adminBatchDetail, adminBatchView, batchForOperatorsOr404, uploadBatch } from './service.js';

/**
 * /api/v1/admin/payout-batches: an operator uploads a CSV file of payouts for an app and mode; a
 * different operator approves it; either may cancel it within its cancel window; all see its progress.
 */
export function payoutBatchesJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  router.get('/payout-batches', requirePermission(deps, 'payments.read'), async (ctx) => {
    const items = await Promise.all((await recentBatches(em())).map((batch) => adminBatchView(em(), batch)));
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  router.get('/payout-batches/:id', requirePermission(deps, 'payments.read'), async (ctx) => {
    const query = parseWith(adminBatchQuery, ctx.query);
    sendData(
      ctx,
      200,
      await adminBatchDetail(em(), await batchForOperatorsOr404(em(), ctx.params.id!), query),
    );
  });

  /**
   * A CSV file as the body (text/csv), bounded in bytes before it is read and in rows before it is
   * parsed; every line is judged as the API judges one, and any bad line creates nothing. An
   * operator's upload always waits for another operator's approval, whatever its amount.
   */
  router.post('/payout-batches/upload', requirePermission(deps, 'payouts.approve'), async (ctx) => {
    const query = parseWith(batchUploadQuery, ctx.query);
    if (!ctx.is('text/csv', 'text/plain')) throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
    const text = await readRaw(ctx, MAX_BATCH_FILE_BYTES);
    const admin = ctx.state.admin as AdminState;
    const batch = await uploadBatch(
      deps,
      admin.operator,
      { appId: query.appId, mode: query.mode, fileName: query.fileName ?? null },
      text,
    );
    sendData(ctx, 201, await adminBatchView(em(), batch));
  });

  for (const [verb, verdict] of [
    ['approve', 'APPROVE'],
    ['reject', 'REJECT'],
  ] as const) {
    router.post(`/payout-batches/:id/${verb}`, requirePermission(deps, 'payouts.approve'), async (ctx) => {
      const body = parseWith(batchDecisionBody, await readJson(ctx));
      const admin = ctx.state.admin as AdminState;
      const batch = await batchForOperatorsOr404(em(), ctx.params.id!);
      requireStepUpToApprove(deps, admin, verdict, { amountMinor: batch.totalMinor, mode: batch.mode });
      const decided = await decidePayoutBatch(deps, batch.id, admin.operator, verdict, body.comment ?? null);
      sendData(ctx, 200, await adminBatchView(em(), decided));
    });
  }

  router.post('/payout-batches/:id/cancel', requirePermission(deps, 'payouts.approve'), async (ctx) => {
    const batch = await batchForOperatorsOr404(em(), ctx.params.id!);
    sendData(ctx, 200, await adminBatchView(em(), await cancelPayoutBatch(deps, batch.id, 'OPERATOR')));
  });

  return router;
}
