import type { Router } from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { pathUnder } from '../../simulator-kit/page.js';
import { applyChoice, CHOICES, isChoice } from './checkout.js';
import type { Simulator } from './context.js';
import { checkoutPage, closedPage, messagePage } from './pages.js';
import type { SimSession } from './state.js';
import { runDueWork } from './sweeper.js';

/** The hosted Checkout page a customer's browser is sent to (`session.url`). */

function html(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
}

function page(simulator: Simulator, session: SimSession, path: string): string {
  const intent = session.paymentIntentId ? simulator.state.intents.get(session.paymentIntentId) : undefined;
  return checkoutPage(session, intent, pathUnder(simulator.publicUrl, path));
}

const NOT_FOUND = messagePage('Something went wrong', 'The page you were looking for could not be found.');

export function registerCheckoutRoutes(router: Router, simulator: Simulator): void {
  router.get('/c/pay/:id', (ctx) => {
    runDueWork(simulator);
    const session = simulator.state.sessions.get(ctx.params.id ?? '');
    if (!session) return html(ctx, 404, NOT_FOUND);
    if (session.status !== 'open') return html(ctx, 200, closedPage(session));
    html(ctx, 200, page(simulator, session, ctx.path));
  });

  router.post('/c/pay/:id', async (ctx) => {
    runDueWork(simulator);
    const session = simulator.state.sessions.get(ctx.params.id ?? '');
    if (!session) return html(ctx, 404, NOT_FOUND);
    // A second click or a back-button resubmit must not pay twice.
    if (session.status !== 'open') return html(ctx, 200, closedPage(session));
    const choice = new URLSearchParams((await getRawBody(ctx.req, { limit: '16kb' })).toString('utf8')).get(
      'choice',
    );
    if (!isChoice(choice)) {
      return html(ctx, 400, messagePage('Unknown choice', `choice must be one of ${CHOICES.join(', ')}`));
    }
    const result = applyChoice(simulator, session, choice);
    // The merchant's webhook usually lands before the customer does; waiting keeps it so here.
    await result.deliveries;
    if (result.redirect) {
      ctx.status = 303;
      ctx.redirect(result.redirect);
      return;
    }
    html(ctx, 200, session.status === 'open' ? page(simulator, session, ctx.path) : closedPage(session));
  });
}
