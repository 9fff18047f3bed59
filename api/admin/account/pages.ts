import Router from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../../domain/shared/errors.js';
import { MIN_PASSWORD_LENGTH } from '../../../domain/operators/passwords.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { newPasswordField } from '../pages/new-password-field.js';
import { companyTime } from '../pages/times.js';
import { admin, csrfField, formAction, redirectWith, render, renderStepUp } from '../pages/page-context.js';
import { clearSessionCookie } from '../session.js';
import {
  changeOwnPassword,
  finishEnrolment,
  pendingOffer,
  secondFactorStatus,
  startEnrolment,
  type EnrolmentOffer,
} from './service.js';

/** GET /admin/account: the second factor's state and the password change form. */
async function accountPage(deps: RouteDeps, ctx: Context): Promise<void> {
  const state = admin(ctx);
  const status = await secondFactorStatus(deps, state);
  const csrf = state.session.csrfToken;
  render(ctx, {
    title: 'Your account',
    body: html`<h1>Your account</h1>
      <section class="card" data-testid="second-factor-status">
        <h2>Second factor</h2>
        ${
          status.enrolled
            ? html`<p>
                  An authenticator app is enrolled (since ${companyTime(status.enrolledAt)}).
                  <span data-testid="recovery-codes-left">${status.recoveryCodesLeft}</span> recovery codes
                  are unused.
                </p>
                <form method="post" action="/admin/account/second-factor/replace">
                  ${csrfField(csrf)}
                  <button type="submit" class="secondary" data-testid="replace-second-factor">
                    Replace the authenticator app
                  </button>
                </form>`
            : html`<p>
                  No authenticator app yet.
                  ${status.requiredForRole ? 'Your role needs one before you can do anything else.' : ''}
                </p>
                <p>
                  <a class="button" href="/admin/account/second-factor" data-testid="enrol-link"
                    >Set up an app</a
                  >
                </p>`
        }
      </section>
      <section class="card">
        <h2>Change your password</h2>
        <form method="post" action="/admin/account/password" data-testid="password-change">
          ${csrfField(csrf)}
          <div class="row">
            <label
              >Current password
              <input type="password" name="currentPassword" autocomplete="current-password" required
            /></label>
            ${newPasswordField()}
            <button type="submit" data-testid="password-change-submit">Change password</button>
          </div>
          <p class="muted">
            At least ${MIN_PASSWORD_LENGTH} characters and not your email. Your other sessions end.
          </p>
        </form>
      </section>`,
  });
}

/** The QR code and the secret as text, with the form for the first code. */
function renderOffer(ctx: Context, offer: EnrolmentOffer, problem: string | null): void {
  const { session } = admin(ctx);
  render(ctx, {
    title: 'Set up an authenticator app',
    status: problem ? 400 : 200,
    flash: problem ? { kind: 'error', message: problem } : null,
    body: html`<div class="card" data-testid="enrolment">
      <h1>Set up an authenticator app</h1>
      <p>Scan this code with your authenticator app (or type the key below), then enter the code it shows.</p>
      <p>
        <img src="${offer.qrCodeDataUrl}" alt="QR code for your authenticator app" width="220" height="220" />
      </p>
      <p>Key: <span class="secret" data-testid="totp-secret">${offer.secret}</span></p>
      <form method="post" action="/admin/account/second-factor">
        ${csrfField(session.csrfToken)}
        <div class="row">
          <label
            >Code from the app
            <input
              type="text"
              name="code"
              inputmode="numeric"
              autocomplete="one-time-code"
              required
              autofocus
              data-testid="enrolment-code"
          /></label>
          <button type="submit" data-testid="enrolment-confirm">Confirm</button>
        </div>
      </form>
    </div>`,
  });
}

/** GET /admin/account/second-factor: the waiting enrolment, or a new one when none is enrolled. */
async function enrolmentPage(deps: RouteDeps, ctx: Context): Promise<void> {
  const state = admin(ctx);
  const waiting = await pendingOffer(deps, state);
  if (waiting) return renderOffer(ctx, waiting, null);
  if (state.operator.totpEnrolledAt) return ctx.redirect('/admin/account');
  renderOffer(ctx, await startEnrolment(deps, state), null);
}

function recoveryCodesPage(ctx: Context, codes: string[]): void {
  render(ctx, {
    title: 'Your recovery codes',
    body: html`<div class="card" data-testid="recovery-codes">
      <h1>Your recovery codes</h1>
      <p>
        Your authenticator app is set up. Keep these codes somewhere safe: each lets you sign in once without
        the app. They are shown only now.
      </p>
      <ul class="mono">
        ${codes.map((code) => html`<li data-testid="recovery-code">${code}</li>`)}
      </ul>
      <p><a class="button" href="/admin" data-testid="enrolment-done">Continue to the dashboard</a></p>
    </div>`,
  });
}

export function accountPages(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/account', (ctx) => accountPage(deps, ctx));
  router.get('/account/second-factor', (ctx) => enrolmentPage(deps, ctx));

  router.post(
    '/account/second-factor',
    formAction(deps, 'dashboard.read', async (ctx, fields) => {
      const state = admin(ctx);
      try {
        const { recoveryCodes } = await finishEnrolment(deps, ctx, state, fields.code ?? '');
        recoveryCodesPage(ctx, recoveryCodes);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const waiting = await pendingOffer(deps, state);
        if (!waiting) return redirectWith(ctx, '/admin/account', { error: error.message });
        renderOffer(ctx, waiting, error.message);
      }
    }),
  );

  router.post(
    '/account/second-factor/replace',
    formAction(deps, 'dashboard.read', async (ctx, fields) => {
      try {
        renderOffer(ctx, await startEnrolment(deps, admin(ctx)), null);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'STEP_UP_REQUIRED')
          return renderStepUp(ctx, fields, null);
        throw error;
      }
    }),
  );

  router.post(
    '/account/password',
    formAction(deps, 'dashboard.read', async (ctx, fields) => {
      try {
        const changed = await changeOwnPassword(deps, ctx, admin(ctx), {
          currentPassword: fields.currentPassword ?? '',
          newPassword: fields.newPassword ?? '',
        });
        if (changed.sessionEnded) {
          clearSessionCookie(deps, ctx);
          return ctx.redirect('/admin/login');
        }
        redirectWith(ctx, '/admin/account', {
          ok: `Your password is changed; ${changed.sessionsEnded} other session(s) ended.`,
        });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        redirectWith(ctx, '/admin/account', { error: error.message });
      }
    }),
  );
  return router;
}
