import {
  checkRefundGuardrails,
  guardrailDepsOf,
  raiseRefundRatioAlarm,
} from '../../activities/apps/guardrail-checks.js';
import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppScope } from '../../db/payments/payments.js';
import { refundView } from '../../db/refunds/refund-view.js';
import {
  findRefundByIdempotencyKey,
  findScopedRefund,
  listRefunds,
  refundsOfPayment,
} from '../../db/refunds/refunds.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { RouteDeps } from '../deps.js';
import { sendData, sendList } from '../envelope.js';
import { readJson } from '../middleware/body.js';
import { idempotency } from '../middleware/idempotency.js';
import type { AuthenticatedApp } from '../middleware/auth.js';
import { requestRefund } from './refund-requests.js';
import { beneficiaryOf } from '../payouts/beneficiaries.js';
import { createRefundBody, listRefundsQuery, refundIdParam } from './refund-schemas.js';
import { parseWith } from '../validation.js';
import { scopedPaymentOr404 } from '../payments/scoped-payment.js';

/** /api/v1/payments/{id}/refunds and /api/v1/refunds: an app refunds its own payments (its mode only). */
export function refundRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  router.post('/payments/:id/refunds', idempotency(deps), async (ctx) => {
    const body = parseWith(createRefundBody, await readJson(ctx));
    const scope = ctx.state.scope as AppScope;
    const payment = await scopedPaymentOr404(em(), scope, ctx.params.id!);
    const idempotencyKey = (ctx.state.idempotencyClaim as string | undefined) ?? null;
    // A retry that took over a crashed request's key answers with the refund it took.
    const earlier = idempotencyKey ? await findRefundByIdempotencyKey(em(), scope, idempotencyKey) : null;
    if (earlier) {
      sendData(ctx, 201, refundView(earlier));
      return;
    }
    const app = ctx.state.app as AuthenticatedApp;
    await checkRefundGuardrails(guardrailDepsOf(deps), app);
    const refund = await requestRefund(deps, payment, {
      amountMinor: body.amountMinor,
      reason: body.reason ?? null,
      metadata: body.metadata ?? {},
      destination: body.destination ? beneficiaryOf(body.destination) : null,
      manualConfirmation: body.manualConfirmation === true,
      idempotencyKey,
      // The approver sees which of the app's keys asked: audited with the refund, in its transaction.
      auditAs: {
        type: 'APP',
        id: String(app.appId),
        label: `${app.name} (${app.mode}) key ${app.apiKey}`,
        ip: ctx.ip || null,
      },
    });
    await raiseRefundRatioAlarm(guardrailDepsOf(deps), app, refund.currency, () =>
      deps.metrics.refundRatioAlarms.inc({ app_id: String(app.appId), mode: app.mode }),
    ).catch((error: unknown) =>
      // The alarm is for operators; the refund it watches is taken whatever happens to it.
      deps.logger.error({ err: error, refund: refund.reference }, 'refund ratio alarm not checked'),
    );
    sendData(ctx, 201, refundView(refund));
  });

  router.get('/payments/:id/refunds', async (ctx) => {
    const payment = await scopedPaymentOr404(em(), ctx.state.scope as AppScope, ctx.params.id!);
    // A payment has few refunds: one page holds them all.
    const items = (await refundsOfPayment(em(), payment.id)).map(refundView);
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  router.get('/refunds', async (ctx) => {
    const query = parseWith(listRefundsQuery, ctx.query);
    const scope = ctx.state.scope as AppScope;
    const result = await listRefunds(em(), { ...query, appId: scope.appId, mode: scope.mode });
    sendList(
      ctx,
      { items: result.items.map(refundView) },
      { page: query.page, size: query.size, totalItems: result.total },
    );
  });

  router.get('/refunds/:id', async (ctx) => {
    const id = refundIdParam.safeParse(ctx.params.id);
    const refund = id.success ? await findScopedRefund(em(), ctx.state.scope as AppScope, id.data) : null;
    if (!refund) throw new ApiError('REFUND_NOT_FOUND');
    sendData(ctx, 200, refundView(refund));
  });

  return router;
}
