import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import {
  faultsSetting,
  json,
  parseControlBody,
  registerControlSetting,
  registerReset,
} from '../../../simulator-kit/control.js';
import { setOutageSchema, type Outage } from '../../simulator/outage.js';
import { readJson } from '../../simulator/wire.js';
import { MSISDN_PATTERN } from '../protocol.js';
import { setDisbursementFaultsSchema } from './faults.js';
import type { DisbursementSimulator } from './transfers.js';
import type { SimTransfer } from './state.js';
import { registerStatementRoutes } from '../../../simulator-kit/statements.js';
import { bkashStatementEntries, renderBkashStatement } from './statement.js';

/** JSON API for tests to drive the simulated disbursement account and read its own ledger. */

const topUpSchema = z.object({ amountMinor: z.number().int().min(1).max(1_000_000_000_000) }).strict();
const balanceSchema = z.object({ balanceMinor: z.number().int().min(0).max(1_000_000_000_000) }).strict();
const walletSchema = z
  .object({
    msisdn: z.string().regex(MSISDN_PATTERN),
    state: z.enum(['ACTIVE', 'BLOCKED', 'NOT_FOUND']),
    name: z.string().min(1).max(100).optional(),
    kycStatus: z.string().min(1).max(40).optional(),
  })
  .strict();

const parse = <T>(ctx: Context, schema: z.ZodType<T>) => parseControlBody(ctx, schema, readJson);

const transferJson = (transfer: SimTransfer) => ({ ...transfer });

/** Adds money to the disbursement account: what finance does when the queue waits on the balance. */
export function topUp(simulator: DisbursementSimulator, amountMinor: number): void {
  simulator.state.balanceMinor += amountMinor;
  simulator.state.topUps.push({ amountMinor, atMs: simulator.now() });
}

export function registerDisbursementControlApi(
  router: Router,
  simulator: DisbursementSimulator,
  outage: Outage,
  reset: () => void,
): void {
  /** Every transfer paid, and every refusal: the simulator's own ledger, which tests count. */
  router.get('/__simulator/transfers', (ctx) => {
    const transfers = [...simulator.state.transfers.values()].map(transferJson);
    json(ctx, 200, {
      transfers,
      refusals: simulator.state.refusals,
      balanceMinor: simulator.state.balanceMinor,
    });
  });
  router.get('/__simulator/transfers/:merchantInvoiceNumber', (ctx) => {
    const transfer = simulator.state.transfers.get(ctx.params.merchantInvoiceNumber ?? '');
    if (!transfer) return json(ctx, 404, { error: 'no transfer for this merchantInvoiceNumber' });
    json(ctx, 200, transferJson(transfer));
  });
  router.get('/__simulator/balance', (ctx) => json(ctx, 200, { balanceMinor: simulator.state.balanceMinor }));
  router.put('/__simulator/balance', async (ctx) => {
    const body = await parse(ctx, balanceSchema);
    if (!body) return;
    simulator.state.balanceMinor = body.balanceMinor;
    json(ctx, 200, { balanceMinor: simulator.state.balanceMinor });
  });
  router.post('/__simulator/balance/top-up', async (ctx) => {
    const body = await parse(ctx, topUpSchema);
    if (!body) return;
    topUp(simulator, body.amountMinor);
    json(ctx, 200, { balanceMinor: simulator.state.balanceMinor });
  });
  router.put('/__simulator/wallets', async (ctx) => {
    const body = await parse(ctx, walletSchema);
    if (!body) return;
    const known = simulator.state.wallet(body.msisdn);
    simulator.state.wallets.set(body.msisdn, {
      state: body.state,
      name: body.name ?? known.name,
      kycStatus: body.kycStatus ?? known.kycStatus,
    });
    json(ctx, 200, { msisdn: body.msisdn, ...simulator.state.wallet(body.msisdn) });
  });
  registerControlSetting(
    router,
    parse,
    faultsSetting(simulator.faults, setDisbursementFaultsSchema, (body) => body.merchantInvoiceNumber),
  );
  registerControlSetting(router, parse, {
    path: '/__simulator/outage',
    schema: setOutageSchema,
    apply: (body) => outage.set(body.forMs),
    snapshot: () => outage.snapshot(),
  });
  const statements = registerStatementRoutes(router, {
    entries: () => bkashStatementEntries(simulator.state),
    render: renderBkashStatement,
    fileName: (day) => `bkash-b2c-statement-${day}.csv`,
    parse,
  });
  registerReset(router, () => {
    reset();
    statements.reset();
  });
}
