import Router from '@koa/router';
import { html } from '../../pages/html.js';
import { render, viewPermission } from '../pages/page-context.js';
import { withoutEmpty } from '../payments/queries.js';
import { auditActor } from '../session.js';
import type { RouteDeps } from '../../deps.js';
import { EXPORT_KINDS } from './catalogue.js';
import { sendCsvExport } from './csv-export.js';

/**
 * /admin/exports/*.csv: the dashboard's Download CSV links. A list page's filter form sends its
 * empty fields too; they mean "no filter", as on the page.
 */
export function exportsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  for (const kind of EXPORT_KINDS) {
    router.get(`/exports/${kind.file}`, viewPermission(deps, kind.action), async (ctx) => {
      const prepared = kind.prepare(deps, withoutEmpty(ctx.query));
      if ('issues' in prepared) {
        const problems = prepared.issues.map((i) => `${i.field}: ${i.message}`);
        return render(ctx, {
          title: 'Export not possible',
          status: 400,
          flash: { kind: 'error', message: `Check the filters: ${problems.join('; ')}` },
          body: html`<div class="card" data-testid="export-problem">
            <h1>This export cannot be made</h1>
            <p>Go back, correct the filters and download again.</p>
          </div>`,
        });
      }
      await sendCsvExport(ctx, deps, auditActor(ctx), prepared.file);
    });
  }
  return router;
}
