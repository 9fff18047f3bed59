import Router from '@koa/router';
import type { Context } from 'koa';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findPaymentWithApp } from '../../db/payments/checkout-reads.js';
import { chooseGateway, findPaymentByReference, rebindGateway } from '../../db/payments/payments.js';
import { readFailoverFacts } from '../../db/payments/checkout-attempts.js';
import { degradedGateways } from '../../db/payments/gateway-breakers.js';
import { currentHealth } from '../../db/gateway-health/health.js';
import { loadGuardrails } from '../../db/apps/guardrails.js';
import { isOffered } from '../../domain/gateway-health/health-rules.js';
import { failoverOpen, orderChoices } from '../../domain/payments/checkout-failover.js';
import { findGatewayModule } from '../../gateways/catalogue.js';
import type { Payment } from '../../platform/orm/entities.js';
import { checkGatewayLimits } from '../../domain/payments/gateway-limits.js';
import { ApiError } from '../../domain/shared/errors.js';
import { PAYMENT_REFERENCE_PATTERN } from '../../domain/shared/ids.js';
import { displayedStatusAt, isPayableAt } from '../../domain/payments/payment-status.js';
import { formatMoney, type Currency } from '../../domain/shared/money.js';
import { receiveCallback } from './callbacks.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { sendData } from '../envelope.js';
import { readForm } from '../middleware/body.js';
import { readInbound } from './inbound.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { renderCheckoutPage, renderNotFoundPage, type GatewayChoice } from './checkout-page.js';
import { logoPath, sendAppLogo } from '../apps/logo-response.js';

async function loadCheckout(deps: RouteDeps, reference: string) {
  if (!PAYMENT_REFERENCE_PATTERN.test(reference)) return null;
  return findPaymentWithApp(deps.orm.em.fork() as EntityManager, reference);
}

/**
 * The gateways a customer may choose among: for a payment the app named none for, and again
 * after the customer's choice could not open a session (failover). Gateways that answer come
 * first; degraded ones (their breaker is open) and the one that just failed come last, noted.
 */
async function choicesFor(deps: RouteDeps, payment: Payment): Promise<GatewayChoice[]> {
  if (payment.status !== 'CREATED') return [];
  const em = deps.orm.em.fork() as EntityManager;
  // The breaker and the openings are timed by the wall clock, as the activity records them.
  const now = new Date();
  const failedChoice =
    payment.gateway !== null && failoverOpen(await readFailoverFacts(em, payment, now)).open
      ? payment.gateway
      : null;
  if (payment.gateway !== null && failedChoice === null) return [];
  const [allEnabled, degraded, health, guardrails] = await Promise.all([
    deps.gateways.enabledFor(payment.appId, payment.mode),
    degradedGateways(em, now, payment.mode),
    currentHealth(em, payment.mode),
    loadGuardrails(deps.orm.em.fork() as EntityManager, payment.appId, payment.mode),
  ]);
  // A gateway an operator switched off for the app is not offered at all.
  const enabled = allEnabled.filter((g) => !guardrails.stoppedGateways.includes(g.name));
  const degradedNames = new Set(degraded.map((d) => d.gateway));
  // Health as the last evaluation decided it (gateway_health), not recomputed here.
  const healthOf = new Map(health.map((row) => [row.gateway, row.status]));
  const offered = enabled
    .filter((g) => checkGatewayLimits(g.description, payment.currency as Currency, payment.amountMinor).ok)
    .map(({ name, displayName, logoSvg }) => {
      const status = healthOf.get(name);
      return {
        name,
        displayName,
        logoSvg,
        degraded: degradedNames.has(name) || status === 'DEGRADED',
        ...(status && status !== 'OPERATIONAL' && { health: status }),
        unavailable: status !== undefined && !isOffered(status),
        failedJustNow: name === failedChoice,
      };
    });
  // After a failure, a picker offering only the gateway that failed is just "try again".
  if (failedChoice !== null && !offered.some((choice) => !choice.failedJustNow && !choice.unavailable))
    return [];
  // Health is our estimate: with nothing else to offer, a gateway down is still worth a try.
  if (!offered.some((choice) => !choice.unavailable)) {
    return orderChoices(offered.map((choice) => ({ ...choice, unavailable: false })));
  }
  return orderChoices(offered);
}

/** What a customer paying outside any gateway is told; null for a payment a gateway takes. */
async function offlineInstructionsFor(deps: RouteDeps, payment: Payment): Promise<string | null> {
  if (payment.status !== 'PENDING' || !payment.gateway) return null;
  const gateway = await deps.gateways.forPayment({ ...payment, gateway: payment.gateway }, { current: true });
  return gateway?.offlineTerms?.().instructions ?? null;
}

/** A gateway as customers know it (its display name). */
function gatewayName(name: string | null): string {
  return (name && findGatewayModule(name)?.displayName) ?? 'The payment gateway';
}

