import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import type * as OpenIdClient from 'openid-client';
import { isDevelopmentStack } from '../../platform/config/deployment.js';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import { OperatorSchema, OperatorSessionSchema, type Operator } from '../../platform/orm/entities.js';
import {
  recordStepUpProof,
  rememberOidcSignIn,
  takeOidcSignIn,
  takeStepUpProof,
} from '../../db/operators/oidc-sign-ins.js';
import {
  emailTiedToAnIdentity,
  linkOperatorIdentity,
  markStepUp,
  openSession,
  tokenDigest,
} from '../../db/operators/operators.js';
import { openChallenge } from '../../db/operators/sign-in-challenges.js';
import { ApiError } from '../../domain/shared/errors.js';
import {
  groupsOf,
  parseRoleGroups,
  providerSecondFactor,
  roleFromGroups,
} from '../../domain/operators/oidc.js';
import { hashPassword } from '../../domain/operators/passwords.js';
import { STEP_UP_WINDOW_MS, type Role } from '../../domain/operators/permissions.js';
import { secondFactorRequired } from '../../domain/operators/second-factor-policy.js';
import type { ApiDeps } from '../deps.js';
import { bindBrowser, presentedBrowserBinding, releaseBrowser } from './oidc-browser.js';
import { loadSession, now, sameSecret, sessionPolicy, setSessionCookie } from './session.js';
import { signInClient } from './sign-in.js';
import { randomBytes } from 'node:crypto';

/**
 * Operators sign in through the company's identity provider with OpenID Connect: authorization
 * code with PKCE (openid-client), state and nonce checked, the ID token verified against the
 * provider's keys. Who the person is comes from the provider (issuer and subject); their role from
 * their groups at every sign-in; their second factor from the provider's `amr`/`acr`, else from our
 * TOTP. The same round trip, started from a live session, is the step-up of an operator who has no
 * password here. Only the browser that started a sign-in may finish it (oidc-browser.ts).
 */

type Deps = ApiDeps;

/** The provider's configuration (discovery), fetched once per process and kept. */
let discovered: { key: string; config: Promise<OpenIdClient.Configuration> } | null = null;

// Loaded with the first sign-in through a provider, not with every API process.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const oidc = () => require('openid-client') as typeof OpenIdClient;

export function oidcEnabled(deps: Pick<Deps, 'config'>): boolean {
  return Boolean(deps.config.OIDC_ISSUER_URL && deps.config.OIDC_CLIENT_ID);
}

export function providerConfiguration(deps: Deps): Promise<OpenIdClient.Configuration> {
  const { OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = deps.config;
  const key = `${OIDC_ISSUER_URL}|${OIDC_CLIENT_ID}`;
  if (discovered?.key !== key) {
    const client = oidc();
    const insecure = new URL(OIDC_ISSUER_URL!).protocol === 'http:';
    const config = client
      .discovery(new URL(OIDC_ISSUER_URL!), OIDC_CLIENT_ID!, OIDC_CLIENT_SECRET, undefined, {
        // A provider over plain http is the development stack's own (start-up refuses it elsewhere).
        ...(insecure && isDevelopmentStack(deps.config) && { execute: [client.allowInsecureRequests] }),
      })
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    discovered = { key, config };
  }
  return discovered.config;
}

function redirectUrl(deps: Deps): string {
  return deps.config.OIDC_REDIRECT_URL ?? new URL('/admin/oidc/callback', deps.config.PUBLIC_URL).toString();
}

const safeNext = (next: unknown): string =>
  typeof next === 'string' && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/admin';

/**
 * Where an operator's browser goes to confirm a step-up with the provider (their session cookie
 * with it), landing on `next` once the fresh sign-in has confirmed the session.
 */
export function stepUpStartPath(next: string): string {
  return `/admin/oidc/start?step_up=1&next=${encodeURIComponent(safeNext(next))}`;
}

/** Where the person goes to sign in (or, with a live session and step_up=1, to confirm it is them). */
async function start(deps: Deps, ctx: Context): Promise<void> {
  if (!oidcEnabled(deps)) throw new ApiError('OIDC_NOT_CONFIGURED');
  const client = oidc();
  const config = await providerConfiguration(deps);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const live = ctx.query.step_up === '1' ? await loadSession(deps, ctx) : null;
  await rememberOidcSignIn(
    deps.orm.em.fork() as EntityManager,
    state,
    {
      codeVerifier,
      nonce,
      nextPath: safeNext(ctx.query.next),
      stepUpSessionId: live?.session.id ?? null,
      browserBinding: bindBrowser(deps, ctx),
    },
    now(deps),
  );
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUrl(deps),
    scope: deps.config.OIDC_SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // A step-up asks the provider for a fresh sign-in, not its remembered one, with the second
    // factor the provider names by acr when one is configured (amr cannot be asked for).
    ...(live && { prompt: 'login', max_age: '0' }),
    ...(live &&
      deps.config.OIDC_SECOND_FACTOR_ACR && { acr_values: acrValues(deps.config.OIDC_SECOND_FACTOR_ACR) }),
  });
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(url.toString());
}

