import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { pathMode } from '../apps/schemas.js';
import { auditActor, requirePermission } from '../session.js';
import { bankAccountBody, feeScheduleBody } from './schemas.js';
import {
  bankAccounts,
  bankGateway,
  feeScheduleId,
  feeSchedules,
  nameBankAccount,
  putFeeSchedule,
  removeFeeSchedule,
} from './service.js';

/**
 * /api/v1/admin/fee-schedules and /api/v1/admin/settlement-bank-accounts: what each gateway charges
 * when it does not say, and where each gateway settles to. Finance reads them; changing them is
 * `ledger.configure` (after step-up), audited.
 */
export function feesJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const reads = requirePermission(deps, 'ledger.read');
  const configures = requirePermission(deps, 'ledger.configure');

  router.get('/fee-schedules', reads, async (ctx) => {
    const items = await feeSchedules(deps);
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  router.put('/fee-schedules', configures, async (ctx) => {
    const body = parseWith(feeScheduleBody, await readJson(ctx));
    const { schedule, created } = await putFeeSchedule(deps, auditActor(ctx), body);
    sendData(ctx, created ? 201 : 200, schedule);
  });

  router.delete('/fee-schedules/:id', configures, async (ctx) => {
    sendData(ctx, 200, await removeFeeSchedule(deps, auditActor(ctx), feeScheduleId(ctx.params.id)));
  });

  router.get('/settlement-bank-accounts', reads, async (ctx) => {
    const items = await bankAccounts(deps);
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  router.put('/settlement-bank-accounts/:gateway/:mode', configures, async (ctx) => {
    const target = { gateway: bankGateway(ctx.params.gateway), mode: pathMode(ctx.params.mode) };
    const body = parseWith(bankAccountBody, await readJson(ctx));
    sendData(ctx, 200, await nameBankAccount(deps, auditActor(ctx), target, body.name));
  });

  return router;
}
