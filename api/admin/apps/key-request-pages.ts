import type Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { loadTies } from '../../../db/operators/operator-ties.js';
import { judgeKeyRequestStep } from '../../../domain/apps/key-requests.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { AppSchema } from '../../../platform/orm/entities.js';
import type { RouteDeps } from '../../deps.js';
import {
  admin,
  decideFromForm,
  formAction,
  redirectWith,
  render,
  viewPermission,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
import {
  collectKey,
  decideKeyRequest,
  KEY_REQUEST_DECISIONS,
  keyRequestId,
  keyRequestsList,
  keyRequestView,
} from './key-request-service.js';
import { keyRequestsBody, type KeyRequestRow } from './key-request-views.js';
import { collectedKeyBody } from './page-views.js';

const WHY_NOT: Record<string, string> = {
  FORBIDDEN: 'FINANCE or ADMIN decides this',
  SELF_APPROVAL_FORBIDDEN: 'Your account and the requester’s are tied (one created or changed the other)',
};

/** /admin/key-requests: FINANCE approves a LIVE money key there; its requester collects it there. */
export function keyRequestPageRoutes(router: Router, deps: RouteDeps): void {
  const em = () => deps.orm.em.fork() as EntityManager;

  router.get('/key-requests', viewPermission(deps, 'apps.read'), async (ctx) => {
    const { operator, session } = admin(ctx);
    const reader = em();
    const { items } = await keyRequestsList(deps, {}, { page: 1, size: 100 });
    const appIds = [...new Set(items.map((item) => item.appId))];
    const operatorIds = [...new Set(items.map((item) => item.requestedByOperatorId))];
    const apps = appIds.length ? await reader.find(AppSchema, { id: { $in: appIds } }) : [];
    const emails = operatorIds.length
      ? await reader.execute<Array<{ id: string; email: string }>>(
          `select id, email from operators where id in (${operatorIds.map(() => '?').join(', ')})`,
          operatorIds,
        )
      : [];
    const rows: KeyRequestRow[] = [];
    for (const request of items) {
      const mine = request.requestedByOperatorId === operator.id;
      let whyNotDecide: string | null = null;
      if (request.status === 'WAITING' && !mine) {
        const refusal = judgeKeyRequestStep(
          request,
          'APPROVE',
          operator,
          await loadTies(reader, request.requestedByOperatorId, operator.id),
        );
        whyNotDecide = refusal ? (WHY_NOT[refusal] ?? refusal) : null;
      }
      rows.push({
        request: keyRequestView(request),
        appName: apps.find((app) => app.id === request.appId)?.name ?? String(request.appId),
        requesterEmail: emails.find((row) => Number(row.id) === request.requestedByOperatorId)?.email ?? '',
        mine,
        whyNotDecide,
      });
    }
    render(ctx, { title: 'Key requests', active: 'apps', body: keyRequestsBody(rows, session.csrfToken) });
  });

  for (const [verb, step, action, done] of KEY_REQUEST_DECISIONS) {
    router.post(
      `/key-requests/:id/${verb}`,
      formAction(deps, action, async (ctx, fields) => {
        await decideFromForm(ctx, '/admin/key-requests', fields, async () => {
          const decided = await decideKeyRequest(
            deps,
            admin(ctx),
            auditActor(ctx),
            keyRequestId(ctx.params.id),
            step,
            fields.comment?.trim() || null,
          );
          return `Key request ${decided.id} ${done}.`;
        });
      }),
    );
  }

  router.post(
    '/key-requests/:id/collect',
    formAction(deps, 'credentials.rotate', async (ctx: Context) => {
      try {
        const collected = await collectKey(deps, admin(ctx), auditActor(ctx), keyRequestId(ctx.params.id));
        const app = await em().findOneOrFail(AppSchema, { id: collected.request.appId });
        // The secret lives only in this response: a second collection is refused.
        render(ctx, {
          title: 'Collected key',
          active: 'apps',
          status: 201,
          body: collectedKeyBody({
            app,
            mode: collected.request.mode,
            apiKey: collected.issued.apiKey,
            secret: collected.issued.secret,
            name: collected.request.name,
            previous: collected.previous,
          }),
        });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        redirectWith(ctx, '/admin/key-requests', { error: error.message });
      }
    }),
  );
}
