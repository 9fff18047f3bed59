import Router from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../../domain/shared/errors.js';
import { isCurrency } from '../../../domain/shared/money.js';
import { minorUnitsFromForm } from '../pages/major-units-field.js';
import { can } from '../../../domain/operators/permissions.js';
import type { RouteDeps } from '../../deps.js';
import { zodIssues } from '../../validation.js';
import { pathMode } from '../apps/schemas.js';
import {
  admin,
  decideFromForm,
  formAction,
  formProblem,
  render,
  viewPermission,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
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
import { feesPageBody } from './views.js';

const BACK = '/admin/ledger/fees';

/** "1.85" (percent) → 185 basis points; anything else is left for the schema to refuse. */
function basisPointsOf(percent: string): number | string {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(percent.trim());
  if (!match) return percent;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * "0.30" in the form's currency → 30, exactly; blank is none. An amount it cannot read (more
 * decimals than the currency has, not a number) is a problem named for the form; with no valid
 * currency it is left for the schema to refuse the currency.
 */
function fixedMinorOf(fixed: string, currency: string): { value: number | string } | { problem: string } {
  if (!fixed.trim()) return { value: 0 };
  if (!isCurrency(currency)) return { value: fixed.trim() };
  const read = minorUnitsFromForm(fixed, currency, 'Fixed amount');
  if ('problem' in read) return read;
  return { value: 'amountMinor' in read ? read.amountMinor : 0 };
}

/** /admin/ledger/fees: the gateways' fee schedules and the bank accounts they settle to. */
export function feesPageRoutes(deps: RouteDeps): Router {
  const router = new Router();

  const renderPage = async (
    ctx: Context,
    options: { status?: number; error?: string; typed?: Record<string, string> } = {},
  ) => {
    const state = admin(ctx);
    const [schedules, banks] = await Promise.all([feeSchedules(deps), bankAccounts(deps)]);
    render(ctx, {
      title: 'Gateway fees and bank accounts',
      active: 'ledger',
      status: options.status ?? 200,
      ...(options.error && { flash: { kind: 'error' as const, message: options.error } }),
      body: feesPageBody({
        schedules,
        banks,
        csrf: state.session.csrfToken,
        canConfigure: can(state.operator.role, 'ledger.configure'),
        typed: options.typed ?? null,
      }),
    });
  };

  router.get('/ledger/fees', viewPermission(deps, 'ledger.read'), async (ctx) => {
    await renderPage(ctx);
  });

  router.post(
    '/ledger/fees',
    formAction(deps, 'ledger.configure', async (ctx, fields) => {
      const fixed = fixedMinorOf(fields.fixed ?? '', fields.currency ?? '');
      if ('problem' in fixed) {
        return renderPage(ctx, { status: 400, error: `Check the form: ${fixed.problem}`, typed: fields });
      }
      const body = feeScheduleBody.safeParse({
        gateway: fields.gateway,
        mode: fields.mode,
        currency: fields.currency,
        method: fields.method?.trim() ? fields.method : null,
        percentBasisPoints: basisPointsOf(fields.percent ?? ''),
        fixedMinor: fixed.value,
      });
      if (!body.success) {
        const issues = zodIssues(body.error).map((issue) => ({
          field: issue.field.replace('percentBasisPoints', 'percent').replace('fixedMinor', 'fixed amount'),
          message: issue.message,
        }));
        return renderPage(ctx, { status: 400, error: formProblem(issues), typed: fields });
      }
      await decideFromForm(ctx, BACK, fields, async () => {
        const { schedule } = await putFeeSchedule(deps, auditActor(ctx), body.data);
        return `${schedule.gateway} ${schedule.mode} ${schedule.currency} ${schedule.method ?? 'any method'}: ${schedule.rate}.`;
      });
    }),
  );

  router.post(
    '/ledger/fees/:id/delete',
    formAction(deps, 'ledger.configure', async (ctx, fields) => {
      await decideFromForm(ctx, BACK, fields, async () => {
        const removed = await removeFeeSchedule(deps, auditActor(ctx), feeScheduleId(ctx.params.id));
        return `Removed ${removed.gateway} ${removed.mode} ${removed.currency} ${removed.method ?? 'any method'} (${removed.rate}).`;
      });
    }),
  );

  router.post(
    '/ledger/banks/:gateway/:mode',
    formAction(deps, 'ledger.configure', async (ctx, fields) => {
      await decideFromForm(ctx, BACK, fields, async () => {
        const target = { gateway: bankGateway(ctx.params.gateway), mode: pathMode(ctx.params.mode) };
        const parsed = bankAccountBody.safeParse({ name: fields.name ?? '' });
        if (!parsed.success) throw new ApiError('VALIDATION_ERROR', formProblem(zodIssues(parsed.error)));
        const bank = await nameBankAccount(deps, auditActor(ctx), target, parsed.data.name);
        return `${bank.gateway} (${bank.mode}) settles to ${bank.name}.`;
      });
    }),
  );

  return router;
}
