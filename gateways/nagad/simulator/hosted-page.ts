import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { pathUnder } from '../../simulator-kit/page.js';
import type { Simulator } from './context.js';
import { checkoutPage, messagePage, resultPage } from './pages.js';
import { canFinish, finishPayment, sendDuplicateCallback } from './payment.js';
import { OUTCOMES } from './state.js';
import type { Outcome } from './state.js';
import { readText } from './wire.js';

/** The page complete's callBackUrl sends the customer to. */

export const HOSTED_PAGE_PATH = '/check-out/:paymentReferenceId';

function html(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
}

function isOutcome(value: string | null): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value ?? '');
}

const NOT_FOUND = messagePage('Payment not found', 'This checkout link is unknown or has been reset.');
const NOT_READY = messagePage('Payment not ready', 'The merchant has not completed this checkout yet.');

export function registerHostedPage(router: Router, simulator: Simulator): void {
  router.get(HOSTED_PAGE_PATH, (ctx) => {
    const order = simulator.state.orders.get(ctx.params.paymentReferenceId ?? '');
    if (!order) return html(ctx, 404, NOT_FOUND);
    if (!order.checkout) return html(ctx, 409, NOT_READY);
    if (!canFinish(order) || order.abandoned) return html(ctx, 200, resultPage(order));
    html(ctx, 200, checkoutPage(order, pathUnder(simulator.publicUrl, ctx.path)));
  });

  router.post(HOSTED_PAGE_PATH, async (ctx) => {
    const order = simulator.state.orders.get(ctx.params.paymentReferenceId ?? '');
    if (!order) return html(ctx, 404, NOT_FOUND);
    if (!order.checkout) return html(ctx, 409, NOT_READY);
    // A second click or a back-button resubmit must not pay twice.
    if (!canFinish(order) || order.abandoned) return html(ctx, 200, resultPage(order));
    const choice = new URLSearchParams(await readText(ctx)).get('choice');
    if (choice === 'abandon') {
      order.abandoned = true;
      return html(
        ctx,
        200,
        messagePage('You left the payment', 'Nothing was paid; the merchant is not told.'),
      );
    }
    if (!isOutcome(choice)) {
      return html(
        ctx,
        400,
        messagePage('Unknown choice', `choice must be one of ${OUTCOMES.join(', ')}, abandon`),
      );
    }
    const payment = finishPayment(simulator, order, choice);
    await sendDuplicateCallback(simulator, order);
    ctx.status = 303;
    ctx.redirect(payment.callbackUrl);
  });
}
