import Router from '@koa/router';
import { withoutEmpty } from '../payments/queries.js';
import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Middleware } from 'koa';
import { ApiError } from '../../../domain/shared/errors.js';
import { safeReturnPath } from '../../../domain/operators/return-path.js';
import { can, type Action } from '../../../domain/operators/permissions.js';
import { mustEnrolFirst } from '../../../domain/operators/second-factor-policy.js';
import type { ApiDeps } from '../../deps.js';
import { readForm } from '../../middleware/body.js';
import { stepUpStartPath } from '../oidc.js';
import { confirmStepUp, stepUpAsks } from '../step-up.js';
import { html, SafeHtml } from '../../pages/html.js';
import {
  assertSameOrigin,
  authorize,
  clearSessionCookie,
  cookieOptions,
  loadSession,
  sameSecret,
  type AdminState,
} from '../session.js';
import { adminPage, csrfField } from './layout.js';
import { stepUpAnswerField } from './step-up-inline.js';

/**
 * Dashboard pages share the admin API's rules (session, CSRF, permission table, step-up); they
 * differ only in answering with HTML and redirects instead of the JSON envelope.
 */
export function pageSession(deps: ApiDeps): Middleware {
  return async (ctx, next) => {
    const live = await loadSession(deps, ctx);
    if (!live) {
      const target = ctx.method === 'GET' ? ctx.originalUrl : '/admin';
      return ctx.redirect(`/admin/login?next=${encodeURIComponent(target)}`);
    }
    ctx.state.admin = live;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Frame-Options', 'DENY');
    // Under the required posture, an ADMIN or FINANCE operator without a second factor may only
    // enrol (and change their password or sign out) until they have one.
    if (
      live.session.secondFactorSource !== 'IDP' &&
      mustEnrolFirst(deps.config.OPERATOR_SECOND_FACTOR, live.operator) &&
      !ctx.path.startsWith('/admin/account')
    ) {
      return ctx.redirect('/admin/account/second-factor');
    }
    await next();
  };
}

export function admin(ctx: Context): AdminState {
  return ctx.state.admin as AdminState;
}

/**
 * Where a list page's saved views strip waits for the page to be drawn (api/admin/saved-views/):
 * set before the list's own handler runs, drawn above what it renders.
 */
export const LIST_STRIP = 'listStrip';

/** Renders a full dashboard page for the signed-in operator. */
export function render(
  ctx: Context,
  page: {
    title: string;
    active?: string;
    body: SafeHtml;
    status?: number;
    flash?: { kind: 'ok' | 'error'; message: string } | null;
  },
): void {
  const { operator, session } = admin(ctx);
  const flash = page.flash ?? flashFromQuery(ctx);
  ctx.status = page.status ?? 200;
  ctx.type = 'html';
  // The list itself or its filters refused (400): the strip stays, a saved view is a way out.
  const strip =
    ctx.status === 200 || ctx.status === 400 ? (ctx.state[LIST_STRIP] as SafeHtml | undefined) : undefined;
  const body = strip ? html`${strip}${page.body}` : page.body;
  ctx.body = adminPage({ ...page, body, operator, csrfToken: session.csrfToken, flash });
}

/**
 * A flash message travels in the redirect's query, signed with the session's own secret: a
 * crafted link cannot make the dashboard show an operator words the server never said.
 */
function flashSignature(ctx: Context, kind: string, message: string): string {
  return createHmac('sha256', admin(ctx).session.csrfToken)
    .update(`flash\n${kind}\n${message}`)
    .digest('base64url')
    .slice(0, 22);
}

function flashFromQuery(ctx: Context) {
  const signature = typeof ctx.query.sig === 'string' ? ctx.query.sig : '';
  for (const kind of ['ok', 'error'] as const) {
    const message = ctx.query[kind];
    if (typeof message !== 'string' || !message) continue;
    if (!sameSecret(signature, flashSignature(ctx, kind, message))) return null;
    return { kind, message: message.slice(0, 300) };
  }
  return null;
}

/**
 * Where a form returns: the page of `area` it came from (a local path only), without an earlier
 * flash message; `fallback` when it names anything else.
 */
export function returnPath(value: string | undefined, area: string, fallback: string): string {
  return safeReturnPath(value, area, fallback);
}

/**
 * Runs an operator's decision from a form and returns to `back` with its outcome as the flash: the
 * message `run` answers, or the refusal's. A step-up the decision needs asks for the password on
 * the spot, keeping what was typed.
 */