/** The operator the provider names, created or updated to the role their groups give now. */
async function operatorFor(
  em: EntityManager,
  identity: { issuer: string; subject: string; email: string; role: Role },
  at: Date,
): Promise<Operator> {
  const actor = { type: 'SYSTEM' as const, id: null, label: `oidc:${identity.issuer}`, ip: null };
  const [linked] = await em.execute<Array<{ id: string }>>(
    'select id from operators where oidc_issuer = ? and oidc_subject = ?',
    [identity.issuer, identity.subject],
  );
  if (!linked) {
    // An account of the same email already tied to another identity is not taken over by this one.
    if (await emailTiedToAnIdentity(em, identity.email))
      throw new ApiError('EMAIL_TAKEN', 'This email belongs to another identity-provider account');
    // Nor is a local account: an email claim is no proof that its owner is the provider's person,
    // and adopting it would rewrite its role from the provider's groups. Linking the two is a
    // decision people make, not a sign-in.
    const [local] = await em.execute<Array<{ id: string }>>('select id from operators where email = ?', [
      identity.email,
    ]);
    if (local) {
      throw new ApiError(
        'EMAIL_TAKEN',
        'A local account of this email exists; the identity provider does not take it over. Ask an ADMIN to retire it or link it.',
      );
    }
  }
  const known = linked
    ? await em.findOne(OperatorSchema, { id: Number(linked.id) }, { refresh: true })
    : null;
  if (known) {
    const before = known.role;
    await linkOperatorIdentity(em, known.id, identity, at);
    if (before !== identity.role) {
      await appendAudit(em, actor, {
        action: 'operator.role_changed',
        targetType: 'operator',
        targetId: known.id,
        before: { email: known.email, role: before },
        after: { email: known.email, role: identity.role, source: 'identity provider groups' },
      });
      known.role = identity.role;
    }
    return known;
  }
  // No password here: the account signs in through the provider only.
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const [row] = await em.execute<Array<{ id: string }>>(
    `insert into operators (email, password_hash, role, status, created_at, updated_at, oidc_issuer, oidc_subject)
     values (?, ?, ?, 'ACTIVE', ?, ?, ?, ?) returning id`,
    [identity.email, passwordHash, identity.role, at, at, identity.issuer, identity.subject],
  );
  await appendAudit(em, actor, {
    action: 'operator.create',
    targetType: 'operator',
    targetId: row!.id,
    after: { email: identity.email, role: identity.role, status: 'ACTIVE', source: 'identity provider' },
  });
  return (await em.findOne(OperatorSchema, { id: Number(row!.id) }, { refresh: true }))!;
}

const acrValues = (setting: string) =>
  setting
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .join(' ');

/**
 * When the person signed in at the provider (`auth_time`), if that was within the step-up window:
 * a provider that answered from a remembered sign-in, despite `max_age=0`, confirms nothing now.
 * A time ahead of ours (clock skew) counts as now.
 */
function freshAuthentication(authTime: unknown, at: Date): Date | null {
  if (typeof authTime !== 'number' || !Number.isFinite(authTime)) return null;
  const when = Math.min(authTime * 1000, at.getTime());
  return at.getTime() - when <= STEP_UP_WINDOW_MS ? new Date(when) : null;
}

async function stepUpRefused(
  em: EntityManager,
  actor: AuditActor,
  operatorId: number,
  reason: string,
): Promise<void> {
  await appendAudit(em, actor, {
    action: 'operator.step_up_refused',
    targetType: 'operator',
    targetId: operatorId,
    after: { via: 'oidc', reason },
  });
}

/**
 * A sign-in through the provider that ends without one, on the record as a refused password is;
 * against `oidc` itself until the provider has named someone.
 */
async function signInFailed(
  em: EntityManager,
  ctx: Context,
  after: Record<string, unknown>,
  { label, targetId }: { label: string; targetId: string } = { label: 'oidc', targetId: 'oidc' },
): Promise<void> {
  await appendAudit(
    em,
    { type: 'SYSTEM', id: null, label, ip: ctx.ip || null },
    { action: 'operator.login_failed', targetType: 'operator', targetId, after },
  );
}

