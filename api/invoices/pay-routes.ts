import Router from '@koa/router';
import type { Context } from 'koa';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findApp } from '../../db/apps/apps.js';
import type { App } from '../../platform/orm/entities.js';
import { payInvoiceDueNow } from '../../db/invoices/invoice-payments.js';
import type { NewPayment } from '../../db/payments/payments.js';
import { invoiceView } from '../../db/invoices/invoice-view.js';
import { findInvoiceByToken, type Invoice } from '../../db/invoices/invoices.js';
import { newPaymentReference, PAYABLE_TOKEN_PATTERN } from '../../domain/shared/ids.js';
import type { PayDecision } from '../../domain/invoices/pay-page.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { sendInvoicePdf } from './invoice-pdf-response.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { renderPayNotFoundPage, renderPayPage } from './pay-page.js';
import { logoPath, sendAppLogo } from '../apps/logo-response.js';

interface PayableInvoice {
  invoice: Invoice;
  app: App;
}

const REFUSALS: Record<Extract<PayDecision, { kind: 'REFUSE' }>['reason'], string> = {
  NOT_PAYABLE: 'This invoice has nothing left to pay.',
  PAYMENT_IN_PROGRESS:
    'A payment for this invoice is still in progress. Nothing more was charged; try again in a few minutes.',
};

async function loadPayable(deps: RouteDeps, token: string): Promise<PayableInvoice | null> {
  if (!PAYABLE_TOKEN_PATTERN.test(token)) return null;
  const em = deps.orm.em.fork() as EntityManager;
  const invoice = await findInvoiceByToken(em, token);
  if (!invoice) return null;
  const app = await findApp(em, invoice.appId);
  return app ? { invoice, app } : null;
}

/**
 * The invoice's public page behind its payable link (`/pay/<token>`). Pay makes a payment for
 * what is due now, admitted under the invoice's lock like any other, and continues to the hosted
 * checkout; an unknown token is a plain 404 that says nothing about why.
 */
export function payPageRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/pay/:token' });
  router.use(rateLimit(deps, { name: 'checkout', perMinute: deps.config.RATE_LIMIT_CHECKOUT_PER_MINUTE }));
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Frame-Options', 'DENY');
    await next();
  });

  const render = (
    ctx: Context,
    found: PayableInvoice | null,
    options: { error?: string; status?: number } = {},
  ) => {
    ctx.type = 'html';
    if (!found) {
      ctx.status = 404;
      ctx.body = renderPayNotFoundPage();
      return;
    }
    ctx.status = options.status ?? 200;
    ctx.body = renderPayPage({
      invoice: invoiceView(
        found.invoice,
        deps.config.PUBLIC_URL,
        currentTime(deps),
        deps.config.COMPANY_TIME_ZONE,
      ),
      token: ctx.params.token!,
      merchant: {
        displayName: found.app.displayName,
        logoUrl: logoPath(`/pay/${ctx.params.token!}`, found.app.logoUrl),
        brandColor: found.app.brandColor,
      },
      error: options.error ?? null,
    });
  };

  router.get('/', async (ctx) => render(ctx, await loadPayable(deps, ctx.params.token!)));
  router.get('/logo.png', async (ctx) => {
    const found = await loadPayable(deps, ctx.params.token!);
    await sendAppLogo(ctx, deps.orm.em.fork() as EntityManager, found?.app.logoUrl ?? null);
  });

  // The customer's copy of the invoice, as the app's API and the dashboard render it.
  router.get('/pdf', async (ctx) => {
    const found = await loadPayable(deps, ctx.params.token!);
    if (!found) return render(ctx, null);
    await sendInvoicePdf(ctx, deps, found.invoice);
  });

  router.post('/', async (ctx) => {
    const found = await loadPayable(deps, ctx.params.token!);
    if (!found) return render(ctx, null);
    if (found.app.status !== 'ACTIVE') {
      return render(ctx, found, {
        status: 403,
        error: 'This merchant is not taking payments right now. Nothing was charged.',
      });
    }
    // One gateway binds the payment now; with several the customer chooses on the checkout.
    const enabled = await deps.gateways.enabledFor(found.invoice.appId, found.invoice.mode);
    const gateway = enabled.length === 1 ? enabled[0]!.name : null;
    if (enabled.length === 0) {
      return render(ctx, found, {
        status: 503,
        error: 'Payments are unavailable right now. Nothing was charged; please try again.',
      });
    }
    const decision = await payInvoiceDueNow(
      deps.orm.em.fork() as EntityManager,
      found.invoice.id,
      currentTime(deps),
      (invoice, amountMinor, installment) => duePayment(deps, invoice, gateway, amountMinor, installment),
    );
    switch (decision.kind) {
      case 'CREATED':
        deps.metrics.paymentsCreated.inc({ mode: found.invoice.mode, gateway: gateway ?? 'choice' });
        return ctx.redirect(`/checkout/${decision.reference}`);
      case 'CONTINUE':
        return ctx.redirect(`/checkout/${decision.reference}`);
      case 'REFUSE':
        return render(ctx, (await loadPayable(deps, ctx.params.token!)) ?? found, {
          status: decision.reason === 'PAYMENT_IN_PROGRESS' ? 409 : 400,
          error: REFUSALS[decision.reason],
        });
    }
  });

  return router;
}

/** The payment for what is due now: the invoice's customer, back to the pay page afterwards. */
function duePayment(
  deps: RouteDeps,
  invoice: Invoice,
  gateway: string | null,
  amountMinor: number,
  installment: number,
): NewPayment {
  const installments = invoice.installments.length;
  const payPage = `${deps.config.PUBLIC_URL}/pay/${invoice.payableToken}`;
  return {
    reference: newPaymentReference(),
    appId: invoice.appId,
    mode: invoice.mode,
    amountMinor,
    currency: invoice.currency,
    customerReference: invoice.customer.reference,
    customerEmail: invoice.customer.email,
    customerPhone: invoice.customer.phone,
    customerName: invoice.customer.name,
    productName:
      installments > 1
        ? `Invoice ${invoice.number}, installment ${installment} of ${installments}`
        : `Invoice ${invoice.number}`,
    invoiceId: invoice.reference,
    orderId: null,
    metadata: {},
    returnUrl: payPage,
    cancelUrl: payPage,
    gateway,
    expiresAt: new Date(currentTime(deps).getTime() + deps.config.PAYMENT_DEFAULT_EXPIRY_MINUTES * 60_000),
    idempotencyKey: null,
  };
}
