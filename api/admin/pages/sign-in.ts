import Router from '@koa/router';
import { rateLimit } from '../../middleware/rate-limit.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit } from '../../../db/audit.js';
import { findLiveSession, revokeSession } from '../../../db/operators.js';
import { ApiError } from '../../../domain/errors.js';
import type { ApiDeps } from '../../deps.js';
import { readForm } from '../../middleware/body.js';
import { html } from '../../pages/html.js';
import {
  SESSION_COOKIE,
  assertSameOrigin,
  cookieOptions,
  now,
  sameSecret,
  sessionPolicy,
} from '../session.js';
import { signIn, signInFields } from '../sign-in.js';
import { shell } from './layout.js';

/** Only same-site paths under /admin are followed after sign-in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/admin';
}

function signInPage(next: string, problem: string | null, email = ''): string {
  return shell(
    'Sign in',
    html`<main style="max-width:24rem">
      <div class="card">
        <h1>Sign in to OI Payments</h1>
        ${problem ? html`<p class="flash error" role="alert" data-testid="sign-in-error">${problem}</p>` : ''}
        <form method="post" action="/admin/login">
          <input type="hidden" name="next" value="${next}" />
          <p>
            <label
              >Email
              <input type="email" name="email" value="${email}" autocomplete="username" required autofocus
            /></label>
          </p>
          <p>
            <label
              >Password <input type="password" name="password" autocomplete="current-password" required
            /></label>
          </p>
          <p><button type="submit" data-testid="sign-in">Sign in</button></p>
        </form>
      </div>
    </main>`,
  );
}

export function signInPageRoutes(deps: ApiDeps): Router {
  const router = new Router({ prefix: '/admin' });

  router.get('/login', async (ctx) => {
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = signInPage(safeNext(ctx.query.next), null);
  });

  const limited = rateLimit(deps, { name: 'sign-in', perMinute: deps.config.RATE_LIMIT_SIGN_IN_PER_MINUTE });
  router.post('/login', limited, async (ctx) => {
    assertSameOrigin(ctx, deps);
    const fields = await readForm(ctx);
    const next = safeNext(fields.next);
    const entered = signInFields.safeParse({ email: fields.email ?? '', password: fields.password ?? '' });
    if (!entered.success) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = signInPage(
        next,
        'Enter your email (at most 254 characters) and your password (at most 1,024 characters).',
        (fields.email ?? '').slice(0, 254),
      );
      return;
    }
    try {
      await signIn(deps, ctx, entered.data.email, entered.data.password);
      ctx.redirect(next);
    } catch (error) {
      if (!(error instanceof ApiError) || !['INVALID_LOGIN', 'LOGIN_THROTTLED'].includes(error.code))
        throw error;
      ctx.status = error.status;
      ctx.type = 'html';
      ctx.body = signInPage(next, error.message, fields.email ?? '');
    }
  });

  router.post('/logout', async (ctx) => {
    assertSameOrigin(ctx, deps);
    const fields = await readForm(ctx);
    const token = ctx.cookies.get(SESSION_COOKIE);
    const db = deps.orm.em.fork() as EntityManager;
    const live = token ? await findLiveSession(db, token, now(deps), sessionPolicy(deps)) : null;
    if (live && sameSecret(fields._csrf ?? '', live.session.csrfToken)) {
      await revokeSession(db, live.session.id, now(deps));
      await appendAudit(
        db,
        { type: 'OPERATOR', id: String(live.operator.id), label: live.operator.email, ip: ctx.ip || null },
        { action: 'operator.logout', targetType: 'operator', targetId: live.operator.id },
      );
      ctx.cookies.set(SESSION_COOKIE, '', cookieOptions(deps, 0));
    }
    ctx.redirect('/admin/login');
  });

  return router;
}
