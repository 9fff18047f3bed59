import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { decide, isDecided, PAGE_CHOICES, pageUrlFor } from './checkout.js';
import type { Simulator } from './context.js';
import { setFaultsSchema } from './faults.js';
import { setOutageSchema } from './outage.js';
import type { SimPayment } from './state.js';
import { readJson } from './wire.js';

/** JSON API for automated tests to drive the simulated bKash. */

const completeSchema = z.object({ choice: z.enum(PAGE_CHOICES) }).strict();

function json(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.body = body;
}

async function parse<T>(ctx: Context, schema: z.ZodType<T>): Promise<T | undefined> {
  const result = schema.safeParse(await readJson(ctx));
  if (result.success) return result.data;
  json(ctx, 400, { error: 'invalid request body', issues: result.error.issues });
  return undefined;
}

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
    trxID: payment.trxID,
    callbackURL: payment.callbackURL,
    bkashURL: pageUrlFor(simulator, payment),
    refunds: payment.refunds.map(({ refundTrxID, amount, sku, reason }) => ({
      refundTrxID,
      amount,
      sku,
      reason,
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
    json(ctx, 200, { paymentID: payment.paymentID, callbackUrl: decide(payment, body.choice) });
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

  router.get('/__simulator/faults', (ctx) => json(ctx, 200, simulator.faults.snapshot()));

  router.put('/__simulator/faults', async (ctx) => {
    const body = await parse(ctx, setFaultsSchema);
    if (!body) return;
    simulator.faults.set(body.faults, body.merchantInvoiceNumber);
    json(ctx, 200, simulator.faults.snapshot());
  });

  router.delete('/__simulator/faults', (ctx) => {
    simulator.faults.clear();
    json(ctx, 200, simulator.faults.snapshot());
  });

  router.get('/__simulator/outage', (ctx) => json(ctx, 200, simulator.outage.snapshot()));

  router.put('/__simulator/outage', async (ctx) => {
    const body = await parse(ctx, setOutageSchema);
    if (!body) return;
    simulator.outage.set(body.forMs);
    json(ctx, 200, simulator.outage.snapshot());
  });

  router.post('/__simulator/reset', (ctx) => {
    reset();
    json(ctx, 200, { ok: true });
  });
}
