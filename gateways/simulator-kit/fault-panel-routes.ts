import type { Router } from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { MAX_OUTAGE_SECONDS, PANEL_PATHS } from './fault-controls.js';
import type { FaultPanel } from './fault-controls.js';
import { escapeHtml, simulatorPage } from './page.js';

/**
 * The form routes behind the tester page's fault panel (fault-panel.ts). Each takes a plain form
 * post, changes the simulator's faults, outages or payments, and answers 303 back to the tester
 * page, which then shows what is armed; a value it cannot use gets a page saying why, with a
 * link back. The JSON control routes stay as they are: these only add a way without JavaScript.
 */

const FORM_LIMIT = '16kb';

async function readForm(ctx: Context): Promise<Record<string, string>> {
  const body = await getRawBody(ctx.req, { limit: FORM_LIMIT, encoding: 'utf8' });
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (!(name in fields)) fields[name] = value;
  }
  return fields;
}

/** A blank payment key means every payment. */
function keyOf(form: Record<string, string>): string | null {
  const key = form.key?.trim();
  return key ? key : null;
}

function backTo(ctx: Context, testerPath: string): void {
  ctx.status = 303;
  ctx.redirect(testerPath);
}

function refused(ctx: Context, testerPath: string, reason: string): void {
  ctx.status = 400;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.body = simulatorPage(
    'Not done',
    `<h1>Not done</h1>
<p role="alert">${escapeHtml(reason)}</p>
<p><a href="${escapeHtml(testerPath)}">Back to the tester page</a></p>`,
  );
}

/** `testerPath`: the tester page's path on the host (`/bkash/`), where every form returns. */
export function registerFaultPanelRoutes(router: Router, panel: FaultPanel, testerPath: string): void {
  router.post(PANEL_PATHS.arm, async (ctx) => {
    const form = await readForm(ctx);
    const problem = panel.arm(form.fault ?? '', form.value, keyOf(form));
    if (problem) return refused(ctx, testerPath, problem);
    backTo(ctx, testerPath);
  });

  router.post(PANEL_PATHS.disarm, async (ctx) => {
    const form = await readForm(ctx);
    panel.disarm(form.fault ?? '', keyOf(form));
    backTo(ctx, testerPath);
  });

  router.post(PANEL_PATHS.outage, async (ctx) => {
    const form = await readForm(ctx);
    const outages = panel.outages;
    const api = form.api ?? '';
    if (!outages?.apis.some(([known]) => known === api)) {
      return refused(ctx, testerPath, `no such API: ${api}`);
    }
    const seconds = /^\d+$/.test(form.seconds ?? '') ? Number(form.seconds) : NaN;
    if (!(seconds >= 1 && seconds <= MAX_OUTAGE_SECONDS)) {
      return refused(
        ctx,
        testerPath,
        `the outage lasts a whole number of seconds from 1 to ${MAX_OUTAGE_SECONDS}`,
      );
    }
    outages.take(api, seconds * 1000);
    backTo(ctx, testerPath);
  });

  router.post(PANEL_PATHS.restore, async (ctx) => {
    const form = await readForm(ctx);
    const api = form.api ?? '';
    if (panel.outages?.apis.some(([known]) => known === api)) panel.outages.restore(api);
    backTo(ctx, testerPath);
  });

  router.post(PANEL_PATHS.clear, (ctx) => {
    panel.clear();
    backTo(ctx, testerPath);
  });

  router.post(`${PANEL_PATHS.actions}/:name`, async (ctx) => {
    const action = panel.actions.find((candidate) => candidate.name === ctx.params.name);
    if (!action) return refused(ctx, testerPath, `no such action: ${ctx.params.name ?? ''}`);
    const form = await readForm(ctx);
    const unusable = action.fields.find((field) => {
      const value = form[field.name]?.trim() ?? '';
      if (field.kind === 'choice') return !field.options.some(([option]) => option === value);
      return value === '' || value.length > field.maxLength;
    });
    if (unusable) return refused(ctx, testerPath, `${unusable.label}: missing or not one the form offers`);
    const problem = await action.run(form);
    if (problem) return refused(ctx, testerPath, problem);
    backTo(ctx, testerPath);
  });
}
