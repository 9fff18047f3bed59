import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { OIDC_SIGN_IN_TTL_MS } from '../../db/operators/oidc-sign-ins.js';
import type { ApiDeps } from '../deps.js';
import { servedOverHttps } from './session.js';

/**
 * The browser that started a sign-in through the identity provider, and only that one, may finish
 * it. Without this, someone could start a sign-in, sign in at the provider as themselves, and send
 * the way back (the callback address) to someone else, whose browser would then be signed in to
 * the sender's account. The browser keeps a random value in this cookie; the sign-in's row keeps
 * its digest; the callback compares the two.
 */
export const OIDC_BROWSER_COOKIE = 'oi_oidc_browser';

/** Over HTTPS: `__Host-`, so a sibling subdomain or a plain-HTTP page can plant no value of its own. */
export const HOST_OIDC_BROWSER_COOKIE = `__Host-${OIDC_BROWSER_COOKIE}`;

const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

export function oidcBrowserCookieName(deps: Pick<ApiDeps, 'config'>): string {
  return servedOverHttps(deps) ? HOST_OIDC_BROWSER_COOKIE : OIDC_BROWSER_COOKIE;
}

/**
 * SameSite=Lax, not Strict: the provider sends the browser back with a top-level cross-site GET,
 * which carries Lax cookies and no Strict ones. It lives no longer than a sign-in may take.
 */
export function oidcBrowserCookieOptions(deps: Pick<ApiDeps, 'config'>, maxAgeMs: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: servedOverHttps(deps),
    path: '/',
    overwrite: true,
    maxAge: maxAgeMs,
  };
}

/** The value this browser presents, if it holds one. */
export function presentedBrowserBinding(deps: Pick<ApiDeps, 'config'>, ctx: Context): string | null {
  const value = ctx.cookies.get(oidcBrowserCookieName(deps));
  return value && WELL_FORMED.test(value) ? value : null;
}

/**
 * The value that ties a new sign-in to this browser, set (again) for the sign-in's lifetime. A
 * browser that already holds one keeps it, so two sign-ins started in two tabs both finish.
 */
export function bindBrowser(deps: Pick<ApiDeps, 'config'>, ctx: Context): string {
  const value = presentedBrowserBinding(deps, ctx) ?? randomBytes(32).toString('base64url');
  setCookie(deps, ctx, value, OIDC_SIGN_IN_TTL_MS);
  return value;
}

/** After the callback it was checked at, the value has no use left. */
export function releaseBrowser(deps: Pick<ApiDeps, 'config'>, ctx: Context): void {
  setCookie(deps, ctx, '', 0);
}

function setCookie(deps: Pick<ApiDeps, 'config'>, ctx: Context, value: string, maxAgeMs: number): void {
  // TLS usually ends at a proxy in front of us: the public address decides Secure, as for the session.
  if (servedOverHttps(deps)) ctx.cookies.secure = true;
  ctx.cookies.set(oidcBrowserCookieName(deps), value, oidcBrowserCookieOptions(deps, maxAgeMs));
}
