import type { Router } from '@koa/router';
import { registerStatementRoutes } from '../../../simulator-kit/statements.js';
import { nagadStatementEntries, renderNagadStatement } from './statement.js';
import type { Context } from 'koa';
import { z } from 'zod';
import { toDecimalString } from '../../../../domain/shared/money.js';
import {
  faultsSetting,
  json,
  outagesSetting,
  parseControlBody,
  registerControlSetting,
  registerReset,
} from '../../../simulator-kit/control.js';
import { readControlJson } from '../../simulator/wire.js';
import { ACCOUNT_STATUS, KYC_STATUSES, WALLET_NUMBER } from '../protocol.js';
import type { DisbursementSimulatorContext } from './context.js';
import { setFaultsSchema } from './faults.js';
import { setOutagesSchema } from './outages.js';
import type { DisbursementState, SimTransfer } from './state.js';
import { walletOf } from './wallets.js';

/** JSON API for automated tests to drive and inspect the simulated disbursement account. */

const parse = <T>(ctx: Context, schema: z.ZodType<T>) => parseControlBody(ctx, schema, readControlJson);

/** The most one top-up adds: ten crore taka. */
const MAX_TOP_UP_MINOR = 10_000_000_000;

export const topUpSchema = z.object({ amountMinor: z.number().int().min(1).max(MAX_TOP_UP_MINOR) }).strict();

export const setBalanceSchema = z
  .object({ availableMinor: z.number().int().min(0).max(MAX_TOP_UP_MINOR) })
  .strict();

export const walletSchema = z
  .object({
    exists: z.boolean().optional(),
    name: z.string().trim().min(1).max(60).optional(),
    kycStatus: z.enum(KYC_STATUSES).optional(),
    status: z.enum([ACCOUNT_STATUS.ACTIVE, ACCOUNT_STATUS.BLOCKED]).optional(),
  })
  .strict();

function transferJson(transfer: SimTransfer): Record<string, unknown> {
  return {
    orderId: transfer.orderId,
    merchantId: transfer.merchantId,
    accountNo: transfer.accountNo,
    amountMinor: transfer.amountMinor,
    amount: toDecimalString(transfer.amountMinor, 'BDT'),
    issuerTxnId: transfer.issuerTxnId,
    paidAt: new Date(transfer.paidAtMs).toISOString(),
    description: transfer.description,
    acknowledgements: transfer.acknowledgements,
  };
}

export function balanceJson(state: DisbursementState): Record<string, unknown> {
  return { availableMinor: state.availableMinor, available: toDecimalString(state.availableMinor, 'BDT') };
}

/** Times an orderId was paid: what "never twice" is checked against. */
function paymentsOf(state: DisbursementState, orderId: string): number {
  return state.movements.filter((movement) => movement.kind === 'TRANSFER' && movement.orderId === orderId)
    .length;
}

export function registerControlApi(
  router: Router,
  simulator: DisbursementSimulatorContext,
  reset: () => void,
): void {
  const { state } = simulator;

  router.get('/__simulator/transfers', (ctx) => {
    json(ctx, 200, {
      transfers: [...state.transfers.values()].map(transferJson),
      movements: state.movements,
    });
  });

  router.get('/__simulator/transfers/:orderId', (ctx) => {
    const orderId = ctx.params.orderId ?? '';
    const transfer = state.transfers.get(orderId);
    if (!transfer) return json(ctx, 404, { error: 'no transfer under this orderId', timesPaid: 0 });
    json(ctx, 200, { ...transferJson(transfer), timesPaid: paymentsOf(state, orderId) });
  });

  router.get('/__simulator/balance', (ctx) => json(ctx, 200, balanceJson(state)));

  /** Sets the balance outright: a test's way to a short account without paying it down. */
  router.put('/__simulator/balance', async (ctx) => {
    const body = await parse(ctx, setBalanceSchema);
    if (!body) return;
    state.availableMinor = body.availableMinor;
    json(ctx, 200, balanceJson(state));
  });

  /** Funds the disbursement account, as the merchant would from its bank. */
  router.post('/__simulator/balance/top-up', async (ctx) => {
    const body = await parse(ctx, topUpSchema);
    if (!body) return;
    state.topUp(body.amountMinor, simulator.now());
    json(ctx, 200, balanceJson(state));
  });

  router.get('/__simulator/wallets/:accountNo', (ctx) => {
    const accountNo = ctx.params.accountNo ?? '';
    if (!WALLET_NUMBER.test(accountNo)) return json(ctx, 400, { error: 'not a wallet number' });
    json(ctx, 200, {
      accountNo,
      ...walletOf(state, accountNo),
      receivedTodayMinor: state.receivedToday(accountNo, simulator.now()),
    });
  });

  /** Sets how a wallet stands (exists, name, KYC level, blocked); what is left out keeps its value. */
  router.put('/__simulator/wallets/:accountNo', async (ctx) => {
    const accountNo = ctx.params.accountNo ?? '';
    if (!WALLET_NUMBER.test(accountNo)) return json(ctx, 400, { error: 'not a wallet number' });
    const body = await parse(ctx, walletSchema);
    if (!body) return;
    const wallet = { ...walletOf(state, accountNo), ...body };
    state.wallets.set(accountNo, wallet);
    json(ctx, 200, { accountNo, ...wallet });
  });

  registerControlSetting(
    router,
    parse,
    faultsSetting(simulator.faults, setFaultsSchema, (body) => body.key),
  );
  registerControlSetting(router, parse, outagesSetting(simulator.outages, setOutagesSchema));
  const statements = registerStatementRoutes(router, {
    entries: () => nagadStatementEntries(state),
    render: renderNagadStatement,
    fileName: (day) => `nagad-disbursement-statement-${day}.csv`,
    parse,
  });
  registerReset(router, () => {
    reset();
    statements.reset();
  });
}