export async function decideFromForm(
  ctx: Context,
  back: string,
  fields: Record<string, string>,
  run: () => Promise<string>,
): Promise<void> {
  try {
    redirectWith(ctx, back, { ok: await run() });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'STEP_UP_REQUIRED') return renderStepUp(ctx, { ...fields }, null);
    redirectWith(ctx, back, { error: error.message });
  }
}

/** A refused form, in one line an operator can act on. */
export function formProblem(issues: Array<{ field: string; message: string }>): string {
  return `Check the form: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
}

/** Redirect after a successful form post (post/redirect/get), with a flash message. */
export function redirectWith(ctx: Context, path: string, flash: { ok?: string; error?: string }): void {
  const url = new URL(safeReturnPath(path, '/admin', '/admin'), 'http://x');
  for (const kind of ['ok', 'error'] as const) {
    const message = flash[kind];
    if (!message) continue;
    url.searchParams.set(kind, message);
    url.searchParams.set('sig', flashSignature(ctx, kind, message));
    break;
  }
  ctx.redirect(url.pathname + url.search);
}

/** Page shown when the role table says no: the server refuses, whatever the page offered. */
export function renderForbidden(ctx: Context, message: string): void {
  render(ctx, {
    title: 'Not allowed',
    status: 403,
    body: html`<div class="card" data-testid="forbidden">
      <h1>Not allowed</h1>
      <p>${message}</p>
      <p><a href="/admin">Back to the overview</a></p>
    </div>`,
  });
}

/**
 * A state-changing dashboard form: checks the CSRF token, the role, and step-up. When step-up is
 * needed, the same form comes back with a password field and every original field kept, so the
 * operator confirms and the action completes in one more submit.
 */
export function formAction(
  deps: ApiDeps,
  action: Action,
  handler: (ctx: Context, fields: Record<string, string>) => Promise<void>,
  /** How the form's fields are read: urlencoded unless the form uploads a file. */
  readFields: (ctx: Context) => Promise<Record<string, string>> = readForm,
  /**
   * What the form must hold before the operator is asked to confirm it is them: false when it
   * answered the page itself (the form drawn again with what is wrong), so a mistyped amount is
   * said at once, not after a password or a sign-in at the identity provider.
   */
  checkFirst?: (ctx: Context, fields: Record<string, string>) => Promise<boolean>,
): Middleware {
  return async (ctx) => {
    assertSameOrigin(ctx, deps);
    const state = admin(ctx);
    // A role the action is not for is refused before the body (an upload's file included) is read.
    if (!can(state.operator.role, action)) {
      return renderForbidden(ctx, `Your role (${state.operator.role}) does not allow ${action}`);
    }
    const fields = await readFields(ctx);
    if (!sameSecret(fields._csrf ?? '', state.session.csrfToken)) {
      return renderForbidden(ctx, 'This form has expired. Reload the page and try again.');
    }
    const { _csrf: _seen, _step_up_password: _typed, _step_up_code: _entered, ...typedFields } = fields;
    if (checkFirst && !(await checkFirst(ctx, typedFields))) return;
    if (fields._step_up_password !== undefined || fields._step_up_code !== undefined) {
      if (!(await stepUpFromForm(deps, ctx, fields, { action: ctx.path, returnTo: backTo(ctx) }))) return;
    }
    try {
      authorize(deps, state, action);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'STEP_UP_REQUIRED')
        return renderStepUp(ctx, fields, null);
      if (error instanceof ApiError && error.code === 'FORBIDDEN') return renderForbidden(ctx, error.message);
      throw error;
    }
    const { _csrf: _token, _step_up_password: _password, _step_up_code: _code, ...rest } = fields;
    await handler(ctx, rest);
  };
}

/**
 * Checks a step-up answer a form carried. Right: true, and the request goes on. Otherwise the
 * page is answered here (the step-up again, with what was wrong; or the sign-in page once too many
 * wrong answers ended the session) and false.
 */
async function stepUpFromForm(
  deps: ApiDeps,
  ctx: Context,
  fields: Record<string, string>,
  form: StepUpForm,
): Promise<boolean> {
  const state = admin(ctx);
  const outcome = await confirmStepUp(deps, deps.orm.em.fork() as EntityManager, ctx, state, {
    password: fields._step_up_password,
    code: fields._step_up_code,
  });
  if (outcome === 'CONFIRMED') return true;
  if (outcome === 'SESSION_ENDED') {
    clearSessionCookie(deps, ctx);
    ctx.redirect('/admin/login');
    return false;
  }
  const problem =
    outcome === 'ELSEWHERE'
      ? null
      : stepUpAsks(state) === 'CODE'
        ? 'That code is not valid, or it was already used.'
        : 'That password is not correct.';
  renderStepUp(ctx, fields, problem, form);
  return false;
}

/**
 * Role check for a page that only shows data. A page that leads to a step-up action (the form to
 * register an app) asks for the step-up itself once the window has passed, rather than a dead end:
 * the step-up form, or the provider's link, coming back to the page.
 */
export function viewPermission(deps: ApiDeps, action: Action): Middleware {
  return async (ctx, next) => {
    try {
      authorize(deps, admin(ctx), action);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'FORBIDDEN') return renderForbidden(ctx, error.message);
      if (error instanceof ApiError && error.code === 'STEP_UP_REQUIRED' && ctx.method === 'GET') {
        const page = safeReturnPath(ctx.originalUrl, '/admin', '/admin');
        return renderStepUp(ctx, { next: page }, null, { action: STEP_UP_PAGE, returnTo: page });
      }
      throw error;
    }
    await next();
  };
}

/** Where the step-up form of a page (not of an action's form) is sent. */
const STEP_UP_PAGE = '/admin/step-up';

/**
 * POST /admin/step-up: the step-up a page asked for before showing itself; right, the operator
 * goes back to the page (`next`).
 */
export function stepUpPageRoutes(deps: ApiDeps): Router {
  const router = new Router();
  router.post('/step-up', async (ctx) => {
    assertSameOrigin(ctx, deps);
    const fields = await readForm(ctx);
    if (!sameSecret(fields._csrf ?? '', admin(ctx).session.csrfToken)) {
      return renderForbidden(ctx, 'This form has expired. Reload the page and try again.');
    }
    const page = safeReturnPath(fields.next, '/admin', '/admin');
    const answered = await stepUpFromForm(
      deps,
      ctx,
      { next: page, ...stepUpAnswers(fields) },
      {
        action: STEP_UP_PAGE,
        returnTo: page,
      },
    );
    if (answered) ctx.redirect(page);
  });
  return router;
}

const stepUpAnswers = (fields: Record<string, string>) => ({
  ...(fields._step_up_password !== undefined && { _step_up_password: fields._step_up_password }),
  ...(fields._step_up_code !== undefined && { _step_up_code: fields._step_up_code }),
});

/** The dashboard page an action came from (its Referer on this site), else the overview. */
function backTo(ctx: Context): string {
  const referer = ctx.get('referer');
  try {
    const url = new URL(referer);
    return url.host === ctx.host && url.pathname.startsWith('/admin')
      ? `${url.pathname}${url.search}`
      : '/admin';
  } catch {
    return '/admin';
  }
}

/**
 * Where a step-up form is sent (by default the action's own address) and where the provider's
 * round trip comes back to (by default the page the action came from).
 */
export interface StepUpForm {
  action: string;
  returnTo: string;
}

/**
 * The step-up form: the authenticator code (the password, for an operator without a second
 * factor), every field of the original form kept. A person of the identity provider with no code
 * here gets the provider's link instead.
 */
export function renderStepUp(
  ctx: Context,
  fields: Record<string, string>,
  problem: string | null,
  form: StepUpForm = { action: ctx.path, returnTo: backTo(ctx) },
): void {
  const state = admin(ctx);
  const { session } = state;
  const asks = stepUpAsks(state);
  // A sign-in at the provider leaves this page: what a form held comes back with the return (a
  // page that asked for the step-up itself held none).
  const returnTo = form.action === STEP_UP_PAGE ? form.returnTo : withResumedForm(form.returnTo, fields);
  if (asks === 'IDENTITY_PROVIDER') return renderProviderStepUp(ctx, returnTo);
  const withCode = asks === 'CODE';
  const carried = Object.entries(fields).filter(
    ([name]) => name !== '_csrf' && name !== '_step_up_password' && name !== '_step_up_code',
  );
  // A password typed into the original form (a new operator's) is never echoed back into the
  // page, not even hidden: the operator types it again here.
  const isSecret = (name: string) => /password/i.test(name);
  const kept = carried
    .filter(([name]) => !isSecret(name))
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`);
  const retyped = carried
    .filter(([name]) => isSecret(name))
    .map(
      ([name]) =>
        html`<p>
          <label
            >Re-enter the new ${name.replace(/[_-]+/g, ' ').toLowerCase()}
            <input type="password" name="${name}" autocomplete="new-password" required
          /></label>
        </p>`,
    );
  const answer = stepUpAnswerField({ asks }, withCode ? 'step-up-code' : 'step-up-password', null, {
    autofocus: true,
    passwordLabel: 'Password',
  });
  const title = withCode ? 'Confirm with your code' : 'Confirm your password';
  render(ctx, {
    title,
    status: problem ? 401 : 403,
    body: html`<div class="card" data-testid="step-up">
      <h1>${title}</h1>
      <p>
        ${
          withCode
            ? 'This action needs a fresh code from your authenticator app. Enter it to continue.'
            : 'This action needs your password again. Enter it to continue.'
        }
      </p>
      ${problem ? html`<p class="flash error" role="alert">${problem}</p>` : ''}
      <form method="post" action="${form.action}">
        ${csrfField(session.csrfToken)} ${kept} ${retyped} ${answer}
        <p><button type="submit" data-testid="step-up-confirm">Confirm and continue</button></p>
      </form>
      ${
        state.operator.oidcSubject
          ? html`<p>
              <a href="${stepUpStartPath(returnTo)}" data-testid="step-up-oidc"
                >Confirm by signing in again with your identity provider</a
              >, then repeat the action.
            </p>`
          : ''
      }
    </div>`,
  });
}

