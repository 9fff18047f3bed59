import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { PersistedState } from '../../../simulator-kit/durable-state.js';
import type { FaultPanel } from '../../../simulator-kit/fault-controls.js';
import { registerFaultPanelRoutes } from '../../../simulator-kit/fault-panel-routes.js';
import { pathUnder } from '../../../simulator-kit/page.js';
import { persistedParts } from '../../../simulator-kit/persisted-parts.js';
import { HEADERS } from '../../protocol.js';
import type { MerchantCredentials, Simulator } from '../../simulator/context.js';
import { FaultBook } from '../../simulator/faults.js';
import { Outage } from '../../simulator/outage.js';
import { SimulatorState } from '../../simulator/state.js';
import { authenticate, grantToken, refreshToken } from '../../simulator/token-api.js';
import type { Reply } from '../../simulator/token-api.js';
import { MAINTENANCE_ANSWER, readJsonFields } from '../../simulator/wire.js';
import { DISBURSEMENT_PATHS } from '../protocol.js';
import { registerDisbursementControlApi } from './control-api.js';
import { createDisbursementFaultPanel } from './fault-panel.js';
import { DisbursementFaultBook } from './faults.js';
import { DisbursementState } from './state.js';
import { organizationBalance, queryTransfer, transfer, verifyWallet } from './transfers.js';
import type { DisbursementSimulator } from './transfers.js';

/**
 * The simulated bKash disbursement account: the checkout's token grant (the same code as the
 * checkout simulator's), b2cPayment once per merchantInvoiceNumber, b2cQuery, the organisation
 * balance and verifyWallet, with its faults, a maintenance outage and its own ledger of transfers.
 */

export interface DisbursementSimulatorOptions {
  publicUrl: string;
  merchants: MerchantCredentials[];
  now?: () => number;
}

export interface BkashDisbursementSimulator {
  app: Koa;
  reset(): void;
  readonly simulator: DisbursementSimulator;
  readonly faultPanel: FaultPanel;
  readonly persisted: PersistedState;
}

const TOKEN_TTL_SECONDS = 3600;

function headersOf(ctx: Context): Record<string, string | undefined> {
  return Object.fromEntries(Object.values(HEADERS).map((name) => [name, ctx.get(name) || undefined]));
}

function reply(ctx: Context, { status, body }: Reply): void {
  ctx.status = status;
  ctx.body = body;
}

async function badInputAs400(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    ctx.status = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
    ctx.body = { error: ctx.status < 500 && error instanceof Error ? error.message : 'internal error' };
  }
}

export function createBkashDisbursementSimulator(
  options: DisbursementSimulatorOptions,
): BkashDisbursementSimulator {
  const now = options.now ?? Date.now;
  const outage = new Outage(now);
  // Tokens are granted exactly as the checkout's are: the same handlers over a token store of its own.
  const tokens: Simulator = {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    merchants: options.merchants,
    tokenTtlSeconds: TOKEN_TTL_SECONDS,
    state: new SimulatorState(),
    faults: new FaultBook(),
    outage,
    logger: undefined,
    now,
  };
  const simulator: DisbursementSimulator = {
    state: new DisbursementState(),
    faults: new DisbursementFaultBook(),
    now,
  };
  const reset = () => {
    tokens.state.clear();
    simulator.state.clear();
    simulator.faults.clear();
    outage.clear();
  };

  const down = (ctx: Context): boolean => {
    if (!outage.isDown()) return false;
    reply(ctx, { status: 503, body: MAINTENANCE_ANSWER });
    return true;
  };

  const router = new Router();
  router.post(DISBURSEMENT_PATHS.grant, async (ctx) => {
    if (!down(ctx)) reply(ctx, grantToken(tokens, headersOf(ctx), await readJsonFields(ctx)));
  });
  router.post(DISBURSEMENT_PATHS.refresh, async (ctx) => {
    if (!down(ctx)) reply(ctx, refreshToken(tokens, headersOf(ctx), await readJsonFields(ctx)));
  });

  const call = (path: string, handle: (body: Record<string, string>, ctx: Context) => Promise<void> | void) =>
    router.post(path, async (ctx) => {
      if (down(ctx)) return;
      const caller = authenticate(tokens, headersOf(ctx));
      if ('reply' in caller) return reply(ctx, caller.reply);
      await handle(await readJsonFields(ctx), ctx);
    });

  call(DISBURSEMENT_PATHS.transfer, async (body, ctx) => {
    const { answer, answerLost, unavailable, delayMs } = transfer(simulator, body);
    if (unavailable) return reply(ctx, { status: 503, body: answer });
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (answerLost === 'close') {
      ctx.respond = false;
      ctx.req.socket.destroy();
    } else if (answerLost === '504') {
      ctx.status = 504;
      ctx.type = 'text/html';
      ctx.body = '<html><body><h1>504 Gateway Time-out</h1></body></html>';
    } else {
      ctx.body = answer;
    }
  });
  call(DISBURSEMENT_PATHS.query, (body, ctx) => {
    ctx.body = queryTransfer(simulator, body);
  });
  call(DISBURSEMENT_PATHS.balance, (_body, ctx) => {
    ctx.body = organizationBalance(simulator);
  });
  call(DISBURSEMENT_PATHS.verifyWallet, (body, ctx) => {
    ctx.body = verifyWallet(simulator, body);
  });

  registerDisbursementControlApi(router, simulator, outage, reset);
  const faultPanel = createDisbursementFaultPanel(simulator, outage);
  registerFaultPanelRoutes(router, faultPanel, pathUnder(tokens.publicUrl, '/'));

  const app = new Koa();
  app.use(badInputAs400);
  app.use(router.routes());
  app.use(router.allowedMethods());

  const persisted = persistedParts({
    tokens: tokens.state,
    state: simulator.state,
    faults: simulator.faults,
    outage,
  });
  return { app, reset, simulator, faultPanel, persisted };
}
