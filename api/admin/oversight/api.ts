import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listAudit } from '../../../db/operators/audit.js';
import { listOperators, setOperatorStatus } from '../../../db/operators/operator-admin.js';
import { loadOverview } from '../../../db/payments/overview.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, now, requirePermission, type AdminState } from '../session.js';
import {
  auditQuery,
  createOperatorBody,
  operatorIdParam,
  overviewQuery,
  updateOperatorBody,
} from './schemas.js';
import { auditView } from './views.js';
import { encodeCursor } from '../../../domain/shared/list-cursor.js';
import { proposerOf } from '../people/api.js';
import {
  proposeEnable,
  proposeIdentityLink,
  proposeNewOperator,
  proposeRoleChange,
} from '../people/service.js';
import { identityLinkBody } from '../people/schemas.js';

/** The acting operator, for the rules about changing one's own account. */
export function actingOperator(ctx: Context) {
  const { operator } = ctx.state.admin as AdminState;
  return { ...auditActor(ctx), operatorId: operator.id };
}

/**
 * /api/v1/admin: overview numbers, the audit log, operator management. Each route checks its
 * action in the permission table; operator changes also need a recent step-up.
 */
export function oversightJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  router.get('/overview', requirePermission(deps, 'dashboard.read'), async (ctx) => {
    const query = parseWith(overviewQuery, ctx.query);
    sendData(ctx, 200, await loadOverview(em(), { ...query, now: now(deps) }));
  });

  router.get('/audit', requirePermission(deps, 'audit.read'), async (ctx) => {
    const query = parseWith(auditQuery, ctx.query);
    const { items, total, lastId } = await listAudit(em(), query);
    sendList(
      ctx,
      { items: items.map(auditView) },
      {
        page: query.page,
        size: query.size,
        totalItems: total,
        nextCursor: lastId === null ? null : encodeCursor(lastId),
      },
    );
  });

  router.get('/operators', requirePermission(deps, 'operators.read'), async (ctx) => {
    const operators = await listOperators(em());
    sendList(
      ctx,
      { items: operators },
      { page: 1, size: Math.max(operators.length, 1), totalItems: operators.length },
    );
  });

  // A new local account is a proposal a second ADMIN approves; the person chooses their password
  // through the link emailed to them then.
  router.post('/operators', requirePermission(deps, 'operators.manage'), async (ctx) => {
    const body = parseWith(createOperatorBody, await readJson(ctx));
    sendData(ctx, 202, await proposeNewOperator(deps, proposerOf(ctx), body));
  });

  // A role that grants nothing new applies at once (200); one that grants anything waits (202).
  router.patch('/operators/:id', requirePermission(deps, 'operators.manage'), async (ctx) => {
    const id = parseWith(operatorIdParam, ctx.params.id);
    const { role } = parseWith(updateOperatorBody, await readJson(ctx));
    const outcome = await proposeRoleChange(deps, proposerOf(ctx), { id, role });
    if (outcome.applied) sendData(ctx, 200, outcome.operator);
    else sendData(ctx, 202, outcome.change);
  });

  // Disabling applies at once (200); re-enabling is a people change a second ADMIN approves (202).
  router.post('/operators/:id/disable', requirePermission(deps, 'operators.manage'), async (ctx) => {
    const id = parseWith(operatorIdParam, ctx.params.id);
    sendData(
      ctx,
      200,
      await setOperatorStatus(em(), actingOperator(ctx), { id, status: 'DISABLED', now: now(deps) }),
    );
  });
  router.post('/operators/:id/enable', requirePermission(deps, 'operators.manage'), async (ctx) => {
    const id = parseWith(operatorIdParam, ctx.params.id);
    sendData(ctx, 202, await proposeEnable(deps, proposerOf(ctx), id));
  });
  // Linking a local account to a person of the identity provider waits for a second ADMIN (202).
  router.post('/operators/:id/identity-link', requirePermission(deps, 'operators.manage'), async (ctx) => {
    const id = parseWith(operatorIdParam, ctx.params.id);
    const body = parseWith(identityLinkBody, await readJson(ctx));
    sendData(ctx, 202, await proposeIdentityLink(deps, proposerOf(ctx), id, body));
  });

  return router;
}
