import Router from '@koa/router';
import { rateLimit } from '../../middleware/rate-limit.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { appendAudit } from '../../../db/operators/audit.js';
import { completePasswordReset, findPasswordReset } from '../../../db/operators/operator-passwords.js';
import { findLiveSession, revokeSession } from '../../../db/operators/operators.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { MIN_PASSWORD_LENGTH } from '../../../domain/operators/passwords.js';
import type { ApiDeps } from '../../deps.js';
import { readForm } from '../../middleware/body.js';
import { html } from '../../pages/html.js';
import {
  assertSameOrigin,
  clearSessionCookie,
  now,
  readSessionCookie,
  sameSecret,
  sessionPolicy,
} from '../session.js';
import { completeSignIn, secondFactorFields, signIn, signInFields } from '../sign-in.js';
import { shell } from './layout.js';
import { breakGlassOn } from '../../../platform/config/deployment.js';
import { oidcEnabled } from '../oidc.js';
import { newPasswordField } from './new-password-field.js';

/** Only same-site paths under /admin are followed after sign-in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/admin';
}

/** Refusals a sign-in page shows in words; anything else is a fault. */
const SHOWN = [
  'INVALID_LOGIN',
  'LOGIN_THROTTLED',
  'SECOND_FACTOR_INVALID',
  'SIGN_IN_CHALLENGE_INVALID',
  'SECOND_FACTOR_LOCKED',
  'LOCAL_SIGN_IN_DISABLED',
];

/** How people sign in here: the identity provider's button, and the password form while break-glass is on. */
interface SignInDoors {
  provider: string | null;
  passwords: boolean;
}

function doorsOf(deps: ApiDeps): SignInDoors {
  return {
    provider: oidcEnabled(deps) ? deps.config.OIDC_DISPLAY_NAME : null,
    passwords: breakGlassOn(deps.config),
  };
}

function providerButton(doors: SignInDoors, next: string) {
  if (!doors.provider) return '';
  return html`<p>
    <a class="button" href="/admin/oidc/start?next=${encodeURIComponent(next)}" data-testid="sign-in-oidc"
      >Sign in with ${doors.provider}</a
    >
  </p>`;
}

/**
 * Back from the provider: on to the page asked for, as a navigation of this site. After a step-up
 * the operator was already signed in; the page says what the provider confirmed.
 */
export function continuePage(next: string, kind: 'SIGNED_IN' | 'STEPPED_UP' = 'SIGNED_IN'): string {
  const steppedUp = kind === 'STEPPED_UP';
  const title = steppedUp ? 'Step-up confirmed' : 'Signed in';
  return shell(
    title,
    html`<meta http-equiv="refresh" content="0;url=${next}" />
      <main style="max-width:24rem">
        <div class="card" data-testid="${steppedUp ? 'stepped-up' : 'signed-in'}">
          <h1>${title}</h1>
          ${steppedUp ? html`<p>Your identity provider confirmed it is you.</p>` : ''}
          <p>
            <a href="${next}" data-testid="continue"
              >${steppedUp ? 'Continue where you were' : 'Continue to the dashboard'}</a
            >
          </p>
        </div>
      </main>`,
  );
}

/** A sign-in through the provider that could not finish, with the way back. */
export function problemPage(deps: ApiDeps, problem: string): string {
  return signInPage(doorsOf(deps), '/admin', problem);
}

function signInPage(doors: SignInDoors, next: string, problem: string | null, email = ''): string {
  return shell(
    'Sign in',
    html`<main style="max-width:24rem">
      <div class="card">
        <h1>Sign in to OI Payments</h1>
        ${problem ? html`<p class="flash error" role="alert" data-testid="sign-in-error">${problem}</p>` : ''}
        ${providerButton(doors, next)}
        ${
          doors.passwords
            ? html`${doors.provider ? html`<p class="muted">Break-glass local account:</p>` : ''}${passwordForm(next, email)}`
            : ''
        }
      </div>
    </main>`,
  );
}

function passwordForm(next: string, email: string) {
  return html`<form method="post" action="/admin/login">
    <input type="hidden" name="next" value="${next}" />
    <p>
      <label
        >Email <input type="email" name="email" value="${email}" autocomplete="username" required autofocus
      /></label>
    </p>
    <p>
      <label
        >Password <input type="password" name="password" autocomplete="current-password" required
      /></label>
    </p>
    <p><button type="submit" data-testid="sign-in">Sign in</button></p>
  </form>`;
}

/** Step two for an operator with a second factor: the code, the challenge carried in the form. */
export function codePage(next: string, challenge: string, problem: string | null): string {
  return shell(
    'Your code',
    html`<main style="max-width:24rem">
      <div class="card" data-testid="second-factor-step">
        <h1>Enter your code</h1>
        ${problem ? html`<p class="flash error" role="alert" data-testid="sign-in-error">${problem}</p>` : ''}
        <p>
          Open your authenticator app and enter the six-digit code for OI Payments, or one of your recovery
          codes.
        </p>
        <form method="post" action="/admin/login/second-factor">
          <input type="hidden" name="next" value="${next}" />
          <input type="hidden" name="challenge" value="${challenge}" />
          <p>
            <label
              >Code
              <input
                type="text"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                required
                autofocus
                maxlength="64"
                data-testid="second-factor-code"
            /></label>
          </p>
          <p><button type="submit" data-testid="second-factor-submit">Continue</button></p>
        </form>
        <p><a href="/admin/login">Start again</a></p>
      </div>
    </main>`,
  );
}

