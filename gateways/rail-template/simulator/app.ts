import { randomBytes } from 'node:crypto';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context } from 'koa';
import { z } from 'zod';
import { fromDecimalString, toDecimalString } from '../../../domain/shared/money.js';
import {
  faultsSetting,
  json,
  outagesSetting,
  parseControlBody,
  registerControlSetting,
  registerReset,
} from '../../simulator-kit/control.js';
import { FaultBook } from '../../simulator-kit/faults.js';
import { OutageBook, outagesSchema } from '../../simulator-kit/outages.js';
import { persistedParts } from '../../simulator-kit/persisted-parts.js';
import {
  ACCOUNT_NUMBER,
  ACCOUNT_STATUS,
  CURRENCY,
  PATHS,
  REFUSAL_CODES,
  TRANSFER_STATUS,
  accountCheckRequestSchema,
  basicAuthorization,
  transferRequestSchema,
} from '../protocol.js';

/**
 * The rail's sandbox, as `npm start` and the tests run it: the same paths, fields and refusals as
 * the real rail (protocol.ts), over a disbursement account of its own. Its control API
 * (`/__simulator/...`) is how testers and the contract driver steer it and read its own ledger:
 *
 * - `GET /__simulator/transfers[/{reference}]`: every transfer, and every movement of the balance
 *   (`timesPaid` per reference: what "never twice" is checked against);
 * - `GET|PUT /__simulator/balance {availableMinor}`, `POST /__simulator/balance/top-up {amountMinor}`;
 * - `PUT /__simulator/accounts/{accountNo} {status: ACTIVE|BLOCKED|NOT_FOUND, name}`;
 * - `GET|PUT|DELETE /__simulator/faults {reference?, faults}`: `lostAnswer` (pays, then drops the
 *   connection; once), `answerDelayMs` (pays, then answers that late), `shortBalance`;
 * - `GET|PUT /__simulator/outages {accountCheck|transfer|lookup|balance: {forMs}|null}`;
 * - `POST /__simulator/reset`.
 *
 * A real rail's simulator grows, beside these: a fault panel for testers
 * (simulator-kit/fault-panel.ts, as the bKash and Nagad disbursement simulators have), its daily
 * statement (simulator-kit/statements.ts), and its limits and tariff as the rail publishes them.
 */

export interface TemplateRailSimulatorOptions {
  credentials: { apiKey: string; apiSecret: string };
  now?: () => number;
}

/** One million taka: what a fresh sandbox disbursement account holds. */
export const OPENING_BALANCE_MINOR = 100_000_000;
/** What the sandbox charges a transfer (taken from the balance with the amount). */
export const TRANSFER_FEE_MINOR = 500;

interface SimTransfer {
  reference: string;
  transferId: string;
  accountNo: string;
  amountMinor: number;
  feeMinor: number;
  narrative: string | null;
  completedAtMs: number;
}

/** A movement of the balance, in order: a transfer (negative) or a top-up. */
interface SimMovement {
  kind: 'TRANSFER' | 'TOP_UP';
  reference: string | null;
  amountMinor: number;
  atMs: number;
}

interface SimAccount {
  status: 'ACTIVE' | 'BLOCKED' | 'NOT_FOUND';
  name: string;
}

class RailState {
  readonly transfers = new Map<string, SimTransfer>();
  readonly movements: SimMovement[] = [];
  readonly accounts = new Map<string, SimAccount>();
  availableMinor = OPENING_BALANCE_MINOR;

  /** An account a tester has said nothing about is an active one. */
  account(accountNo: string): SimAccount {
    return (
      this.accounts.get(accountNo) ?? { status: 'ACTIVE', name: `Account holder ${accountNo.slice(-4)}` }
    );
  }

  timesPaid(reference: string): number {
    return this.movements.filter(
      (movement) => movement.kind === 'TRANSFER' && movement.reference === reference,
    ).length;
  }

  clear(): void {
    this.transfers.clear();
    this.movements.length = 0;
    this.accounts.clear();
    this.availableMinor = OPENING_BALANCE_MINOR;
  }
}

const faultsSchema = z
  .object({
    lostAnswer: z.boolean().optional(),
    answerDelayMs: z.number().int().min(1).max(120_000).optional(),
    shortBalance: z.boolean().optional(),
  })
  .strict();