/**
 * The step-up of a person of the identity provider with no code here: only the provider can
 * confirm it is them (the same round trip the JSON API's answer names), then they repeat the action.
 */
function renderProviderStepUp(ctx: Context, returnTo: string): void {
  render(ctx, {
    title: 'Confirm it is you',
    status: 403,
    body: html`<div class="card" data-testid="step-up">
      <h1>Confirm it is you</h1>
      <p>This action needs a fresh sign-in with your identity provider.</p>
      <p>
        <a class="button" href="${stepUpStartPath(returnTo)}" data-testid="step-up-oidc"
          >Sign in again with your identity provider</a
        >, then repeat the action.
      </p>
    </div>`,
  });
}

/** The query parameter a page reads a form back from after a step-up at the identity provider. */
const RESUMED_FORM = 'resume';
/** At most this many characters of a form carried through the provider (a URL stays short). */
const RESUMED_FORM_MAX = 1500;

/**
 * `returnTo` carrying what the operator typed (never a secret, a token or a password), for the
 * page to draw its form again once the provider sends them back.
 */
function withResumedForm(returnTo: string, fields: Record<string, string>): string {
  const kept = Object.fromEntries(
    Object.entries(fields).filter(([name]) => !name.startsWith('_') && !/password|secret|token/i.test(name)),
  );
  if (Object.keys(kept).length === 0) return returnTo;
  const carried = Buffer.from(JSON.stringify(kept)).toString('base64url');
  if (carried.length > RESUMED_FORM_MAX) return returnTo;
  return `${returnTo}${returnTo.includes('?') ? '&' : '?'}${RESUMED_FORM}=${carried}`;
}

/** The form a page's query carries back from the provider (withResumedForm), or null. */
export function resumedForm(ctx: Context): Record<string, string> | null {
  const carried = ctx.query[RESUMED_FORM];
  if (typeof carried !== 'string' || carried.length > RESUMED_FORM_MAX) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(carried, 'base64url').toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const entries = Object.entries(parsed as Record<string, unknown>);
    return entries.every(([, value]) => typeof value === 'string')
      ? (Object.fromEntries(entries) as Record<string, string>)
      : null;
  } catch {
    return null;
  }
}

/** A list page's filter form as the query filled it: only its own fields, trimmed, none empty. */
export function filterValues(ctx: Context, fields: readonly string[]): Record<string, string> {
  const present = withoutEmpty(ctx.query);
  return Object.fromEntries(
    fields.filter((f) => present[f] !== undefined).map((f) => [f, present[f]!.trim()]),
  );
}

/** The filters and the page the query asks for, as a list query's schema takes them. */
export function withRequestedPage(ctx: Context, form: Record<string, string>): Record<string, string> {
  const page = typeof ctx.query.page === 'string' ? ctx.query.page : undefined;
  return { ...form, ...(page && { page }) };
}

export { csrfField, SafeHtml, cookieOptions };
