import Router from '@koa/router';
import type { Context } from 'koa';
import type { EntityManager } from '@mikro-orm/postgresql';
import { receiptProof } from '../../../db/payments/manual-receipts.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson, readRaw, MAX_BODY_BYTES } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import {
  MAX_PROOF_BYTES,
  adminReceiptsQuery,
  proofBody,
  receiptDecisionBody,
  recordReceiptBody,
} from './schemas.js';
import {
  attachReceiptProof,
  checkedProof,
  decideWaitingReceipt,
  paymentReceipts,
  receiptList,
  recordReceipt,
  type ReceiptView,
} from './service.js';

/** A receipt's JSON carries its proof base64-encoded: its body may be larger than others. */
async function readReceiptJson(ctx: Context): Promise<unknown> {
  if (ctx.is('application/json'))
    ctx.state.rawBody = await readRaw(ctx, MAX_BODY_BYTES + (MAX_PROOF_BYTES * 4) / 3);
  return readJson(ctx);
}

/** Receipts of money paid outside any gateway: recorded, approved or rejected, and their proofs. */
export function receiptsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/receipts', requirePermission(deps, 'payments.read'), async (ctx) => {
    const query = parseWith(adminReceiptsQuery, ctx.query);
    const result = await receiptList(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/payments/:id/receipts', requirePermission(deps, 'payments.read'), async (ctx) => {
    const { terms, receipts } = await paymentReceipts(deps, ctx.params.id!);
    sendData(ctx, 200, { offline: terms !== null, approvalsRequired: terms?.approvals ?? null, receipts });
  });

  router.post('/payments/:id/receipts', requirePermission(deps, 'receipts.record'), async (ctx) => {
    const body = parseWith(recordReceiptBody, await readReceiptJson(ctx));
    const admin = ctx.state.admin as AdminState;
    sendData(ctx, 201, await recordReceipt(deps, admin, auditActor(ctx), ctx.params.id!, body));
  });

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    router.post(`/receipts/:id/${verb}`, requirePermission(deps, 'receipts.approve'), async (ctx) => {
      const body = parseWith(receiptDecisionBody, await readJson(ctx));
      const admin = ctx.state.admin as AdminState;
      sendData(
        ctx,
        200,
        await decideWaitingReceipt(
          deps,
          admin,
          auditActor(ctx),
          ctx.params.id!,
          approve,
          body.comment ?? null,
        ),
      );
    });
  }

  router.post('/receipts/:id/proof', requirePermission(deps, 'receipts.record'), async (ctx) => {
    const body = parseWith(proofBody, await readReceiptJson(ctx));
    const bytes = checkedProof(body.contentBase64, body.contentType);
    sendData(
      ctx,
      200,
      await attachReceiptProof(deps, auditActor(ctx), ctx.params.id!, {
        fileName: body.fileName,
        contentType: body.contentType,
        bytes,
      }),
    );
  });

  router.get('/receipts/:id/proof', requirePermission(deps, 'payments.read'), async (ctx) => {
    await sendProof(deps, ctx);
  });

  return router;
}

/** A proof as a download, never rendered in our origin. */
export async function sendProof(deps: RouteDeps, ctx: Context): Promise<void> {
  const id = /^\d{1,15}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : NaN;
  const proof = Number.isSafeInteger(id) ? await receiptProof(deps.orm.em.fork() as EntityManager, id) : null;
  if (!proof) throw new ApiError('RECEIPT_NOT_FOUND', 'No such receipt, or it has no proof');
  ctx.set('Content-Disposition', `attachment; filename="${proof.fileName.replace(/[^\w.-]+/g, '_')}"`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.type = proof.contentType;
  ctx.body = proof.bytes;
}

export type { ReceiptView };
