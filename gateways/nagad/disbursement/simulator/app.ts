import type { RequestListener } from 'node:http';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { PersistedState } from '../../../simulator-kit/durable-state.js';
import type { FaultPanel } from '../../../simulator-kit/fault-controls.js';
import { registerFaultPanelRoutes } from '../../../simulator-kit/fault-panel-routes.js';
import { pathUnder } from '../../../simulator-kit/page.js';
import { persistedParts } from '../../../simulator-kit/persisted-parts.js';
import { loadPrivateKey, loadPublicKey } from '../../crypto.js';
import { NagadRefusal } from '../../simulator/context.js';
import type { SimulatorLogger } from '../../simulator/context.js';
import { DISBURSEMENT_BASE_PATH } from '../protocol.js';
import { accountCheck, balance, disburse, transferStatus } from './api.js';
import type { Delivery } from './api.js';
import type { DisbursementSimulatorContext } from './context.js';
import { registerControlApi } from './control-api.js';
import { createDisbursementFaultPanel } from './fault-panel.js';
import { FaultBook } from './faults.js';
import { OutageBook } from './outages.js';
import type { OutageApi } from './outages.js';
import { DisbursementState } from './state.js';

export interface NagadDisbursementSimulatorOptions {
  /** Where the simulator is reached (its tester page's forms return there). */
  publicUrl: string;
  /** Merchants registered for disbursement, with the public keys they uploaded. */
  merchants: Array<{ merchantId: string; publicKeyPem: string }>;
  /** The simulated Nagad's keypair (its public key is what merchants configure). */
  pgKeyPair: { privateKeyPem: string; publicKeyPem: string };
  logger?: SimulatorLogger;
  now?: () => number;
  /** Saves the state where it outlives the process (the host's); called before a transfer's answer is risked. */
  checkpoint?: () => void;
}

export interface NagadDisbursementSimulator {
  app: Koa;
  callback(): RequestListener;
  reset(): void;
  readonly state: DisbursementState;
  readonly nagadPublicKeyPem: string;
  readonly faultPanel: FaultPanel;
  readonly persisted: PersistedState;
}

function errorStatus(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** Refusals answer in Nagad's `{reason, message}` shape; nothing crashes the server. */
function requestHandling(logger: SimulatorLogger | undefined) {
  return async (ctx: Context, next: Next) => {
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
      if (!ctx.req.complete) ctx.set('connection', 'close');
    }
  };
}

/** Unreferenced: a late answer never holds a stopping process open. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createNagadDisbursementSimulator(
  options: NagadDisbursementSimulatorOptions,
): NagadDisbursementSimulator {
  const now = options.now ?? Date.now;
  const simulator: DisbursementSimulatorContext = {
    state: new DisbursementState(),
    faults: new FaultBook(),
    outages: new OutageBook(now),
    merchants: new Map(
      options.merchants.map((merchant) => [
        merchant.merchantId,
        { merchantId: merchant.merchantId, publicKey: loadPublicKey(merchant.publicKeyPem) },
      ]),
    ),
    pgPrivateKey: loadPrivateKey(options.pgKeyPair.privateKeyPem),
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
  const unlessDown = (api: OutageApi, handle: (ctx: Context) => Promise<void>) => async (ctx: Context) => {
    if (!simulator.outages.isDown(api)) return handle(ctx);
    ctx.status = 503;
    ctx.type = 'text/html';
    ctx.body = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
  };

  /** The money has moved: it is saved before anything else, then the answer is given, lost or late. */
  async function deliver(ctx: Context, answer: object, delivery: Delivery): Promise<void> {
    simulator.checkpoint();
    if (delivery.kind === 'LOST') {
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    if (delivery.kind === 'LATE') await sleep(delivery.delayMs);
    ctx.body = answer;
  }

  const api = new Router({ prefix: DISBURSEMENT_BASE_PATH });
  api.post(
    '/disbursement/account/check/:merchantId',
    unlessDown('accountCheck', async (ctx) => {
      ctx.body = await accountCheck(simulator, ctx, ctx.params.merchantId ?? '');
    }),
  );
  api.post(
    '/disbursement/transfer/:merchantId/:orderId',
    unlessDown('disburse', async (ctx) => {
      const { answer, delivery } = await disburse(
        simulator,
        ctx,
        ctx.params.merchantId ?? '',
        ctx.params.orderId ?? '',
      );
      await deliver(ctx, answer, delivery);
    }),
  );
  api.post(
    '/disbursement/status/:merchantId/:orderId',
    unlessDown('status', async (ctx) => {
      ctx.body = await transferStatus(simulator, ctx, ctx.params.merchantId ?? '', ctx.params.orderId ?? '');
    }),
  );
  api.post(
    '/disbursement/balance/:merchantId',
    unlessDown('balance', async (ctx) => {
      ctx.body = await balance(simulator, ctx, ctx.params.merchantId ?? '');
    }),
  );

  const control = new Router();
  registerControlApi(control, simulator, reset);
  const faultPanel = createDisbursementFaultPanel(simulator);
  registerFaultPanelRoutes(control, faultPanel, pathUnder(options.publicUrl.replace(/\/+$/, ''), '/'));

  const app = new Koa();
  app.use(requestHandling(options.logger));
  for (const router of [api, control]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }

  return {
    app,
    callback: () => app.callback(),
    reset,
    state: simulator.state,
    nagadPublicKeyPem: options.pgKeyPair.publicKeyPem,
    faultPanel,
    persisted: persistedParts({
      state: simulator.state,
      faults: simulator.faults,
      outages: simulator.outages,
    }),
  };
}