export interface OidcOutcome {
  kind: 'SIGNED_IN' | 'STEPPED_UP' | 'CODE_REQUIRED';
  next: string;
  challenge?: string;
}

/** The provider sent the person back: check everything, then sign in (or confirm a step-up). */
async function callback(deps: Deps, ctx: Context): Promise<OidcOutcome> {
  if (!oidcEnabled(deps)) throw new ApiError('OIDC_NOT_CONFIGURED');
  const em = deps.orm.em.fork() as EntityManager;
  const at = now(deps);
  const state = typeof ctx.query.state === 'string' ? ctx.query.state.slice(0, 200) : '';
  const pending = state ? await takeOidcSignIn(em, state, at) : null;
  if (!pending)
    throw new ApiError('SIGN_IN_CHALLENGE_INVALID', 'This sign-in has expired or was used; start again');
  const presented = presentedBrowserBinding(deps, ctx);
  if (!presented || !pending.browserDigest || !sameSecret(tokenDigest(presented), pending.browserDigest)) {
    // A way back opened in a browser that did not start this sign-in: someone else's sign-in at the
    // provider, sent here to sign this browser into their account. Nothing is asked of the provider.
    await signInFailed(em, ctx, {
      reason: 'the sign-in was started in another browser',
      stepUp: pending.stepUpSessionId !== null,
    });
    throw new ApiError(
      'SIGN_IN_CHALLENGE_INVALID',
      'This sign-in was started in another browser, so it was not finished here and nobody is signed in. ' +
        'If you followed a link to get here, do not trust it; to sign in, start again from this page.',
    );
  }
  releaseBrowser(deps, ctx);
  const client = oidc();
  const config = await providerConfiguration(deps);
  const current = new URL(redirectUrl(deps));
  current.search = ctx.querystring;
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  } catch (error) {
    await signInFailed(em, ctx, { reason: (error as Error).message.slice(0, 200) });
    throw new ApiError('INVALID_LOGIN', 'The identity provider did not confirm this sign-in; start again');
  }
  const issuer = String(claims.iss);
  const subject = String(claims.sub);
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  // An email the provider has not verified names nobody: anyone can type one into a profile.
  if (email && claims.email_verified !== true) {
    await signInFailed(
      em,
      ctx,
      { reason: 'email not verified by the identity provider' },
      { label: `oidc:${issuer}`, targetId: email },
    );
    throw new ApiError(
      'FORBIDDEN',
      'Your identity provider has not verified your email address; verify it there, then sign in again',
    );
  }
  const role = roleFromGroups(
    groupsOf(claims[deps.config.OIDC_GROUPS_CLAIM]),
    parseRoleGroups(deps.config.OIDC_ROLE_GROUPS),
  );
  if (!email || !role) {
    await signInFailed(
      em,
      ctx,
      { reason: email ? 'no group maps to a role' : 'no email claim' },
      { label: `oidc:${issuer}`, targetId: email || subject },
    );
    throw new ApiError(
      'FORBIDDEN',
      'Your identity provider account is in no group that may use the dashboard',
    );
  }
  const operator = await operatorFor(em, { issuer, subject, email, role }, at);
  if (operator.status !== 'ACTIVE') throw new ApiError('INVALID_LOGIN', 'This operator is disabled');
  const providerFactor = providerSecondFactor(claims, {
    amr: deps.config.OIDC_SECOND_FACTOR_AMR,
    acr: deps.config.OIDC_SECOND_FACTOR_ACR,
  });
  const actor = {
    type: 'OPERATOR' as const,
    id: String(operator.id),
    label: operator.email,
    ip: ctx.ip || null,
  };

  if (pending.stepUpSessionId) {
    // The session that started the step-up, read by its id: the provider's redirect back carries
    // no SameSite=Strict cookie. Its browser proves it holds the session on the next hop.
    const session = await em.findOne(
      OperatorSessionSchema,
      { id: pending.stepUpSessionId },
      { refresh: true },
    );
    if (!session || session.revokedAt || session.operatorId !== operator.id) {
      throw new ApiError('FORBIDDEN', 'The identity provider signed in someone else; sign in again');
    }
    if (!providerFactor && operator.totpEnrolledAt) {
      throw new ApiError('STEP_UP_REQUIRED', 'Confirm with your code from your authenticator app');
    }
    if (
      !providerFactor &&
      (session.secondFactorSource === 'IDP' ||
        secondFactorRequired(deps.config.OPERATOR_SECOND_FACTOR, operator.role))
    ) {
      await stepUpRefused(em, actor, operator.id, 'no second factor from the identity provider');
      throw new ApiError(
        'STEP_UP_REQUIRED',
        'The identity provider confirmed your password but not your second factor; confirm again with both',
      );
    }
    const authenticatedAt = freshAuthentication(claims.auth_time, at);
    if (!authenticatedAt) {
      await stepUpRefused(em, actor, operator.id, 'the sign-in at the identity provider was not fresh');
      throw new ApiError(
        'STEP_UP_REQUIRED',
        'The identity provider did not ask you to sign in again just now; confirm again',
      );
    }
    const proof = await recordStepUpProof(em, state, authenticatedAt);
    return { kind: 'STEPPED_UP', next: `/admin/oidc/step-up?proof=${encodeURIComponent(proof)}` };
  }
  if (!providerFactor && operator.totpEnrolledAt) {
    // Our TOTP is the second factor: the same step two as a password sign-in.
    const challenge = await openChallenge(em, {
      operatorId: operator.id,
      client: signInClient(ctx),
      now: at,
    });
    return { kind: 'CODE_REQUIRED', next: pending.nextPath, challenge: challenge.token };
  }
  const opened = await openSession(em, {
    operatorId: operator.id,
    ip: ctx.ip || null,
    userAgent: ctx.get('user-agent') || null,
    now: at,
    policy: sessionPolicy(deps),
    secondFactorSource: providerFactor ? 'IDP' : null,
  });
  setSessionCookie(deps, ctx, opened.token, sessionPolicy(deps).absoluteMs);
  await appendAudit(em, actor, {
    action: 'operator.login',
    targetType: 'operator',
    targetId: operator.id,
    after: { via: 'oidc', role, secondFactor: providerFactor ? 'IDP' : null },
  });
  return { kind: 'SIGNED_IN', next: pending.nextPath };
}

