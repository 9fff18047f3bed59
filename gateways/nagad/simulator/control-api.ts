import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { toDecimalString } from '../../../domain/shared/money.js';
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
import { canFinish, finishPayment, sendDuplicateCallback } from './payment.js';
import { OUTCOMES, verifyStatus } from './state.js';
import type { SimOrder } from './state.js';
import { readControlJson } from './wire.js';

/** JSON API for automated tests to drive the simulated Nagad. */

const finishSchema = z.object({ outcome: z.enum(OUTCOMES) }).strict();

const parse = <T>(ctx: Context, schema: z.ZodType<T>) => parseControlBody(ctx, schema, readControlJson);

function orderJson(simulator: Simulator, order: SimOrder): Record<string, unknown> {
  const { checkout, payment } = order;
  return {
    merchantId: order.merchantId,
    orderId: order.orderId,
    paymentReferenceId: order.paymentReferenceId,
    orderDateTime: order.orderDateTime,
    amount: checkout && toDecimalString(checkout.amountMinor, 'BDT'),
    merchantCallbackURL: checkout?.merchantCallbackURL ?? null,
    abandoned: order.abandoned,
    verifyStatus: verifyStatus(order, simulator.now()),
    payment: payment && {
      status: payment.status,
      claimedStatus: payment.claimedStatus,
      amount: toDecimalString(payment.amountMinor, 'BDT'),
      issuerPaymentRefNo: payment.issuerPaymentRefNo,
      paidAt: new Date(payment.paidAtMs).toISOString(),
      pendingUntil: payment.pendingUntilMs === null ? null : new Date(payment.pendingUntilMs).toISOString(),
      callbackUrl: payment.callbackUrl,
      serverCallbacks: payment.serverCallbacks,
    },
  };
}

export function registerControlApi(router: Router, simulator: Simulator, reset: () => void): void {
  /**
   * Pays (or fails) an order as the customer would on the hosted page, without a browser. An
   * abandoned order may still be finished: a customer who comes back late is a race the core must survive.
   */
  router.post('/__simulator/payments/:paymentReferenceId/finish', async (ctx) => {
    const order = simulator.state.orders.get(ctx.params.paymentReferenceId ?? '');
    if (!order) return json(ctx, 404, { error: 'unknown paymentReferenceId' });
    if (!canFinish(order))
      return json(ctx, 409, { error: 'order not completed by the merchant, or already paid' });
    const body = await parse(ctx, finishSchema);
    if (!body) return;
    const payment = finishPayment(simulator, order, body.outcome);
    await sendDuplicateCallback(simulator, order);
    json(ctx, 200, { callbackUrl: payment.callbackUrl, order: orderJson(simulator, order) });
  });

  router.get('/__simulator/orders/:orderId', (ctx) => {
    const order = simulator.state.findByOrderId(ctx.params.orderId ?? '');
    if (!order) return json(ctx, 404, { error: 'no order with this orderId' });
    json(ctx, 200, orderJson(simulator, order));
  });

  registerControlSetting(
    router,
    parse,
    faultsSetting(simulator.faults, setFaultsSchema, (body) => body.orderId),
  );
  registerControlSetting(router, parse, outagesSetting(simulator.outages, setOutagesSchema));
  registerReset(router, reset);
}
