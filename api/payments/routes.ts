import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listPayments } from '../../db/payments/payment-list.js';
import { refundView } from '../../db/refunds/refund-view.js';
import { refundsOfPayment } from '../../db/refunds/refunds.js';
import { disputesOfPayment, disputeView } from '../../db/disputes/disputes.js';
import { checkoutUrlFor, paymentView } from '../../db/payments/payment-view.js';
import { insertInvoicePayment } from '../../db/invoices/invoice-payments.js';
import type { Payment } from '../../platform/orm/entities.js';
import {
  DuplicateOrderError,
  findPaymentByIdempotencyKey,
  insertPayment,
  type AppScope,
  type NewPayment,
} from '../../db/payments/payments.js';
import { invoiceKey } from '../invoices/routes.js';
import { ApiError } from '../../domain/shared/errors.js';
import { checkGatewayLimits, type LimitCheck } from '../../domain/payments/gateway-limits.js';
import { newPaymentReference } from '../../domain/shared/ids.js';
import { formatMoney, type Currency } from '../../domain/shared/money.js';
import { currentTime, type RouteDeps } from '../deps.js';
import {
  checkPaymentGuardrails,
  guardrailDepsOf,
  insertWithinPaymentDayLimit,
} from '../../activities/apps/guardrail-checks.js';
import { sendData, sendList } from '../envelope.js';
import { readJson } from '../middleware/body.js';
import type { AuthenticatedApp } from '../middleware/auth.js';
import { idempotency } from '../middleware/idempotency.js';
import { createPaymentBody, listPaymentsQuery } from './payment-schemas.js';
import { parseWith } from '../validation.js';
import { scopedPaymentOr404 } from './scoped-payment.js';
import { encodeCursor } from '../../domain/shared/list-cursor.js';

const SETTLED = new Set(['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED']);

/**
 * A payment for an invoice is admitted under the invoice's lock, never for more than it lacks
 * (counting payments still in flight for it); the invoice may be named by id or reference.
 */
async function createForInvoice(
  em: EntityManager,
  scope: AppScope,
  invoiceId: string,
  fields: NewPayment,
): Promise<Payment> {
  const key = invoiceKey(invoiceId);
  if (key === null) throw new ApiError('INVOICE_NOT_FOUND');
  const admitted = await insertInvoicePayment(em, scope, key, fields);
  if ('code' in admitted) throw new ApiError(admitted.code, admitted.message, admitted.details);
  return admitted.payment;
}

/** A second payment for an order that has an open or succeeded one is a 409 naming that one. */
async function refuseDuplicateOrder(create: () => Promise<Payment>): Promise<Payment> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof DuplicateOrderError)) throw error;
    throw new ApiError('DUPLICATE_ORDER', error.message, {
      orderId: error.orderId,
      reference: error.existing.reference,
      status: error.existing.status,
    });
  }
}

/** LIVE customers are sent back only over https: their reference and status travel in the URL. */
function refuseInsecureReturnUrls(
  app: AuthenticatedApp,
  body: { returnUrl?: string | null; cancelUrl?: string | null },
): void {
  if (app.mode !== 'LIVE') return;
  const insecure = (['returnUrl', 'cancelUrl'] as const).filter(
    (field) => body[field] && new URL(body[field]).protocol !== 'https:',
  );
  if (insecure.length > 0) {
    throw new ApiError(
      'VALIDATION_ERROR',
      undefined,
      insecure.map((field) => ({ field, message: 'must be an https URL in LIVE mode', code: 'invalid_url' })),
    );
  }
}

/**
 * The gateway a new payment is bound to: the one the app named, if the app may use it and it takes
 * the amount; else, among the app's gateways that take it, the only one, or none yet (null: the
 * customer chooses on the hosted checkout).
 */
async function choosableGateway(
  deps: RouteDeps,
  app: AuthenticatedApp,
  body: { gateway?: string; currency: Currency; amountMinor: number },
  switchedOff: readonly string[],
): Promise<string | null> {
  // A gateway an operator switched off for the app is as if it were not configured.
  const enabled = (
    await deps.gateways.enabledFor(app.appId, app.mode, {
      committedVersion: app.gatewaySettingsVersion,
    })
  ).filter((candidate) => !switchedOff.includes(candidate.name));
  const outOfRange = (check: Exclude<LimitCheck, { ok: true }>) =>
    new ApiError('AMOUNT_OUT_OF_RANGE', check.message, [{ field: check.field, message: check.message }]);
  if (body.gateway !== undefined) {
    const named = enabled.find((candidate) => candidate.name === body.gateway);
    if (!named) {
      throw new ApiError(
        'GATEWAY_NOT_FOUND',
        `Gateway '${body.gateway}' is not configured or inactive for this app`,
        [{ field: 'gateway', message: `available: ${enabled.map((g) => g.name).join(', ') || 'none'}` }],
      );
    }
    const check = checkGatewayLimits(named.description, body.currency, body.amountMinor);
    if (!check.ok) throw outOfRange(check);
    return named.name;
  }
  const checks = enabled.map((candidate) => ({
    name: candidate.name,
    check: checkGatewayLimits(candidate.description, body.currency, body.amountMinor),
  }));
  const takers = checks.filter((candidate) => candidate.check.ok);
  if (takers.length === 1) return takers[0]!.name;
  if (takers.length > 1) return null;
  const refusal = checks.find((candidate) => !candidate.check.ok)?.check;
  if (refusal && !refusal.ok) throw outOfRange(refusal);
  throw new ApiError('GATEWAY_NOT_FOUND', 'No gateway is configured and active for this app', [
    { field: 'gateway', message: 'available: none' },
  ]);
}