/**
 * The step-up's last hop, reached from the callback's page on this site (so with the session
 * cookie): the proof the callback recorded confirms the session that started the step-up, and
 * only that one, once. The window runs from when the person signed in at the provider.
 */
async function finishStepUp(deps: Deps, ctx: Context): Promise<string> {
  const em = deps.orm.em.fork() as EntityManager;
  const at = now(deps);
  const given = typeof ctx.query.proof === 'string' ? ctx.query.proof.slice(0, 200) : '';
  const proof = given ? await takeStepUpProof(em, given, at) : null;
  if (!proof)
    throw new ApiError('SIGN_IN_CHALLENGE_INVALID', 'This confirmation has expired or was used; start again');
  const live = await loadSession(deps, ctx);
  if (!live || live.session.id !== proof.stepUpSessionId) {
    throw new ApiError('FORBIDDEN', 'This confirmation belongs to another session; start again from yours');
  }
  if (at.getTime() - proof.provenAt.getTime() > STEP_UP_WINDOW_MS) {
    throw new ApiError(
      'STEP_UP_REQUIRED',
      'This confirmation is older than the step-up window; confirm again',
    );
  }
  await markStepUp(em, live.session.id, proof.provenAt);
  await appendAudit(
    em,
    { type: 'OPERATOR', id: String(live.operator.id), label: live.operator.email, ip: ctx.ip || null },
    {
      action: 'operator.step_up',
      targetType: 'operator',
      targetId: live.operator.id,
      after: { via: 'oidc' },
    },
  );
  return proof.nextPath;
}

/**
 * GET /admin/oidc/start, /admin/oidc/callback and /admin/oidc/step-up; `codePage` renders step two
 * when our TOTP is asked.
 */
export function oidcRoutes(
  deps: Deps,
  pages: {
    codePage: (next: string, challenge: string) => string;
    problem: (message: string) => string;
    continueTo: (next: string, kind: 'SIGNED_IN' | 'STEPPED_UP') => string;
  },
): Router {
  const router = new Router({ prefix: '/admin/oidc' });
  router.get('/start', (ctx) => start(deps, ctx));
  router.get('/callback', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    try {
      const outcome = await callback(deps, ctx);
      if (outcome.kind === 'CODE_REQUIRED') {
        ctx.type = 'html';
        ctx.body = pages.codePage(outcome.next, outcome.challenge!);
        return;
      }
      // A page, not a redirect: the session cookie is SameSite=Strict, and a browser sends it only
      // on a navigation that starts on this site, not at the end of the provider's redirects.
      ctx.type = 'html';
      ctx.body = pages.continueTo(outcome.next, outcome.kind);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      ctx.status = error.status;
      ctx.type = 'html';
      ctx.body = pages.problem(error.message);
    }
  });
  router.get('/step-up', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    try {
      ctx.redirect(await finishStepUp(deps, ctx));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      ctx.status = error.status;
      ctx.type = 'html';
      ctx.body = pages.problem(error.message);
    }
  });
  return router;
}
