import Router from '@koa/router';
import type { Context } from 'koa';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { controlDecisionBody } from '../controls/schemas.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { peopleChangesQuery } from './schemas.js';
import { decidePeopleChange, peopleChangeDetail, peopleChangeList, type Proposer } from './service.js';

/** The signed-in operator as the proposer or decider of a change to people. */
export function proposerOf(ctx: Context): Proposer {
  return { operatorId: (ctx.state.admin as AdminState).operator.id, actor: auditActor(ctx) };
}

/**
 * /api/v1/admin/people-changes: the queue of proposals to change people (new local accounts,
 * granted roles, password and second-factor resets) and their decisions by a second ADMIN.
 */
export function peopleJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/people-changes', requirePermission(deps, 'operators.read'), async (ctx) => {
    const query = parseWith(peopleChangesQuery, ctx.query);
    const result = await peopleChangeList(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/people-changes/:id', requirePermission(deps, 'operators.read'), async (ctx) => {
    sendData(ctx, 200, await peopleChangeDetail(deps, ctx.params.id!));
  });

  for (const [verb, decision] of [
    ['approve', 'APPROVE'],
    ['reject', 'REJECT'],
    ['withdraw', 'WITHDRAW'],
  ] as const) {
    router.post(`/people-changes/:id/${verb}`, requirePermission(deps, 'operators.manage'), async (ctx) => {
      const body = parseWith(controlDecisionBody, await readJson(ctx));
      sendData(
        ctx,
        200,
        await decidePeopleChange(deps, proposerOf(ctx), ctx.params.id!, decision, body.comment ?? null),
      );
    });
  }

  return router;
}