type Faults = z.infer<typeof faultsSchema>;
const setFaultsSchema = z.object({ reference: z.string().min(1).optional(), faults: faultsSchema }).strict();

const OUTAGE_APIS = ['accountCheck', 'transfer', 'lookup', 'balance'] as const;
type OutageApi = (typeof OUTAGE_APIS)[number];

const balanceSchema = z.object({ availableMinor: z.number().int().min(0).max(1e13) }).strict();
const topUpSchema = z.object({ amountMinor: z.number().int().min(1).max(1e13) }).strict();
const accountSchema = z
  .object({
    status: z.enum(['ACTIVE', 'BLOCKED', 'NOT_FOUND']).optional(),
    name: z.string().trim().min(1).max(60).optional(),
  })
  .strict();

async function readJson(ctx: Context): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

const refuse = (ctx: Context, status: number, code: string, message: string) =>
  json(ctx, status, { code, message });

export function createTemplateRailSimulator(options: TemplateRailSimulatorOptions) {
  const now = options.now ?? Date.now;
  const state = new RailState();
  const faults = new FaultBook<Faults, 'byReference'>('byReference');
  const outages = new OutageBook<OutageApi>(OUTAGE_APIS, now);
  const authorization = basicAuthorization(options.credentials.apiKey, options.credentials.apiSecret);
  const reset = () => {
    state.clear();
    faults.clear();
    outages.clear();
  };

  const transferJson = (transfer: SimTransfer) => ({
    reference: transfer.reference,
    transferId: transfer.transferId,
    status: TRANSFER_STATUS.COMPLETED,
    accountNo: transfer.accountNo,
    amount: toDecimalString(transfer.amountMinor, CURRENCY),
    currency: CURRENCY,
    fee: toDecimalString(transfer.feeMinor, CURRENCY),
    completedAt: new Date(transfer.completedAtMs).toISOString(),
  });

  const router = new Router();
  /** An API call: taken away by its outage (503), refused without the credentials (401). */
  const api = (api: OutageApi, handle: (ctx: Context) => Promise<void> | void) => async (ctx: Context) => {
    if (outages.isDown(api))
      return refuse(ctx, 503, REFUSAL_CODES.MAINTENANCE, 'The service is under maintenance');
    if (ctx.get('authorization') !== authorization) {
      return refuse(ctx, 401, REFUSAL_CODES.UNAUTHORISED, 'Unknown API key or secret');
    }
    await handle(ctx);
  };

  router.post(
    PATHS.accountCheck,
    api('accountCheck', async (ctx) => {
      const body = accountCheckRequestSchema.safeParse(await readJson(ctx));
      if (!body.success) return refuse(ctx, 400, REFUSAL_CODES.INVALID_REQUEST, 'accountNo is required');
      const account = state.account(body.data.accountNo);
      if (account.status === 'NOT_FOUND') {
        return refuse(ctx, 404, REFUSAL_CODES.ACCOUNT_NOT_FOUND, 'No account under this number');
      }
      json(ctx, 200, {
        accountNo: body.data.accountNo,
        holderName: account.name,
        status: account.status === 'BLOCKED' ? ACCOUNT_STATUS.BLOCKED : ACCOUNT_STATUS.ACTIVE,
      });
    }),
  );

  router.post(
    PATHS.transfers,
    api('transfer', async (ctx) => {
      const body = transferRequestSchema.safeParse(await readJson(ctx));
      if (!body.success)
        return refuse(ctx, 400, REFUSAL_CODES.INVALID_REQUEST, 'The transfer is not well formed');
      const request = body.data;
      // The rail keys a transfer by the merchant's reference: a repeat never pays again.
      if (state.transfers.has(request.reference)) {
        return refuse(ctx, 409, REFUSAL_CODES.DUPLICATE_REFERENCE, 'A transfer under this reference exists');
      }
      const account = state.account(request.accountNo);
      if (account.status === 'NOT_FOUND') {
        return refuse(ctx, 422, REFUSAL_CODES.ACCOUNT_NOT_FOUND, 'No account under this number');
      }
      if (account.status === 'BLOCKED')
        return refuse(ctx, 422, REFUSAL_CODES.ACCOUNT_BLOCKED, 'The account is blocked');
      const amountMinor = fromDecimalString(request.amount, CURRENCY);
      const active = faults.for(request.reference);
      if (active.shortBalance || state.availableMinor < amountMinor + TRANSFER_FEE_MINOR) {
        return refuse(ctx, 422, REFUSAL_CODES.INSUFFICIENT_FUNDS, 'The disbursement balance is too low');
      }
      const transfer: SimTransfer = {
        reference: request.reference,
        transferId: `TT${randomBytes(6).toString('hex').toUpperCase()}`,
        accountNo: request.accountNo,
        amountMinor,
        feeMinor: TRANSFER_FEE_MINOR,
        narrative: request.narrative ?? null,
        completedAtMs: now(),
      };
      state.transfers.set(transfer.reference, transfer);
      state.availableMinor -= amountMinor + TRANSFER_FEE_MINOR;
      state.movements.push({
        kind: 'TRANSFER',
        reference: transfer.reference,
        amountMinor: -(amountMinor + TRANSFER_FEE_MINOR),
        atMs: transfer.completedAtMs,
      });
      // Paid; then the answer may go missing, or come after the caller has given up.
      if (faults.spend('lostAnswer', request.reference)) {
        ctx.respond = false;
        ctx.req.socket.destroy();
        return;
      }
      if (active.answerDelayMs) await new Promise((resolve) => setTimeout(resolve, active.answerDelayMs));
      json(ctx, 201, transferJson(transfer));
    }),
  );

  router.get(
    // PATHS.transfer(reference)
    '/v1/transfers/:reference',
    api('lookup', (ctx) => {
      const transfer = state.transfers.get(ctx.params.reference ?? '');
      if (!transfer)
        return refuse(ctx, 404, REFUSAL_CODES.TRANSFER_NOT_FOUND, 'No transfer under this reference');
      json(ctx, 200, transferJson(transfer));
    }),
  );

  router.get(
    PATHS.balance,
    api('balance', (ctx) => {
      json(ctx, 200, {
        available: toDecimalString(state.availableMinor, CURRENCY),
        currency: CURRENCY,
        asOf: new Date(now()).toISOString(),
      });
    }),
  );

  // The control API: what testers and the contract driver steer the sandbox with.
  const parse = <T>(ctx: Context, schema: z.ZodType<T>) => parseControlBody(ctx, schema, readJson);
  router.get('/__simulator/transfers', (ctx) =>
    json(ctx, 200, {
      transfers: [...state.transfers.values()].map(transferJson),
      movements: state.movements,
      availableMinor: state.availableMinor,
    }),
  );
  router.get('/__simulator/transfers/:reference', (ctx) => {
    const reference = ctx.params.reference ?? '';
    const transfer = state.transfers.get(reference);
    if (!transfer) return json(ctx, 404, { error: 'no transfer under this reference', timesPaid: 0 });
    json(ctx, 200, { ...transferJson(transfer), timesPaid: state.timesPaid(reference) });
  });
  router.get('/__simulator/balance', (ctx) => json(ctx, 200, { availableMinor: state.availableMinor }));
  router.put('/__simulator/balance', async (ctx) => {
    const body = await parse(ctx, balanceSchema);
    if (!body) return;
    state.availableMinor = body.availableMinor;
    json(ctx, 200, { availableMinor: state.availableMinor });
  });
  router.post('/__simulator/balance/top-up', async (ctx) => {
    const body = await parse(ctx, topUpSchema);
    if (!body) return;
    state.availableMinor += body.amountMinor;
    state.movements.push({ kind: 'TOP_UP', reference: null, amountMinor: body.amountMinor, atMs: now() });
    json(ctx, 200, { availableMinor: state.availableMinor });
  });
  router.put('/__simulator/accounts/:accountNo', async (ctx) => {
    const accountNo = ctx.params.accountNo ?? '';
    if (!ACCOUNT_NUMBER.test(accountNo)) return json(ctx, 400, { error: 'not an account number' });
    const body = await parse(ctx, accountSchema);
    if (!body) return;
    state.accounts.set(accountNo, { ...state.account(accountNo), ...body });
    json(ctx, 200, { accountNo, ...state.account(accountNo) });
  });
  registerControlSetting(
    router,
    parse,
    faultsSetting(faults, setFaultsSchema, (body) => body.reference),
  );
  registerControlSetting(router, parse, outagesSetting(outages, outagesSchema(OUTAGE_APIS)));
  registerReset(router, reset);

  const app = new Koa();
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, reset, persisted: persistedParts({ state, faults, outages }) };
}
