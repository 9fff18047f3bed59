import type { RequestListener } from 'node:http';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { PersistedState } from '../../simulator-kit/durable-state.js';
import type { FaultPanel } from '../../simulator-kit/fault-controls.js';
import { registerFaultPanelRoutes } from '../../simulator-kit/fault-panel-routes.js';
import { pathUnder } from '../../simulator-kit/page.js';
import { persistedParts } from '../../simulator-kit/persisted-parts.js';
import { HEADERS, PATHS } from '../protocol.js';
import type { MerchantCredentials, Simulator, SimulatorLogger } from './context.js';
import { registerControlApi } from './control-api.js';
import { registerSettlementReportRoute } from './settlement-report.js';
import { createBkashFaultPanel } from './fault-panel.js';
import { FaultBook } from './faults.js';
import { Outage } from './outage.js';
import { registerPageRoutes } from './page-routes.js';
import { createPayment, executePayment, paymentStatus, searchTransaction } from './payment-api.js';
import { isRefundStatusCall, refund, refundStatus, refundStatusV2, refundV2 } from './refunds.js';
import { SimulatorState } from './state.js';
import type { SimToken } from './state.js';
import { authenticate, grantToken, refreshToken } from './token-api.js';
import type { Reply } from './token-api.js';
import { MAINTENANCE_ANSWER, readJsonFields } from './wire.js';
import type { Answer } from './wire.js';

export interface BkashSimulatorOptions {
  /** Where browsers reach the simulator; the origin of every bkashURL. */
  publicUrl: string;
  merchants: MerchantCredentials[];
  /** id_token lifetime (bKash: 3600 s). */
  tokenTtlSeconds?: number;
  logger?: SimulatorLogger;
  /** The clock tokens, outages and duplicate windows run on; tests may hold it still or move it. */
  now?: () => number;
}

export interface BkashSimulator {
  app: Koa;
  callback(): RequestListener;
  reset(): void;
  /** What the gateway has seen (tokens, payments, refunds): for tests. */
  readonly state: SimulatorState;
  /** The faults, outage and actions the tester page offers as forms. */
  readonly faultPanel: FaultPanel;
  /** What must outlive a restart: the records, faults and outages. */
  readonly persisted: PersistedState;
}

const DEFAULT_TOKEN_TTL_SECONDS = 3600;

