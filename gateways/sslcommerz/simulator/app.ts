import type { RequestListener } from 'node:http';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { PersistedState } from '../../simulator-kit/durable-state.js';
import type { FaultPanel } from '../../simulator-kit/fault-controls.js';
import { registerFaultPanelRoutes } from '../../simulator-kit/fault-panel-routes.js';
import { pathUnder } from '../../simulator-kit/page.js';
import { persistedParts } from '../../simulator-kit/persisted-parts.js';
import { PATHS } from '../protocol.js';
import { registerCheckoutRoutes } from './checkout-routes.js';
import type { Simulator, SimulatorLogger, StoreCredentials } from './context.js';
import { registerControlApi } from './control-api.js';
import { registerSettlementReportRoute } from './settlement-report.js';
import { createSslcommerzFaultPanel } from './fault-panel.js';
import { FaultBook } from './faults.js';
import { OutageBook, type OutageApi } from './outages.js';
import { isRefundCall, merchantTransIdApi, validate } from './query-api.js';
import { createSession, sessionResponse } from './session-api.js';
import { SimulatorState } from './state.js';
import { readParams } from './wire.js';

export interface SslcommerzSimulatorOptions {
  /** Where browsers reach the simulator; used in GatewayPageURL. */
  publicUrl: string;
  stores: StoreCredentials[];
  logger?: SimulatorLogger;
  /**
   * The clock outages and refund settlement are timed on; tests on a time-skipping server pass
   * that server's time.
   */
  now?: () => number;
  /** Saves the state where it outlives the process, before anyone outside is told of a change (the host's). */
  checkpoint?: () => void;
}

export interface SslcommerzSimulator {
  app: Koa;
  callback(): RequestListener;
  reset(): void;
  /** What the gateway has seen (sessions, transactions, the IPNs it would send): for tests. */
  readonly state: SimulatorState;
  /** The faults, outages and actions the tester page offers as forms. */
  readonly faultPanel: FaultPanel;
  /** What must outlive a restart: the records, faults and outages. */
  readonly persisted: PersistedState;
}

function errorStatus(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/**
 * Bad input gets a 4xx answer, never a crash; each request is logged by path only, because
 * SSLCOMMERZ credentials travel in query strings.
 */
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
      'sslcommerz simulator request',
    );
  };
}

/** What the load balancer answers for an API that is down. */
function answerUnavailable(ctx: Context): void {
  ctx.status = 503;
  ctx.type = 'text/html';
  ctx.body = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
}

/** A known transaction's first validation, which the validationUnavailableOnce fault fails. */
function validationUnavailableOnce(simulator: Simulator, params: Record<string, string>): boolean {
  const transaction = simulator.state.transactionsByValId.get(params.val_id ?? '');
  return transaction !== undefined && simulator.faults.spend('validationUnavailableOnce', transaction.tranId);
}

/** A refund just taken whose answer the refundAnswerLost fault throws away. */
function refundAnswerLost(simulator: Simulator, answer: Record<string, unknown>): boolean {
  const taken = answer.status === 'success' && typeof answer.refund_ref_id === 'string';
  return taken && simulator.faults.for(String(answer.trans_id ?? '')).refundAnswerLost === true;
}

export function createSslcommerzSimulator(options: SslcommerzSimulatorOptions): SslcommerzSimulator {
  const now = options.now ?? Date.now;
  const simulator: Simulator = {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    state: new SimulatorState(),
    faults: new FaultBook(),
    outages: new OutageBook(now),
    stores: new Map(options.stores.map((store) => [store.storeId, store.storePassword])),
    logger: options.logger,
    now,
    checkpoint: options.checkpoint ?? (() => undefined),
  };
  const reset = () => {
    simulator.state.clear();
    simulator.faults.clear();
    simulator.outages.clear();
  };
  /** While an API is taken away it answers 503, as the real one does behind its load balancer. */
  const answeredDown = (ctx: Context, apis: readonly OutageApi[]): boolean => {
    if (!apis.some((api) => simulator.outages.isDown(api))) return false;
    answerUnavailable(ctx);
    return true;
  };
  const unlessDown = (api: OutageApi, handle: (ctx: Context) => Promise<void>) => async (ctx: Context) => {
    if (!answeredDown(ctx, [api])) await handle(ctx);
  };

  const router = new Router();
  router.post(
    PATHS.session,
    unlessDown('session', async (ctx) => {
      ctx.body = sessionResponse(simulator, createSession(simulator, await readParams(ctx)));
    }),
  );
  // The official libraries use POST where the documentation says GET; both work against the real gateway.
  for (const method of ['get', 'post'] as const) {
    router[method](
      PATHS.validation,
      unlessDown('validation', async (ctx) => {
        const params = await readParams(ctx);
        if (validationUnavailableOnce(simulator, params)) {
          answerUnavailable(ctx);
          return;
        }
        ctx.body = validate(simulator, params);
      }),
    );
    // The refund calls share this URL; only their parameters tell them apart from the transaction query.
    router[method](PATHS.merchantTransId, async (ctx) => {
      const params = await readParams(ctx);
      if (answeredDown(ctx, isRefundCall(params) ? ['query', 'refund'] : ['query'])) return;
      const answer = merchantTransIdApi(simulator, params);
      if (refundAnswerLost(simulator, answer)) {
        ctx.status = 504;
        ctx.type = 'text/html';
        ctx.body = '<html><body><h1>504 Gateway Time-out</h1></body></html>';
        return;
      }
      ctx.body = answer;
    });
  }
  registerCheckoutRoutes(router, simulator);
  registerControlApi(router, simulator, reset);
  registerSettlementReportRoute(router, simulator);
  const faultPanel = createSslcommerzFaultPanel(simulator);
  registerFaultPanelRoutes(router, faultPanel, pathUnder(simulator.publicUrl, '/'));

  const app = new Koa();
  app.use(requestHandling(options.logger));
  app.use(router.routes());
  app.use(router.allowedMethods());

  const persisted = persistedParts({
    state: simulator.state,
    faults: simulator.faults,
    outages: simulator.outages,
  });
  return { app, callback: () => app.callback(), reset, state: simulator.state, faultPanel, persisted };
}
