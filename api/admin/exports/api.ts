import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { auditActor, requirePermission } from '../session.js';
import { EXPORT_KINDS } from './catalogue.js';
import { sendCsvExport } from './csv-export.js';

/** /api/v1/admin/exports/*.csv: each export streamed as a CSV attachment, audited. */
export function exportsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  for (const kind of EXPORT_KINDS) {
    router.get(`/exports/${kind.file}`, requirePermission(deps, kind.action), async (ctx) => {
      const prepared = kind.prepare(deps, ctx.query);
      if ('issues' in prepared) throw new ApiError('VALIDATION_ERROR', undefined, prepared.issues);
      await sendCsvExport(ctx, deps, auditActor(ctx), prepared.file);
    });
  }
  return router;
}