function resetPage(token: string, problem: string | null, state: 'form' | 'done' | 'dead' = 'form'): string {
  return shell(
    'Choose a new password',
    html`<main style="max-width:28rem">
      <div class="card" data-testid="password-reset">
        <h1>Choose a new password</h1>
        ${problem ? html`<p class="flash error" role="alert" data-testid="reset-error">${problem}</p>` : ''}
        ${
          state === 'done'
            ? html`<p class="flash" role="status" data-testid="reset-done">
                Your password is changed and every earlier session has ended.
              </p>`
            : ''
        }
        ${
          state === 'form'
            ? html`<form method="post" action="/admin/password-reset">
                <input type="hidden" name="token" value="${token}" />
                <p>${newPasswordField()}</p>
                <p class="muted">
                  At least ${MIN_PASSWORD_LENGTH} characters, not your email; a few words make a good one.
                </p>
                <p><button type="submit" data-testid="reset-submit">Set the new password</button></p>
              </form>`
            : html`<p><a href="/admin/login">Sign in</a></p>`
        }
      </div>
    </main>`,
  );
}

function show(ctx: Context, status: number, page: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = page;
}

export function signInPageRoutes(deps: ApiDeps): Router {
  const router = new Router({ prefix: '/admin' });

  router.get('/login', async (ctx) => {
    show(ctx, 200, signInPage(doorsOf(deps), safeNext(ctx.query.next), null));
  });

  const limited = rateLimit(deps, { name: 'sign-in', perMinute: deps.config.RATE_LIMIT_SIGN_IN_PER_MINUTE });
  router.post('/login', limited, async (ctx) => {
    assertSameOrigin(ctx, deps);
    const fields = await readForm(ctx);
    const next = safeNext(fields.next);
    const entered = signInFields.safeParse({ email: fields.email ?? '', password: fields.password ?? '' });
    if (!entered.success) {
      return show(
        ctx,
        400,
        signInPage(
          doorsOf(deps),
          next,
          'Enter your email (at most 254 characters) and your password (at most 1,024 characters).',
          (fields.email ?? '').slice(0, 254),
        ),
      );
    }
    try {
      await signIn(deps, ctx, entered.data.email, entered.data.password);
      ctx.redirect(next);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'SECOND_FACTOR_REQUIRED') {
        const { challenge } = error.details as { challenge: string };
        return show(ctx, 200, codePage(next, challenge, null));
      }
      if (!(error instanceof ApiError) || !SHOWN.includes(error.code)) throw error;
      show(ctx, error.status, signInPage(doorsOf(deps), next, error.message, fields.email ?? ''));
    }
  });

  router.post('/login/second-factor', limited, async (ctx) => {
    assertSameOrigin(ctx, deps);
    const fields = await readForm(ctx);
    const next = safeNext(fields.next);
    const entered = secondFactorFields.safeParse({
      challenge: fields.challenge ?? '',
      code: fields.code ?? '',
    });
    if (!entered.success)
      return show(ctx, 400, signInPage(doorsOf(deps), next, 'Start again with your email and password.'));
    try {
      await completeSignIn(deps, ctx, entered.data.challenge, entered.data.code);
      ctx.redirect(next);
    } catch (error) {
      if (!(error instanceof ApiError) || !SHOWN.includes(error.code)) throw error;
      // A wrong code may be tried again on the same challenge (until it wears out).
      if (error.code === 'SECOND_FACTOR_INVALID') {
        return show(ctx, error.status, codePage(next, entered.data.challenge, error.message));
      }
      show(ctx, error.status, signInPage(doorsOf(deps), next, error.message));
    }
  });

  router.get('/password-reset', async (ctx) => {
    const token = typeof ctx.query.token === 'string' ? ctx.query.token.slice(0, 200) : '';
    const live = token
      ? await findPasswordReset(deps.orm.em.fork() as EntityManager, token, now(deps))
      : null;
    ctx.set('Referrer-Policy', 'no-referrer');
    if (!live) return show(ctx, 400, resetPage('', new ApiError('PASSWORD_RESET_INVALID').message, 'dead'));
    show(ctx, 200, resetPage(token, null));
  });

  router.post('/password-reset', limited, async (ctx) => {
    assertSameOrigin(ctx, deps);
    const fields = await readForm(ctx);
    const token = (fields.token ?? '').slice(0, 200);
    ctx.set('Referrer-Policy', 'no-referrer');
    try {
      await completePasswordReset(deps.orm.em.fork() as EntityManager, {
        token,
        password: fields.newPassword ?? '',
        now: now(deps),
        ip: ctx.ip || null,
      });
      show(ctx, 200, resetPage('', null, 'done'));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'PASSWORD_TOO_WEAK') return show(ctx, error.status, resetPage(token, error.message));
      show(ctx, error.status, resetPage('', error.message, 'dead'));
    }
  });

  router.post('/logout', async (ctx) => {
    assertSameOrigin(ctx, deps);
    const fields = await readForm(ctx);
    const token = readSessionCookie(deps, ctx);
    const db = deps.orm.em.fork() as EntityManager;
    const live = token ? await findLiveSession(db, token, now(deps), sessionPolicy(deps)) : null;
    if (live && sameSecret(fields._csrf ?? '', live.session.csrfToken)) {
      await revokeSession(db, live.session.id, now(deps));
      await appendAudit(
        db,
        { type: 'OPERATOR', id: String(live.operator.id), label: live.operator.email, ip: ctx.ip || null },
        { action: 'operator.logout', targetType: 'operator', targetId: live.operator.id },
      );
      clearSessionCookie(deps, ctx);
    }
    ctx.redirect('/admin/login');
  });

  return router;
}
