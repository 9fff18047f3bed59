import type { Router } from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { z } from 'zod';
import { applyChoice, CHOICES } from './checkout.js';
import {
  faultsSetting,
  json,
  outagesSetting,
  registerControlSetting,
  registerReset,
} from '../../simulator-kit/control.js';
import type { Simulator } from './context.js';
import { releaseHeld, send } from './events.js';
import { setFaultsSchema } from './faults.js';
import { expand, sessionObject } from './objects.js';
import { setOutagesSchema } from './outages.js';
import { settleDebit } from './payments.js';
import { settleRefund } from './refunds.js';
import { payoutObject } from './balance.js';
import { createPayouts } from './payouts.js';
import { unixSeconds } from './context.js';
import { runDueWork } from './sweeper.js';
import { registerDisputeControls } from './dispute-controls.js';

/** JSON API under `/__simulator` for tests and testers to drive the simulated account. */

const completeSchema = z.object({ choice: z.enum(CHOICES) }).strict();
const releaseSchema = z.object({ order: z.enum(['original', 'reverse']).default('original') }).strict();
/** `at`: Unix seconds; what is available by then is paid out (default: now). */
const payoutSchema = z.object({ at: z.number().int().min(0).optional() }).strict();
const settleRefundSchema = z.object({ status: z.enum(['succeeded', 'failed']).optional() }).strict();

export async function parse<T>(ctx: Context, schema: z.ZodType<T>): Promise<T | undefined> {
  const text = (await getRawBody(ctx.req, { limit: '64kb' })).toString('utf8');
  let body: unknown = {};
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    json(ctx, 400, { error: 'request body is not valid JSON' });
    return undefined;
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  json(ctx, 400, { error: 'invalid request body', issues: result.error.issues });
  return undefined;
}

const EXPANDED = ['payment_intent', 'payment_intent.latest_charge'];

export function registerControlApi(router: Router, simulator: Simulator, reset: () => void): void {
  const { state } = simulator;
  const sessionJson = (id: string) => {
    const session = state.sessions.get(id);
    return session && expand(simulator, sessionObject(simulator, session), EXPANDED);
  };

  /** The customer's choice on the hosted page, without a browser; answers once the webhooks are answered. */
  router.post('/__simulator/sessions/:id/complete', async (ctx) => {
    runDueWork(simulator);
    const session = state.sessions.get(ctx.params.id ?? '');
    if (!session) return json(ctx, 404, { error: 'unknown session' });
    if (session.status !== 'open') return json(ctx, 409, { error: `session is ${session.status}` });
    const body = await parse(ctx, completeSchema);
    if (!body) return;
    const result = applyChoice(simulator, session, body.choice);
    const deliveries = await result.deliveries;
    json(ctx, 200, { session: sessionJson(session.id), redirect: result.redirect, deliveries });
  });

  /** The bank's answer to a delayed payment, now rather than when it falls due. */
  router.post('/__simulator/sessions/:id/settle', async (ctx) => {
    const session = state.sessions.get(ctx.params.id ?? '');
    if (!session) return json(ctx, 404, { error: 'unknown session' });
    if (!session.asyncSettlement) return json(ctx, 409, { error: 'no delayed payment awaits settlement' });
    const deliveries = await settleDebit(simulator, session);
    json(ctx, 200, { session: sessionJson(session.id), deliveries });
  });

  router.get('/__simulator/sessions/by-reference/:reference', (ctx) => {
    const session = state.latestSession(ctx.params.reference ?? '');
    if (!session) return json(ctx, 404, { error: 'no session for this client_reference_id' });
    json(ctx, 200, sessionJson(session.id));
  });

  router.post('/__simulator/refunds/:id/settle', async (ctx) => {
    const refund = state.refunds.get(ctx.params.id ?? '');
    if (!refund) return json(ctx, 404, { error: 'unknown refund' });
    if (refund.status !== 'pending') return json(ctx, 409, { error: `refund is ${refund.status}` });
    const body = await parse(ctx, settleRefundSchema);
    if (!body) return;
    const deliveries = await settleRefund(simulator, refund, body.status);
    json(ctx, 200, { id: refund.id, status: refund.status, deliveries });
  });

  /** Every payout made, newest first, as the API's objects. */
  router.get('/__simulator/payouts', (ctx) => {
    runDueWork(simulator);
    json(
      ctx,
      200,
      [...state.payouts.values()].reverse().map((payout) => payoutObject(simulator, payout)),
    );
  });

  /** A payout now (as the daily automatic one), of what is available by `at`. */
  router.post('/__simulator/payouts', async (ctx) => {
    runDueWork(simulator);
    const body = await parse(ctx, payoutSchema);
    if (!body) return;
    const payouts = createPayouts(simulator, body.at ?? unixSeconds(simulator), false);
    json(ctx, 200, { payouts: payouts.map((payout) => payoutObject(simulator, payout)) });
  });

  router.get('/__simulator/events', (ctx) => {
    json(
      ctx,
      200,
      state.events.map((event) => ({
        id: event.id,
        type: event.type,
        reference: event.reference,
        deliveries: event.deliveries,
      })),
    );
  });

  /** Sends an event again under the same `evt_` id, as Stripe may. */
  router.post('/__simulator/events/:id/resend', async (ctx) => {
    const event = state.event(ctx.params.id ?? '');
    if (!event) return json(ctx, 404, { error: 'unknown event' });
    json(ctx, 200, { id: event.id, deliveries: await send(simulator, event) });
  });

  /** Sends the events the `held` fault kept back, in the order they happened or the reverse. */
  router.post('/__simulator/events/release', async (ctx) => {
    const body = await parse(ctx, releaseSchema);
    if (!body) return;
    json(ctx, 200, { deliveries: await releaseHeld(simulator, body.order) });
  });

  registerDisputeControls(router, simulator, parse);

  registerControlSetting(
    router,
    parse,
    faultsSetting(simulator.faults, setFaultsSchema, (body) => body.reference),
  );
  registerControlSetting(router, parse, outagesSetting(simulator.outages, setOutagesSchema));
  registerReset(router, reset);
}
