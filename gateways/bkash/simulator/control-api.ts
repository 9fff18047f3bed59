import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { decide, isDecided, PAGE_CHOICES, pageUrlFor } from './checkout.js';
import {
  json,
  parseControlBody,
  faultsSetting,
  registerControlSetting,
  registerReset,
} from '../../simulator-kit/control.js';
import type { Simulator } from './context.js';
import { setFaultsSchema } from './faults.js';
import { setOutageSchema } from './outage.js';
import type { SimPayment } from './state.js';
import { readJson } from './wire.js';

/** JSON API for automated tests to drive the simulated bKash. */

const completeSchema = z.object({ choice: z.enum(PAGE_CHOICES) }).strict();

const parse = <T>(ctx: Context, schema: z.ZodType<T>) => parseControlBody(ctx, schema, readJson);

function paymentJson(simulator: Simulator, payment: SimPayment): Record<string, unknown> {
  return {
    paymentID: payment.paymentID,
    merchantInvoiceNumber: payment.merchantInvoiceNumber,
    payerReference: payment.payerReference,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    approvedBy: payment.approvedBy,
    executeCalls: payment.executeCalls,
    statusCalls: payment.statusCalls,
    trxID: payment.trxID,
    callbackURL: payment.callbackURL,
    bkashURL: pageUrlFor(simulator, payment),
    refunds: payment.refunds.map(({ refundTrxID, api, amount, sku, reason, status }) => ({
      refundTrxID,
      api,
      amount,
      sku,
      reason,
      status,
    })),
  };
}

export function registerControlApi(router: Router, simulator: Simulator, reset: () => void): void {
  /** Does what the customer would on the page, without a browser; answers where the browser would go. */
  router.post('/__simulator/payments/:paymentID/complete', async (ctx) => {
    const payment = simulator.state.payments.get(ctx.params.paymentID ?? '');
    if (!payment) return json(ctx, 404, { error: 'unknown paymentID' });
    if (isDecided(payment)) return json(ctx, 409, { error: 'the customer has already decided this payment' });
    const body = await parse(ctx, completeSchema);
    if (!body) return;
    json(ctx, 200, {
      paymentID: payment.paymentID,
      callbackUrl: decide(payment, body.choice, simulator.faults.for(payment.merchantInvoiceNumber)),
    });
  });

  router.get('/__simulator/payments/by-invoice/:merchantInvoiceNumber', (ctx) => {
    const payment = simulator.state.latestPaymentFor(ctx.params.merchantInvoiceNumber ?? '');
    if (!payment) return json(ctx, 404, { error: 'no payment for this merchantInvoiceNumber' });
    json(ctx, 200, paymentJson(simulator, payment));
  });

  router.get('/__simulator/payments/:paymentID', (ctx) => {
    const payment = simulator.state.payments.get(ctx.params.paymentID ?? '');
    if (!payment) return json(ctx, 404, { error: 'unknown paymentID' });
    json(ctx, 200, paymentJson(simulator, payment));
  });

  router.post('/__simulator/tokens/expire', (ctx) => {
    simulator.state.expireTokens(simulator.now());
    json(ctx, 200, { ok: true });
  });

  registerControlSetting(
    router,
    parse,
    faultsSetting(simulator.faults, setFaultsSchema, (body) => body.merchantInvoiceNumber),
  );
  registerControlSetting(router, parse, {
    path: '/__simulator/outage',
    schema: setOutageSchema,
    apply: (body) => simulator.outage.set(body.forMs),
    snapshot: () => simulator.outage.snapshot(),
  });
  registerReset(router, reset);
}
