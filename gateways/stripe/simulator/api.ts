import type { Router, RouterContext } from '@koa/router';
import type { Context, Next } from 'koa';
import getRawBody from 'raw-body';
import { stripeSdk } from '../sdk.js';
import type { Simulator } from './context.js';
import { StripeApiError } from './errors.js';
import { parseStripeForm } from './form.js';
import type { FormObject } from './form.js';
import { remember, replayOf } from './idempotency.js';
import type { IdempotentRequest } from './idempotency.js';
import { newId } from './ids.js';
import { expand, refundObject, sessionObject } from './objects.js';
import type { StripeObject } from './stripe-object.js';
import type { OutageApi } from './outages.js';
import { createRefund, retrieveRefund } from './refunds.js';
import { listBalanceTransactions, listPayouts, retrieveBalanceTransaction, retrievePayout } from './lists.js';
import { disputeObject, retrieveDispute } from './disputes.js';
import { createSession, expansions, expireSession, findSession } from './sessions.js';
import type { SimSession } from './state.js';
import { runDueWork } from './sweeper.js';

/** The `/v1` API as the official SDK calls it: Bearer key, form-encoded bodies, JSON answers. */

const BODY_LIMIT = '1mb';

/** The SDK sends `Bearer <key>`; curl users send the key as a Basic username (`-u sk_test_…:`). */
function apiKeyOf(ctx: Context): string | null {
  const [scheme, credentials] = ctx.get('authorization').trim().split(/\s+/, 2);
  if (!credentials) return null;
  if (/^bearer$/i.test(scheme ?? '')) return credentials;
  if (/^basic$/i.test(scheme ?? ''))
    return Buffer.from(credentials, 'base64').toString('utf8').split(':')[0] || null;
  return null;
}

function maskedKey(key: string): string {
  return `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
}

function authenticate(simulator: Simulator, ctx: Context): string {
  const key = apiKeyOf(ctx);
  if (key === null) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (!simulator.secretKeys.has(key)) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      `Invalid API Key provided: ${maskedKey(key)}`,
      'api_key_invalid',
    );
  }
  return key;
}

/** Errors as Stripe shapes them; every answer carries a Request-Id and the API version it speaks. */
export function stripeErrors(simulator: Simulator) {
  return async (ctx: Context, next: Next) => {
    ctx.set('request-id', newId.request());
    ctx.set('stripe-version', ctx.get('stripe-version') || stripeSdk().API_VERSION);
    try {
      await next();
    } catch (error) {
      const apiError =
        error instanceof StripeApiError
          ? error
          : new StripeApiError(500, 'api_error', 'An unknown error occurred while processing your request.');
      if (apiError.status >= 500)
        simulator.logger?.warn({ err: error, path: ctx.path }, 'stripe simulator request failed');
      ctx.status = apiError.status;
      ctx.body = apiError.body();
      if (!ctx.req.complete) ctx.set('connection', 'close');
    }
  };
}

const unavailable = () =>
  new StripeApiError(503, 'api_error', 'Stripe is temporarily unavailable. Please try again later.');

/** A completed session's first retrieve, which the sessionRetrieveUnavailableOnce fault fails. */
function retrieveUnavailableOnce(simulator: Simulator, session: SimSession): boolean {
  return (
    session.status === 'complete' &&
    simulator.faults.spend('sessionRetrieveUnavailableOnce', session.clientReferenceId)
  );
}

/** Answers to one call; webhook deliveries it sets off go on after the answer. */
type Handle = (params: FormObject, id: string) => StripeObject;

async function paramsOf(ctx: Context): Promise<{ raw: string; params: FormObject }> {
  const raw =
    ctx.method === 'GET'
      ? ctx.querystring
      : (await getRawBody(ctx.req, { limit: BODY_LIMIT })).toString('utf8');
  return { raw, params: parseStripeForm(raw) };
}

function endpoint(simulator: Simulator, api: OutageApi, handle: Handle) {
  return async (ctx: RouterContext) => {
    const apiKey = authenticate(simulator, ctx);
    if (simulator.outages.isDown(api)) throw unavailable();
    const { raw, params } = await paramsOf(ctx);
    runDueWork(simulator);
    const id = ctx.params.id ?? '';
    const key = ctx.method === 'POST' ? ctx.get('idempotency-key') : '';
    if (!key) {
      ctx.body = handle(params, id);
      return;
    }
    const request: IdempotentRequest = { apiKey, key, method: ctx.method, path: ctx.path, body: raw };
    const stored = replayOf(simulator, request);
    if (stored) {
      ctx.set('idempotent-replayed', 'true');
      ctx.set('original-request', stored.requestId);
      ctx.status = stored.status;
      ctx.body = stored.answer;
      return;
    }
    const body = handle(params, id);
    remember(simulator, request, { status: 200, answer: body, requestId: ctx.response.get('request-id') });
    ctx.body = body;
  };
}

export function registerApi(router: Router, simulator: Simulator): void {
  const withExpansions = (object: StripeObject, params: FormObject) =>
    expand(simulator, object, expansions(params));

  router.post(
    '/v1/checkout/sessions',
    endpoint(simulator, 'sessions', (params) =>
      withExpansions(sessionObject(simulator, createSession(simulator, params)), params),
    ),
  );
  router.get(
    '/v1/checkout/sessions/:id',
    endpoint(simulator, 'sessions', (params, id) => {
      const session = findSession(simulator, id);
      if (retrieveUnavailableOnce(simulator, session)) throw unavailable();
      return withExpansions(sessionObject(simulator, session), params);
    }),
  );
  router.post(
    '/v1/checkout/sessions/:id/expire',
    endpoint(simulator, 'sessions', (params, id) => {
      const session = findSession(simulator, id);
      void expireSession(simulator, session);
      return withExpansions(sessionObject(simulator, session), params);
    }),
  );
  router.post(
    '/v1/refunds',
    endpoint(simulator, 'refunds', (params) =>
      withExpansions(refundObject(createRefund(simulator, params)), params),
    ),
  );
  router.get(
    '/v1/balance_transactions',
    endpoint(simulator, 'balance', (params) => listBalanceTransactions(simulator, params)),
  );
  router.get(
    '/v1/balance_transactions/:id',
    endpoint(simulator, 'balance', (params, id) => retrieveBalanceTransaction(simulator, id, params)),
  );
  router.get(
    '/v1/payouts',
    endpoint(simulator, 'balance', (params) => listPayouts(simulator, params)),
  );
  router.get(
    '/v1/payouts/:id',
    endpoint(simulator, 'balance', (params, id) => retrievePayout(simulator, id, params)),
  );
  router.get(
    '/v1/disputes/:id',
    endpoint(simulator, 'disputes', (params, id) =>
      withExpansions(disputeObject(simulator, retrieveDispute(simulator, id)), params),
    ),
  );
  router.get(
    '/v1/refunds/:id',
    endpoint(simulator, 'refunds', (params, id) =>
      withExpansions(refundObject(retrieveRefund(simulator, id)), params),
    ),
  );
}
