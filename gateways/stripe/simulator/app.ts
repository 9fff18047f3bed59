import type { RequestListener } from 'node:http';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { PersistedState } from '../../simulator-kit/durable-state.js';
import type { FaultPanel } from '../../simulator-kit/fault-controls.js';
import { registerFaultPanelRoutes } from '../../simulator-kit/fault-panel-routes.js';
import { pathUnder } from '../../simulator-kit/page.js';
import { persistedParts } from '../../simulator-kit/persisted-parts.js';
import { registerApi, stripeErrors } from './api.js';
import { registerCheckoutRoutes } from './checkout-routes.js';
import type { Simulator, SimulatorLogger } from './context.js';
import { registerControlApi } from './control-api.js';
import { createStripeFaultPanel } from './fault-panel.js';
import { FaultBook } from './faults.js';
import { OutageBook } from './outages.js';
import { SimulatorState } from './state.js';
import { runDueWork } from './sweeper.js';
import { resumeDeliveries } from './webhooks.js';

export interface StripeSimulatorOptions {
  /** Where browsers reach the simulator; used in `session.url`. */
  publicUrl: string;
  /** The `sk_test_…` keys the account accepts. */
  secretKeys: string[];
  /** The account's webhook endpoint and its `whsec_…` signing secret; without one no events are sent. */
  webhook?: { url: string; secret: string; retryDelaysMs?: number[] };
  logger?: SimulatorLogger;
  /** The clock expiry, delayed payments, refunds and signatures are timed on; tests may move it. */
  now?: () => number;
  /** Saves the state where it outlives the process, before anyone outside is told of a change (the host's). */
  checkpoint?: () => void;
}

export interface StripeSimulator {
  app: Koa;
  callback(): RequestListener;
  /** Forgets everything and cancels pending webhook retries. */
  reset(): void;
  /** Does what has fallen due on the simulator's clock (expiry, delayed payments, refunds). */
  sweep(): void;
  /** What the account holds and the events it sent: for tests. */
  readonly state: SimulatorState;
  /** The faults, outages and actions the tester page offers as forms. */
  readonly faultPanel: FaultPanel;
  /** What must outlive a restart: the account's records, faults and outages; webhooks still owed resume. */
  readonly persisted: PersistedState;
}

/** A failed delivery is retried after 5 s, 30 s and 2 min: Stripe's own schedule, compressed. */
const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000];

/** Anything that is not a Stripe API call (pages, control API) answers a crash with 500, never a hang. */
function requestLogging(logger: SimulatorLogger | undefined) {
  return async (ctx: Context, next: Next) => {
    const started = Date.now();
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: unknown } | null)?.status;
      ctx.status = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
      ctx.body = { error: ctx.status < 500 && error instanceof Error ? error.message : 'internal error' };
      if (!ctx.req.complete) ctx.set('connection', 'close');
      if (ctx.status >= 500) logger?.warn({ err: error, path: ctx.path }, 'simulator request failed');
    }
    logger?.info(
      { method: ctx.method, path: ctx.path, status: ctx.status, ms: Date.now() - started },
      'stripe simulator request',
    );
  };
}

export function createStripeSimulator(options: StripeSimulatorOptions): StripeSimulator {
  const now = options.now ?? Date.now;
  const simulator: Simulator = {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    secretKeys: new Set(options.secretKeys),
    webhook: options.webhook
      ? {
          url: options.webhook.url,
          secret: options.webhook.secret,
          retryDelaysMs: options.webhook.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
        }
      : null,
    state: new SimulatorState(),
    faults: new FaultBook(),
    outages: new OutageBook(now),
    logger: options.logger,
    now,
    timers: new Set(),
    checkpoint: options.checkpoint ?? (() => undefined),
  };
  const reset = () => {
    for (const timer of simulator.timers) clearTimeout(timer);
    simulator.timers.clear();
    simulator.state.clear();
    simulator.faults.clear();
    simulator.outages.clear();
  };

  const api = new Router();
  api.use(stripeErrors(simulator));
  registerApi(api, simulator);
  const pages = new Router();
  registerCheckoutRoutes(pages, simulator);
  registerControlApi(pages, simulator, reset);
  const faultPanel = createStripeFaultPanel(simulator);
  registerFaultPanelRoutes(pages, faultPanel, pathUnder(simulator.publicUrl, '/'));

  const app = new Koa();
  app.use(requestLogging(options.logger));
  app.use(api.routes());
  app.use(pages.routes());
  app.use(pages.allowedMethods());

  const parts = persistedParts({
    state: simulator.state,
    faults: simulator.faults,
    outages: simulator.outages,
  });
  const persisted: PersistedState = {
    save: parts.save,
    restore(saved) {
      parts.restore(saved);
      resumeDeliveries(simulator);
    },
  };

  return {
    app,
    callback: () => app.callback(),
    reset,
    sweep: () => runDueWork(simulator),
    state: simulator.state,
    faultPanel,
    persisted,
  };
}