/** /api/v1/payments: create, read and list an app's own payments (its mode only). */
export function paymentRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const view = (p: Parameters<typeof paymentView>[0]) =>
    paymentView(p, checkoutUrlFor(deps.config.PUBLIC_URL, p.reference));

  router.post('/payments', idempotency(deps), async (ctx) => {
    const body = parseWith(createPaymentBody, await readJson(ctx));
    const app = ctx.state.app as AuthenticatedApp;
    refuseInsecureReturnUrls(app, body);
    const scope = ctx.state.scope as AppScope;
    const idempotencyKey = (ctx.state.idempotencyClaim as string | undefined) ?? null;
    // A retry that took over a crashed request's key answers with the payment it created.
    const earlier = idempotencyKey ? await findPaymentByIdempotencyKey(em(), scope, idempotencyKey) : null;
    // A new payment passes the app's guardrails first (kill switch, velocity, limits, gateways off).
    const guardrails = earlier ? null : await checkPaymentGuardrails(guardrailDepsOf(deps), app, body);
    const gateway = await choosableGateway(deps, app, body, guardrails?.stoppedGateways ?? []);
    const minutes = body.expiresInMinutes ?? deps.config.PAYMENT_DEFAULT_EXPIRY_MINUTES;
    const fields = {
      reference: newPaymentReference(),
      appId: app.appId,
      mode: app.mode,
      amountMinor: body.amountMinor,
      currency: body.currency,
      customerReference: body.customerReference,
      customerEmail: body.customerEmail ?? null,
      customerPhone: body.customerPhone ?? null,
      customerName: body.customerName ?? null,
      productName: body.productName ?? null,
      invoiceId: body.invoiceId ?? null,
      orderId: body.orderId ?? null,
      metadata: body.metadata ?? {},
      returnUrl: body.returnUrl ?? null,
      cancelUrl: body.cancelUrl ?? null,
      gateway,
      expiresAt: new Date(currentTime(deps).getTime() + minutes * 60_000),
      idempotencyKey,
    };
    const payment =
      earlier ??
      (await refuseDuplicateOrder(() =>
        insertWithinPaymentDayLimit(guardrailDepsOf(deps), app, body, guardrails, (db) =>
          body.invoiceId === undefined
            ? insertPayment(db, fields)
            : createForInvoice(db, scope, body.invoiceId, fields),
        ),
      ));
    // Nothing else happens here: the payment's workflow starts when its customer first clicks on
    // the hosted checkout (see PaymentOrchestrator), so a create is this one transaction.
    if (!earlier) deps.metrics.paymentsCreated.inc({ mode: app.mode, gateway: payment.gateway ?? 'choice' });
    sendData(ctx, 201, view(payment));
  });

  router.get('/payments', async (ctx) => {
    const query = parseWith(listPaymentsQuery, ctx.query);
    const result = await listPayments(em(), ctx.state.scope as AppScope, query);
    sendList(
      ctx,
      { items: result.items.map(view), summary: result.summary },
      {
        page: query.page,
        size: query.size,
        totalItems: result.total,
        nextCursor: result.lastId === null ? null : encodeCursor(result.lastId),
      },
    );
  });

  router.get('/payments/:id', async (ctx) => {
    const payment = await scopedPaymentOr404(em(), ctx.state.scope as AppScope, ctx.params.id!);
    const [refunds, disputes] = await Promise.all([
      refundsOfPayment(em(), payment.id),
      disputesOfPayment(em(), payment.id),
    ]);
    sendData(ctx, 200, {
      ...view(payment),
      refunds: refunds.map(refundView),
      disputes: disputes.map(disputeView),
    });
  });

  router.get('/payments/:id/receipt', async (ctx) => {
    const app = ctx.state.app as AuthenticatedApp;
    const payment = await scopedPaymentOr404(em(), ctx.state.scope as AppScope, ctx.params.id!);
    if (!app.receiptsEnabled) throw new ApiError('RECEIPTS_DISABLED');
    if (!SETTLED.has(payment.status) || !payment.settledAt) {
      throw new ApiError(
        'RECEIPT_NOT_AVAILABLE',
        `Payment is ${payment.status}; a receipt exists once it succeeds`,
      );
    }
    sendData(ctx, 200, {
      receiptNumber: `RCPT-${payment.reference.slice(4).toUpperCase()}`,
      reference: payment.reference,
      merchant: app.displayName,
      productName: payment.productName,
      customerReference: payment.customerReference,
      customerName: payment.customerName,
      amountMinor: payment.amountMinor,
      refundedMinor: payment.refundedMinor,
      currency: payment.currency,
      amountFormatted: formatMoney(payment.amountMinor, payment.currency as Currency),
      gateway: payment.gateway,
      gatewayTransactionId: payment.gatewayTransactionId,
      status: payment.status,
      paidAt: payment.settledAt.toISOString(),
    });
  });

  return router;
}
