import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { toDecimalString } from '../../../domain/shared/money.js';
import { canCompleteAgain, completeSession, redirectFor, sendIpn } from './checkout.js';
import {
  json,
  parseControlBody,
  faultsSetting,
  outagesSetting,
  registerControlSetting,
  registerReset,
} from '../../simulator-kit/control.js';
import type { Simulator } from './context.js';
import { setFaultsSchema } from './faults.js';
import { setOutagesSchema } from './outages.js';
import { postIpn } from './ipn.js';
import { OUTCOMES } from './state.js';
import { PAY_METHOD_NAMES } from './pay-methods.js';
import type { SimSession } from './state.js';
import { readJson } from './wire.js';

/** JSON API for automated tests to drive the simulated gateway. */

/** `cardType`: how the customer paid (bKash unless named). */
const completeSchema = z
  .object({ outcome: z.enum(OUTCOMES), cardType: z.enum(PAY_METHOD_NAMES).optional() })
  .strict();

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" rx="6" fill="#1d2939"/>' +
  '<text x="60" y="26" font-family="sans-serif" font-size="16" fill="#fff" text-anchor="middle">SIMULATOR</text></svg>';

const parse = <T>(ctx: Context, schema: z.ZodType<T>) => parseControlBody(ctx, schema, readJson);

function sessionJson(session: SimSession): Record<string, unknown> {
  const transaction = session.transaction;
  return {
    sessionkey: session.sessionkey,
    storeId: session.storeId,
    tranId: session.tranId,
    amount: toDecimalString(session.amountMinor, session.currency),
    amountMinor: session.amountMinor,
    currency: session.currency,
    productName: session.productName,
    status: transaction?.status ?? 'PENDING',
    successUrl: session.successUrl,
    failUrl: session.failUrl,
    cancelUrl: session.cancelUrl,
    ipnUrl: session.ipnUrl,
    gatewayPageUrl: session.gatewayPageUrl,
    createdAt: session.createdAt.toISOString(),
    transaction: transaction && {
      status: transaction.status,
      valId: transaction.valId,
      bankTranId: transaction.bankTranId,
      amount: transaction.record.amount,
      currency: transaction.record.currency,
      riskLevel: transaction.record.risk_level,
      completedAt: transaction.completedAt.toISOString(),
      validatedOn: transaction.validatedOn,
      refundedMinor: transaction.refundedMinor,
    },
  };
}

export function registerControlApi(router: Router, simulator: Simulator, reset: () => void): void {
  router.post('/__simulator/sessions/:sessionkey/complete', async (ctx) => {
    const session = simulator.state.sessions.get((ctx.params.sessionkey ?? '').toUpperCase());
    if (!session) return json(ctx, 404, { error: 'unknown sessionkey' });
    if (!canCompleteAgain(session)) return json(ctx, 409, { error: 'session already completed' });
    const body = await parse(ctx, completeSchema);
    if (!body) return;
    const transaction = completeSession(simulator, session, body.outcome, body.cardType);
    const ipn = await sendIpn(simulator, transaction);
    json(ctx, 200, {
      tranId: transaction.tranId,
      valId: transaction.valId,
      bankTranId: transaction.bankTranId,
      ipn,
      redirect: redirectFor(session, transaction),
    });
  });

  router.get('/__simulator/sessions/by-tran-id/:tranId', (ctx) => {
    const session = simulator.state.latestSession(ctx.params.tranId ?? '');
    if (!session) return json(ctx, 404, { error: 'no session for this tran_id' });
    json(ctx, 200, sessionJson(session));
  });

  router.post('/__simulator/transactions/:tranId/send-ipn', async (ctx) => {
    const transaction = simulator.state.latestTransaction(ctx.params.tranId ?? '');
    if (!transaction) return json(ctx, 404, { error: 'no completed transaction for this tran_id' });
    if (!transaction.ipnUrl) return json(ctx, 409, { error: 'the session had no ipn_url' });
    const delivery = await postIpn(transaction.ipnUrl, transaction.ipnFields);
    simulator.logger?.info({ tranId: transaction.tranId, ipnStatus: delivery.status }, 'IPN re-sent');
    json(ctx, 200, { tranId: transaction.tranId, ...delivery });
  });

  registerControlSetting(
    router,
    parse,
    faultsSetting(simulator.faults, setFaultsSchema, (body) => body.tranId),
  );
  registerControlSetting(router, parse, outagesSetting(simulator.outages, setOutagesSchema));
  registerReset(router, reset);

  router.get('/__simulator/assets/logo.svg', (ctx) => {
    ctx.type = 'image/svg+xml';
    ctx.body = LOGO_SVG;
  });
}
