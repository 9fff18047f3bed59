import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recentBatches } from '../../../db/payouts/payout-batches.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { cancelPayoutBatch, decidePayoutBatch } from '../../payouts/payout-batch-changes.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { spoolReport } from '../../../activities/uploads/report-files.js';
import { limitRefusal } from '../../../activities/uploads/uploaded-file-import.js';
import { limitErrors, UploadLimitExceeded } from '../../../domain/uploads/upload-limits.js';
import { uploadView } from '../../uploads/file-upload-service.js';
import { requireStepUpToApprove } from '../payouts/approval-step-up.js';
import { adminBatchQuery, batchDecisionBody, batchUploadQuery } from './schemas.js';
import {
  adminBatchDetail,
  adminBatchView,
  batchForOperatorsOr404,
  batchUploadArea,
  receiveBatchUpload,
} from './service.js';

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
   * A CSV file as the body (text/csv), spooled within a batch file's size (413 UPLOAD_TOO_LARGE
   * past it, nothing kept) and stored; the worker reads it. Answered 202 with the upload at once:
   * adminGetFileUpload answers it while it is read, with the batch's id (`importId`) once taken,
   * or the refusal (422 PAYOUT_BATCH_LINES_INVALID naming each bad line; nothing created). An
   * operator's upload always waits for another operator's approval, whatever its amount.
   */
  router.post('/payout-batches', requirePermission(deps, 'payouts.approve'), async (ctx) => {
    const query = parseWith(batchUploadQuery, ctx.query);
    if (!ctx.is('text/csv', 'text/plain')) throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
    const area = batchUploadArea(deps);
    // A body declared larger than a batch file is refused before a byte of it is read.
    if (Number(ctx.get('content-length') || 0) > area.limits.maxBytes) {
      ctx.req.resume();
      throw limitRefusal(limitErrors.tooLarge(area.limits));
    }
    let spooled;
    try {
      spooled = await spoolReport(ctx.req, area);
    } catch (error) {
      if (error instanceof UploadLimitExceeded) throw limitRefusal(error);
      throw error;
    }
    const admin = ctx.state.admin as AdminState;
    try {
      const upload = await receiveBatchUpload(
        deps,
        admin.operator,
        auditActor(ctx),
        { appId: query.appId, mode: query.mode, fileName: query.fileName ?? null },
        spooled,
        0,
      );
      sendData(ctx, 202, uploadView(upload));
    } finally {
      await spooled.discard();
    }
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
