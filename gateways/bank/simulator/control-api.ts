import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import {
  faultsSetting,
  json,
  parseControlBody,
  registerControlSetting,
  registerReset,
} from '../../simulator-kit/control.js';
import { RETURN_REASONS } from '../return-reasons.js';
import { accountKey } from './book.js';
import { registerStatementRoutes } from '../../simulator-kit/statements.js';
import { bankStatementEntries, renderBankStatement } from './statement.js';
import type { SimFile } from './book.js';
import type { BankSimulatorContext } from './context.js';
import { setFaultsSchema } from './faults.js';
import { filesPage, textPage } from './pages.js';
import { readJson } from './wire.js';

/** The JSON control API tests and testers drive the simulated bank with, and its pages. */

const parse = <T>(ctx: Context, schema: z.ZodType<T>) => parseControlBody(ctx, schema, readJson);

const balanceSchema = z.object({ availableMinor: z.number().int().min(0).max(1e15) }).strict();
const fundSchema = z.object({ amountMinor: z.number().int().min(1).max(1e15) }).strict();
export const accountSchema = z
  .object({
    routingNumber: z.string().regex(/^\d{9}$/),
    accountNumber: z.string().regex(/^\d{6,17}$/),
    name: z.string().trim().min(1).max(50),
    status: z.enum(['OPEN', 'CLOSED', 'FROZEN']).default('OPEN'),
  })
  .strict();
const returnSchema = z
  .object({
    reference: z.string().min(1).max(35),
    returnCode: z.enum(Object.keys(RETURN_REASONS) as [string, ...string[]]),
  })
  .strict();

function fileJson(file: SimFile) {
  return {
    name: file.name,
    receivedAt: new Date(file.receivedAtMs).toISOString(),
    ackHeld: file.ackHeld,
    acks: file.acks,
    lines: file.lines.map((line) => ({ ...line })),
  };
}

export function registerControlApi(router: Router, sim: BankSimulatorContext, reset: () => void): void {
  router.get('/__simulator/state', (ctx) =>
    json(ctx, 200, {
      balanceMinor: sim.book.balanceMinor,
      session: sim.book.session,
      files: [...sim.book.files.values()].map(fileJson),
      outbox: [...sim.book.outbox.values()].map(({ name, kind, forFile }) => ({ name, kind, forFile })),
    }),
  );

  /** Every line the bank received under a reference, and how many times it debited the company for it. */
  router.get('/__simulator/transfers/:reference', (ctx) => {
    const lines = sim.book.linesFor(ctx.params.reference ?? '');
    json(ctx, 200, {
      reference: ctx.params.reference,
      debits: lines.filter(({ line }) => line.debitedAtMs !== null).length,
      lines: lines.map(({ file, line }) => ({ file: file.name, ...line })),
    });
  });

  router.put('/__simulator/balance', async (ctx) => {
    const body = await parse(ctx, balanceSchema);
    if (!body) return;
    sim.book.balanceMinor = body.availableMinor;
    json(ctx, 200, { balanceMinor: sim.book.balanceMinor });
  });

  router.post('/__simulator/balance/fund', async (ctx) => {
    const body = await parse(ctx, fundSchema);
    if (!body) return;
    sim.book.balanceMinor += body.amountMinor;
    json(ctx, 200, { balanceMinor: sim.book.balanceMinor });
  });

  router.put('/__simulator/accounts', async (ctx) => {
    const body = await parse(ctx, accountSchema);
    if (!body) return;
    sim.book.accounts.set(accountKey(body.routingNumber, body.accountNumber), body);
    json(ctx, 200, body);
  });

  router.get('/__simulator/accounts', (ctx) => json(ctx, 200, { accounts: [...sim.book.accounts.values()] }));

  router.post('/__simulator/clearing/advance', (ctx) => json(ctx, 200, sim.bank.clearingSession()));

  router.post('/__simulator/acks/release', (ctx) => json(ctx, 200, { released: sim.bank.releaseAcks() }));

  router.post('/__simulator/returns', async (ctx) => {
    const body = await parse(ctx, returnSchema);
    if (!body) return;
    const problem = sim.bank.returnTransfer(body.reference, body.returnCode);
    if (problem) return json(ctx, 409, { error: problem });
    json(ctx, 200, { returned: body.reference, returnCode: body.returnCode });
  });

  router.get('/__simulator/files', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('cache-control', 'no-store');
    ctx.body = filesPage(sim);
  });

  router.get('/__simulator/files/:box/:name', (ctx) => {
    const box =
      ctx.params.box === 'in' ? sim.book.files : ctx.params.box === 'out' ? sim.book.outbox : undefined;
    const file = box?.get(ctx.params.name ?? '');
    if (!file) return json(ctx, 404, { error: 'no such file' });
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('cache-control', 'no-store');
    ctx.body = textPage(sim, file.name, file.text);
  });

  registerControlSetting(
    router,
    parse,
    faultsSetting(sim.faults, setFaultsSchema, (body) => body.reference),
  );
  const statements = registerStatementRoutes(router, {
    entries: () => bankStatementEntries(sim.book),
    render: renderBankStatement,
    fileName: (day) => `account-statement-${day}.csv`,
    parse,
  });
  registerReset(router, () => {
    reset();
    statements.reset();
  });
}
