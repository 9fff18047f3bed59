import { generateKeyPairSync } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { PersistedState } from '../../simulator-kit/durable-state.js';
import type { FaultPanel } from '../../simulator-kit/fault-controls.js';
import { registerFaultPanelRoutes } from '../../simulator-kit/fault-panel-routes.js';
import { pathUnder } from '../../simulator-kit/page.js';
import { persistedParts } from '../../simulator-kit/persisted-parts.js';
import { loadPrivateKey, loadPublicKey } from '../crypto.js';
import { SANDBOX_BASE_PATH } from '../protocol.js';
import { complete, initialize } from './checkout-api.js';
import { NagadRefusal } from './context.js';
import type { MerchantRegistration, Simulator, SimulatorLogger } from './context.js';
import { registerControlApi } from './control-api.js';
import { registerSettlementReportRoute } from './settlement-report.js';
import { createNagadFaultPanel } from './fault-panel.js';
import { FaultBook } from './faults.js';
import { registerHostedPage } from './hosted-page.js';
import { OutageBook } from './outages.js';
import type { OutageApi } from './outages.js';
import { SimulatorState } from './state.js';
import { verifyPayment, verifyUnavailableOnce } from './verify-api.js';

export interface NagadSimulatorOptions {
  /** Where browsers reach the simulator; complete's callBackUrl points there. */
  publicUrl: string;
  merchants: MerchantRegistration[];
  /** The simulated gateway's keypair; one is generated when absent. */
  pgKeyPair?: { privateKeyPem: string; publicKeyPem: string };
  logger?: SimulatorLogger;
  /** The clock datetime checks, outages and late payments are timed on. */
  now?: () => number;
  /** Saves the state where it outlives the process, before anyone outside is told of a change (the host's). */
  checkpoint?: () => void;
}

export interface NagadSimulator {
  app: Koa;
  callback(): RequestListener;
  reset(): void;
  /** What the gateway has seen (orders, payments, callbacks it sent): for tests. */
  readonly state: SimulatorState;
  /** What merchants configure as Nagad's public key. */
  readonly nagadPublicKeyPem: string;
  /** The faults, outages and actions the tester page offers as forms. */
  readonly faultPanel: FaultPanel;
  /** What must outlive a restart: the records, faults and outages. */
  readonly persisted: PersistedState;
}

function generatePgKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function errorStatus(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** Refusals answer in Nagad's shape, other bad input gets a 4xx, and nothing crashes the server. */
function requestHandling(logger: SimulatorLogger | undefined) {
  return async (ctx: Context, next: Next) => {
    const started = Date.now();
    try {
      await next();
    } catch (error) {
      if (error instanceof NagadRefusal) {
        ctx.status = error.status;
        ctx.body = { reason: error.reason, message: error.message };
      } else {
        ctx.status = errorStatus(error);
        ctx.body = { error: ctx.status < 500 && error instanceof Error ? error.message : 'internal error' };
        if (ctx.status >= 500) logger?.warn({ err: error, path: ctx.path }, 'simulator request failed');
      }
      // An unread request body (e.g. one over the size limit) leaves the connection unusable.
      if (!ctx.req.complete) ctx.set('connection', 'close');
    }
    logger?.info(
      { method: ctx.method, path: ctx.path, status: ctx.status, ms: Date.now() - started },
      'nagad simulator request',
    );
  };
}

/** What a load balancer answers for an API that is down. */
function answerUnavailable(ctx: Context): void {
  ctx.status = 503;
  ctx.type = 'text/html';
  ctx.body = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
}

export function createNagadSimulator(options: NagadSimulatorOptions): NagadSimulator {
  const now = options.now ?? Date.now;
  const pgKeyPair = options.pgKeyPair ?? generatePgKeyPair();
  const simulator: Simulator = {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    state: new SimulatorState(),
    faults: new FaultBook(),
    outages: new OutageBook(now),
    merchants: new Map(
      options.merchants.map((merchant) => [
        merchant.merchantId,
        {
          merchantId: merchant.merchantId,
          merchantMobile: merchant.merchantMobile,
          publicKey: loadPublicKey(merchant.publicKeyPem),
        },
      ]),
    ),
    pgPrivateKey: loadPrivateKey(pgKeyPair.privateKeyPem),
    logger: options.logger,
    now,
    checkpoint: options.checkpoint ?? (() => undefined),
  };
  const reset = () => {
    simulator.state.clear();
    simulator.faults.clear();
    simulator.outages.clear();
  };
  /** While an API is taken away it answers 503, as a load balancer in front of it would. */
  const unlessDown =
    (api: OutageApi, handle: (ctx: Context) => Promise<void> | void) => async (ctx: Context) => {
      if (!simulator.outages.isDown(api)) return handle(ctx);
      answerUnavailable(ctx);
    };

  const api = new Router({ prefix: SANDBOX_BASE_PATH });
  api.post(
    '/check-out/initialize/:merchantId/:orderId',
    unlessDown('initialize', async (ctx) => {
      ctx.body = await initialize(simulator, ctx, ctx.params.merchantId ?? '', ctx.params.orderId ?? '');
    }),
  );
  api.post(
    '/check-out/complete/:paymentReferenceId',
    unlessDown('complete', async (ctx) => {
      ctx.body = await complete(simulator, ctx, ctx.params.paymentReferenceId ?? '');
    }),
  );
  api.get(
    '/verify/payment/:paymentRefId',
    unlessDown('verify', (ctx) => {
      const paymentRefId = ctx.params.paymentRefId ?? '';
      if (verifyUnavailableOnce(simulator, paymentRefId)) return answerUnavailable(ctx);
      ctx.body = verifyPayment(simulator, paymentRefId);
    }),
  );

  const pages = new Router();
  registerHostedPage(pages, simulator);
  registerControlApi(pages, simulator, reset);
  registerSettlementReportRoute(pages, simulator);
  const faultPanel = createNagadFaultPanel(simulator);
  registerFaultPanelRoutes(pages, faultPanel, pathUnder(simulator.publicUrl, '/'));

  const app = new Koa();
  app.use(requestHandling(options.logger));
  for (const router of [api, pages]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }

  return {
    app,
    callback: () => app.callback(),
    reset,
    state: simulator.state,
    nagadPublicKeyPem: pgKeyPair.publicKeyPem,
    faultPanel,
    persisted: persistedParts({
      state: simulator.state,
      faults: simulator.faults,
      outages: simulator.outages,
    }),
  };
}