/** The hosted checkout's pages and its JSON share one per-IP limit. */
const checkoutLimit = (deps: RouteDeps) =>
  rateLimit(deps, { name: 'checkout', perMinute: deps.config.RATE_LIMIT_CHECKOUT_PER_MINUTE });

/** GET /api/v1/checkout/:reference: what the hosted page shows, nothing about the customer. */
export function checkoutApiRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.use('/checkout', checkoutLimit(deps));
  router.get('/checkout/:reference', async (ctx) => {
    const found = await loadCheckout(deps, ctx.params.reference!);
    if (!found) throw new ApiError('PAYMENT_NOT_FOUND');
    const { payment, app } = found;
    sendData(ctx, 200, {
      reference: payment.reference,
      status: displayedStatusAt(payment, currentTime(deps)),
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      amountFormatted: formatMoney(payment.amountMinor, payment.currency as Currency),
      productName: payment.productName,
      merchant: { displayName: app.displayName },
      expiresAt: payment.expiresAt.toISOString(),
      gateway: payment.gateway,
      // Choices not selectable right now (down, under maintenance) are left out of the JSON.
      choices: (await choicesFor(deps, payment))
        .filter((choice) => !choice.unavailable)
        .map(({ name, displayName, degraded }) => ({ name, displayName, degraded })),
      gatewayPageUrl: payment.status === 'PENDING' ? payment.gatewayPageUrl : null,
    });
  });
  return router;
}

