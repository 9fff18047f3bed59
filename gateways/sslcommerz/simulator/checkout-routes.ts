import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { pathUnder } from '../../simulator-kit/page.js';
import { completeSession, redirectFor, sendIpn } from './checkout.js';
import type { Simulator } from './context.js';
import { checkoutPage, messagePage, notFoundPage, redirectPage, resultPage } from './pages.js';
import { OUTCOMES } from './state.js';
import type { Outcome, SimSession } from './state.js';
import { readParams } from './wire.js';

/** The hosted payment page a customer's browser is sent to. */

function html(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
}

function sessionFor(simulator: Simulator, key: string | undefined): SimSession | undefined {
  return simulator.state.sessions.get((key ?? '').toUpperCase());
}

function isOutcome(value: string | undefined): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value ?? '');
}

export function registerCheckoutRoutes(router: Router, simulator: Simulator): void {
  router.get('/EasyCheckOut/testcde:key', (ctx) => {
    const session = sessionFor(simulator, ctx.params.key);
    if (!session) return html(ctx, 404, notFoundPage());
    if (session.transaction)
      return html(ctx, 200, resultPage(session, redirectFor(session, session.transaction)));
    html(ctx, 200, checkoutPage(session, pathUnder(simulator.publicUrl, `${ctx.path}/complete`)));
  });

  router.post('/EasyCheckOut/testcde:key/complete', async (ctx) => {
    const session = sessionFor(simulator, ctx.params.key);
    if (!session) return html(ctx, 404, notFoundPage());
    // A second click or a back-button resubmit must not pay twice.
    if (session.transaction)
      return html(ctx, 200, resultPage(session, redirectFor(session, session.transaction)));
    const { outcome } = await readParams(ctx);
    if (!isOutcome(outcome)) {
      return html(ctx, 400, messagePage('Unknown choice', `outcome must be one of ${OUTCOMES.join(', ')}`));
    }

    const transaction = completeSession(simulator, session, outcome);
    const delivery = sendIpn(simulator, transaction);
    // A delayed IPN must arrive after the browser is back at the merchant, as it often does for real.
    if (simulator.faults.for(session.tranId).ipnDelayMs) void delivery;
    else await delivery;
    html(ctx, 200, redirectPage(redirectFor(session, transaction)));
  });
}
