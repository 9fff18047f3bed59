import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { PersistedState } from '../../simulator-kit/durable-state.js';
import type { FaultPanel } from '../../simulator-kit/fault-controls.js';
import { registerFaultPanelRoutes } from '../../simulator-kit/fault-panel-routes.js';
import { pathUnder } from '../../simulator-kit/page.js';
import { persistedParts } from '../../simulator-kit/persisted-parts.js';
import { Bank } from './bank.js';
import type { Originator } from './bank.js';
import { BankBook } from './book.js';
import type { BankSimulatorContext } from './context.js';
import { registerControlApi } from './control-api.js';
import { createBankFaultPanel } from './fault-panel.js';
import { FaultBook } from './faults.js';
import { registerH2hApi } from './h2h-api.js';
import type { Login } from './wire.js';

export interface BankSimulatorOptions {
  publicUrl: string;
  login: Login;
  originator: Originator;
  now?: () => number;
  checkpoint?: () => void;
}

export interface BankSimulator {
  app: Koa;
  reset(): void;
  readonly book: BankBook;
  readonly faultPanel: FaultPanel;
  readonly persisted: PersistedState;
}

function errorStatus(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** Bad input gets a 4xx answer (an oversized file 413), never a crash. */
async function requestHandling(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    ctx.status = errorStatus(error);
    ctx.body = { error: ctx.status < 500 && error instanceof Error ? error.message : 'internal error' };
    if (!ctx.req.complete) ctx.set('connection', 'close');
  }
}

/** The company's bank as its host-to-host channel shows it, with BEFTN's clearing and NPSB's instant transfers behind. */
export function createBankSimulator(options: BankSimulatorOptions): BankSimulator {
  const now = options.now ?? Date.now;
  const book = new BankBook();
  const faults = new FaultBook();
  const sim: BankSimulatorContext = {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    login: options.login,
    originator: options.originator,
    book,
    bank: new Bank(book, options.originator, now),
    faults,
    now,
    checkpoint: options.checkpoint ?? (() => undefined),
  };
  const reset = () => {
    book.clear();
    faults.clear();
  };

  const router = new Router();
  registerH2hApi(router, sim);
  registerControlApi(router, sim, reset);
  const faultPanel = createBankFaultPanel(sim);
  registerFaultPanelRoutes(router, faultPanel, pathUnder(sim.publicUrl, '/'));

  const app = new Koa();
  app.use(requestHandling);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, reset, book, faultPanel, persisted: persistedParts({ book, faults }) };
}