/** The hosted checkout pages (server-rendered HTML). */
export function checkoutPageRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/checkout/:reference' });
  router.use(checkoutLimit(deps));

  const render = async (
    ctx: Context,
    options: { error?: string; returned?: boolean; status?: number } = {},
  ) => {
    const found = await loadCheckout(deps, ctx.params.reference!);
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Frame-Options', 'DENY');
    if (!found) {
      ctx.status = 404;
      ctx.body = renderNotFoundPage();
      return;
    }
    ctx.status = options.status ?? 200;
    const now = currentTime(deps);
    const payment = { ...found.payment, status: displayedStatusAt(found.payment, now) };
    ctx.body = renderCheckoutPage({
      payment,
      appDisplayName: found.app.displayName,
      brand: {
        logoUrl: logoPath(`/checkout/${payment.reference}`, found.app.logoUrl),
        color: found.app.brandColor,
      },
      error: options.error ?? null,
      returned: options.returned ?? false,
      choices: await choicesFor(deps, payment),
      offlineInstructions: await offlineInstructionsFor(deps, payment),
    });
  };

  router.get('/', (ctx) => render(ctx, { returned: ctx.query.returned === '1' }));
  router.get('/logo.png', async (ctx) => {
    const found = await loadCheckout(deps, ctx.params.reference!);
    await sendAppLogo(ctx, deps.orm.em.fork() as EntityManager, found?.app.logoUrl ?? null);
  });

  /**
   * The customer's choice of gateway: a payment the app named no gateway for is bound to the one
   * chosen. A different choice for a payment already bound is refused, except after the bound
   * gateway could not open a session (no gateway page reached the customer): then the new
   * choice replaces it.
   */
  const settleChoice = async (
    ctx: Context,
    payment: Payment,
  ): Promise<{ payment: Payment; refusal?: undefined } | { refusal: { status: number; error: string } }> => {
    const form = ctx.is('application/x-www-form-urlencoded') ? await readForm(ctx) : {};
    const wanted = form.gateway?.trim() || null;
    const alreadyChosen = {
      refusal: {
        status: 409,
        error: 'A way to pay was already chosen for this payment. Nothing was charged.',
      },
    };
    const choices =
      wanted !== null && wanted !== payment.gateway
        ? (await choicesFor(deps, payment)).filter((choice) => !choice.unavailable)
        : [];
    if (payment.gateway !== null) {
      if (wanted === null || wanted === payment.gateway) return { payment };
      if (choices.length === 0) return alreadyChosen;
      if (!choices.some((choice) => choice.name === wanted)) {
        return { refusal: { status: 400, error: 'Choose one of the ways to pay below.' } };
      }
      const { rebound, payment: now } = await rebindGateway(deps.orm.em.fork() as EntityManager, {
        paymentId: payment.id,
        from: payment.gateway,
        to: wanted,
      });
      if (!now) return { refusal: { status: 404, error: 'This payment no longer exists.' } };
      // Refused: a session with the earlier gateway got under way or reached the customer.
      if (!rebound && now.gateway !== wanted) return alreadyChosen;
      return { payment: now };
    }
    if (wanted === null || !choices.some((choice) => choice.name === wanted)) {
      return { refusal: { status: 400, error: 'Choose one of the ways to pay below.' } };
    }
    const bound = await chooseGateway(deps.orm.em.fork() as EntityManager, payment.id, wanted);
    if (!bound) return { refusal: { status: 404, error: 'This payment no longer exists.' } };
    if (bound.gateway !== wanted) return alreadyChosen;
    return { payment: bound };
  };

  router.post('/pay', async (ctx) => {
    const found = await loadCheckout(deps, ctx.params.reference!);
    if (!found) return render(ctx);
    if (found.app.status !== 'ACTIVE') {
      return render(ctx, {
        status: 403,
        error: 'This merchant is not taking payments right now. Nothing was charged.',
      });
    }
    // Past its deadline a payment nobody opened only waits for the sweeper to expire it.
    if (!isPayableAt(found.payment, currentTime(deps)))
      return ctx.redirect(`/checkout/${ctx.params.reference}`);
    const chosen = await settleChoice(ctx, found.payment);
    if (chosen.refusal) return render(ctx, chosen.refusal);
    const payment = chosen.payment;
    try {
      const state = await deps.orchestrator.openCheckout(payment);
      if (state.gatewayPageUrl) {
        // The customer goes only to the gateway's own pages, whatever a session answer says: the
        // gateway the session was opened with (a racing click may have replaced a failed choice),
        // as the workflow reports it, else as the payment is bound now; with the settings as
        // committed: the worker opened the session with them.
        const boundTo =
          state.gateway ??
          (await findPaymentByReference(deps.orm.em.fork() as EntityManager, payment.reference))?.gateway ??
          null;
        const gateway = boundTo
          ? await deps.gateways.forPayment({ ...payment, gateway: boundTo }, { current: true })
          : null;
        if (!gateway?.isHostedPage(state.gatewayPageUrl)) {
          deps.logger.error({ reference: found.payment.reference }, 'gateway page outside the gateway');
          return render(ctx, {
            status: 502,
            error: 'The payment gateway sent an unexpected address. Nothing was charged.',
          });
        }
        return ctx.redirect(state.gatewayPageUrl);
      }
      return ctx.redirect(`/checkout/${ctx.params.reference}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'PAYMENT_NOT_PAYABLE') {
        return ctx.redirect(`/checkout/${ctx.params.reference}`);
      }
      if (error instanceof ApiError && error.code === 'SERVICE_UNAVAILABLE') {
        return render(ctx, {
          status: 503,
          error: 'Payments are busy right now. Nothing was charged; please try again.',
        });
      }
      if (error instanceof ApiError && error.code === 'GATEWAY_SESSION_FAILED') {
        deps.logger.warn(
          { reference: ctx.params.reference, reason: error.message },
          'gateway session failed',
        );
        // The page re-renders with the other gateways that can take the payment, when there are.
        const others = (await choicesFor(deps, payment)).filter((choice) => !choice.failedJustNow);
        return render(ctx, {
          status: 502,
          error:
            others.length > 0
              ? `${gatewayName(payment.gateway)} could not start this payment (${error.message}). Nothing was charged; choose another way to pay below, or try again.`
              : `The payment gateway could not start this payment (${error.message}). Nothing was charged; please try again.`,
        });
      }
      throw error;
    }
  });

  router.post('/cancel', async (ctx) => {
    const found = await loadCheckout(deps, ctx.params.reference!);
    if (!found) return render(ctx);
    if (!isPayableAt(found.payment, currentTime(deps)))
      return ctx.redirect(`/checkout/${ctx.params.reference}`);
    await deps.orchestrator.cancelCheckout(found.payment).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.code === 'PAYMENT_NOT_PAYABLE')) throw error;
    });
    ctx.redirect(`/checkout/${ctx.params.reference}`);
  });

  // The gateway returns the customer's browser here. What it brings is only a hint to check now;
  // the workflow still confirms with the gateway's own authority before anything changes.
  const returned = async (ctx: Context) => {
    const found = await loadCheckout(deps, ctx.params.reference!);
    const gateway = found?.payment.gateway ?? null;
    const request = await readInbound(ctx, 'BROWSER_RETURN').catch(() => null);
    if (found && gateway && request && deps.gateways.identify(gateway, request)) {
      const verdict = await receiveCallback(
        deps.orm.em.fork() as EntityManager,
        deps.gateways,
        deps.metrics,
        {
          gateway,
          kind: 'REDIRECT',
          request,
          expectedReference: found.payment.reference,
        },
      );
      if (verdict.accepted && verdict.handOver) {
        await deps.orchestrator
          .notifyCallback(verdict.payment, {
            callbackId: verdict.callbackId,
            confirmationKey: verdict.callback.confirmationKey,
            ...(verdict.handOverNumber > 0 && { handOver: verdict.handOverNumber }),
          })
          .catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'could not hand the return to the workflow'),
          );
      }
    }
    ctx.redirect(`/checkout/${ctx.params.reference}?returned=1`);
  };
  router.get('/return', returned);
  router.post('/return', returned);

  return router;
}
