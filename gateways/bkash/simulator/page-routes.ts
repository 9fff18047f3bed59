import type { Router } from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { pathUnder } from '../../simulator-kit/page.js';
import { decide, isDecided, isPageChoice, PAGE_CHOICES, returnUrlFor } from './checkout.js';
import type { Simulator } from './context.js';
import { checkoutPage, messagePage, notFoundPage, resultPage } from './pages.js';
import type { SimPayment } from './state.js';

/** The hosted payment page (bkashURL) a customer's browser is sent to. */

const FORM_LIMIT = '16kb';

function html(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
}

/** The payment a link names, if its hash is the one bKash handed out with it. */
function paymentFor(simulator: Simulator, paymentId: string | undefined, hash: string | undefined) {
  const payment = simulator.state.payments.get(paymentId ?? '');
  return payment && payment.pageHash === hash ? payment : undefined;
}

function showFinished(ctx: Context, payment: SimPayment): void {
  html(ctx, 200, resultPage(payment, returnUrlFor(payment)));
}

export function registerPageRoutes(router: Router, simulator: Simulator): void {
  router.get('/', (ctx) => {
    const payment = paymentFor(simulator, ctx.query.paymentId?.toString(), ctx.query.hash?.toString());
    if (!payment) return html(ctx, 404, notFoundPage());
    if (isDecided(payment)) return showFinished(ctx, payment);
    html(ctx, 200, checkoutPage(payment, pathUnder(simulator.publicUrl, '/')));
  });

  router.post('/', async (ctx) => {
    const form = new URLSearchParams(await getRawBody(ctx.req, { limit: FORM_LIMIT, encoding: 'utf8' }));
    const payment = paymentFor(simulator, form.get('paymentId') ?? undefined, form.get('hash') ?? undefined);
    if (!payment) return html(ctx, 404, notFoundPage());
    // A second click or a back-button resubmit must not change a decided payment.
    if (isDecided(payment)) return showFinished(ctx, payment);
    const choice = form.get('choice') ?? undefined;
    if (!isPageChoice(choice)) {
      return html(
        ctx,
        400,
        messagePage('Unknown choice', `choice must be one of ${PAGE_CHOICES.join(', ')}`),
      );
    }
    const callbackUrl = decide(payment, choice, simulator.faults.for(payment.merchantInvoiceNumber));
    simulator.logger?.info({ paymentID: payment.paymentID, choice }, 'bKash page decided');
    if (callbackUrl === null) {
      return html(
        ctx,
        200,
        messagePage('You left bKash', 'The payment stays unpaid; you can close this window.'),
      );
    }
    // A plain redirect works without JavaScript; bKash's callback is a GET.
    ctx.status = 303;
    ctx.redirect(callbackUrl);
  });
}