function errorStatus(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** Bad input gets a 4xx answer, never a crash; requests are logged by path only, as credentials travel in headers. */
function requestHandling(logger: SimulatorLogger | undefined) {
  return async (ctx: Context, next: Next) => {
    const started = Date.now();
    try {
      await next();
    } catch (error) {
      ctx.status = errorStatus(error);
      ctx.body = { error: ctx.status < 500 && error instanceof Error ? error.message : 'internal error' };
      // An unread request body (e.g. one over the size limit) leaves the connection unusable.
      if (!ctx.req.complete) ctx.set('connection', 'close');
      if (ctx.status >= 500) logger?.warn({ err: error, path: ctx.path }, 'simulator request failed');
    }
    logger?.info(
      { method: ctx.method, path: ctx.path, status: ctx.status, ms: Date.now() - started },
      'bkash simulator request',
    );
  };
}

function headersOf(ctx: Context): Record<string, string | undefined> {
  return Object.fromEntries(Object.values(HEADERS).map((name) => [name, ctx.get(name) || undefined]));
}

function reply(ctx: Context, { status, body }: Reply): void {
  ctx.status = status;
  ctx.body = body;
}

/** The answer was made, then lost between bKash and the merchant. */
function loseAnswer(ctx: Context, how: '504' | 'close'): void {
  if (how === 'close') {
    ctx.respond = false;
    ctx.req.socket.destroy();
    return;
  }
  ctx.status = 504;
  ctx.type = 'text/html';
  ctx.body = '<html><body><h1>504 Gateway Time-out</h1></body></html>';
}

type CheckoutHandler = (token: SimToken, body: Record<string, string>, ctx: Context) => Answer | undefined;

export function createBkashSimulator(options: BkashSimulatorOptions): BkashSimulator {
  const now = options.now ?? Date.now;
  const simulator: Simulator = {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    merchants: options.merchants,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    state: new SimulatorState(),
    faults: new FaultBook(),
    outage: new Outage(now),
    logger: options.logger,
    now,
  };
  const reset = () => {
    simulator.state.clear();
    simulator.faults.clear();
    simulator.outage.clear();
  };

  /** In maintenance every API answers 503 with bKash's maintenance code, before looking at anything. */
  const down = (ctx: Context): boolean => {
    if (!simulator.outage.isDown()) return false;
    reply(ctx, { status: 503, body: MAINTENANCE_ANSWER });
    return true;
  };

  const router = new Router();
  router.post(PATHS.grant, async (ctx) => {
    if (!down(ctx)) reply(ctx, grantToken(simulator, headersOf(ctx), await readJsonFields(ctx)));
  });
  router.post(PATHS.refresh, async (ctx) => {
    if (!down(ctx)) reply(ctx, refreshToken(simulator, headersOf(ctx), await readJsonFields(ctx)));
  });

  /** A handler answering undefined has answered on its own (a lost answer). */
  const checkout = (path: string, handle: CheckoutHandler) =>
    router.post(path, async (ctx) => {
      if (down(ctx)) return;
      const caller = authenticate(simulator, headersOf(ctx));
      if ('reply' in caller) return reply(ctx, caller.reply);
      const answer = handle(caller.token, await readJsonFields(ctx), ctx);
      if (answer !== undefined) ctx.body = answer;
    });

  checkout(PATHS.create, (token, body) => createPayment(simulator, token, body));
  router.post(PATHS.execute, async (ctx) => {
    if (down(ctx)) return;
    const caller = authenticate(simulator, headersOf(ctx));
    if ('reply' in caller) return reply(ctx, caller.reply);
    const { answer, answerLost, unavailable, delayMs } = executePayment(
      simulator,
      caller.token,
      await readJsonFields(ctx),
    );
    if (unavailable) return reply(ctx, { status: 503, body: answer });
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (answerLost === undefined) ctx.body = answer;
    else loseAnswer(ctx, answerLost);
  });
  checkout(PATHS.status, (token, body) => paymentStatus(simulator, token, body));
  checkout(PATHS.search, (token, body) => searchTransaction(simulator, token, body));
  checkout(PATHS.refund, (token, body, ctx) => {
    if (isRefundStatusCall(body)) return refundStatus(simulator, token, body);
    const { answer, answerLost } = refund(simulator, token, body);
    if (!answerLost) return answer;
    loseAnswer(ctx, '504');
    return undefined;
  });
  checkout(PATHS.refundV2, (token, body, ctx) => {
    const { status, answer, answerLost } = refundV2(simulator, token, body);
    if (answerLost) {
      loseAnswer(ctx, '504');
      return undefined;
    }
    ctx.status = status;
    return answer;
  });
  checkout(PATHS.refundStatusV2, (token, body, ctx) => {
    const { status, answer } = refundStatusV2(simulator, token, body);
    ctx.status = status;
    return answer;
  });
  registerPageRoutes(router, simulator);
  registerControlApi(router, simulator, reset);
  registerSettlementReportRoute(router, simulator);
  const faultPanel = createBkashFaultPanel(simulator);
  registerFaultPanelRoutes(router, faultPanel, pathUnder(simulator.publicUrl, '/'));

  const app = new Koa();
  app.use(requestHandling(options.logger));
  app.use(router.routes());
  app.use(router.allowedMethods());

  const persisted = persistedParts({
    state: simulator.state,
    faults: simulator.faults,
    outage: simulator.outage,
  });
  return { app, callback: () => app.callback(), reset, state: simulator.state, faultPanel, persisted };
}
