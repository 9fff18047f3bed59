import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import type * as Jose from 'jose';
import { appendAudit } from '../../db/operators/audit.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { oidcEnabled, providerConfiguration } from './oidc.js';
import { now } from './session.js';

/**
 * OpenID Connect back-channel logout: the identity provider tells the service, server to server,
 * that a person signed out there (or was removed); every session of the account that person
 * signs in as ends at once. The logout token is a JWT the provider signs: checked against the
 * provider's published keys, its issuer, this client as its audience, its age, and the logout
 * event it must carry (and no nonce, which would make it an ID token).
 */

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const TOKEN_MAX_AGE = '5m';

// Loaded with the first logout, not with every API process.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = () => require('jose') as typeof Jose;

let keySets: { uri: string; keys: ReturnType<typeof Jose.createRemoteJWKSet> } | null = null;

function providerKeys(uri: string) {
  if (keySets?.uri !== uri) keySets = { uri, keys: jose().createRemoteJWKSet(new URL(uri)) };
  return keySets.keys;
}

/** The provider's person a logout token names, once it is proven; otherwise 400 LOGOUT_TOKEN_INVALID. */
async function verifiedSubject(deps: ApiDeps, token: string): Promise<{ issuer: string; subject: string }> {
  const metadata = (await providerConfiguration(deps)).serverMetadata();
  if (!metadata.jwks_uri) throw new ApiError('LOGOUT_TOKEN_INVALID', 'The provider publishes no keys');
  try {
    const { payload } = await jose().jwtVerify(token, providerKeys(metadata.jwks_uri), {
      issuer: metadata.issuer,
      audience: deps.config.OIDC_CLIENT_ID!,
      maxTokenAge: TOKEN_MAX_AGE,
      currentDate: now(deps),
    });
    const events = payload.events as Record<string, unknown> | undefined;
    if (!events || typeof events !== 'object' || !(LOGOUT_EVENT in events))
      throw new Error('no logout event');
    if ('nonce' in payload) throw new Error('a logout token carries no nonce');
    if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('no subject');
    return { issuer: metadata.issuer, subject: payload.sub };
  } catch (error) {
    throw new ApiError('LOGOUT_TOKEN_INVALID', `The logout token is not valid: ${(error as Error).message}`);
  }
}

/** Ends every open session of the account the token's person signs in as; how many ended. */
export async function backchannelLogout(deps: ApiDeps, token: string): Promise<number> {
  if (!oidcEnabled(deps)) throw new ApiError('OIDC_NOT_CONFIGURED');
  const person = await verifiedSubject(deps, token);
  const at = now(deps);
  return (deps.orm.em.fork() as EntityManager).transactional(async (tx) => {
    const [operator] = await tx.execute<Array<{ id: string; email: string }>>(
      'select id, email from operators where oidc_issuer = ? and oidc_subject = ?',
      [person.issuer, person.subject],
    );
    if (!operator) return 0;
    const ended = await tx.execute<Array<{ id: string }>>(
      'update operator_sessions set revoked_at = ? where operator_id = ? and revoked_at is null returning id',
      [at, operator.id],
    );
    await appendAudit(
      tx,
      { type: 'SYSTEM', id: null, label: `oidc:${person.issuer}`, ip: null },
      {
        action: 'operator.provider_logout',
        targetType: 'operator',
        targetId: operator.id,
        after: { email: operator.email, sessionsEnded: ended.length },
      },
    );
    return ended.length;
  });
}

/** A form body of at most `limit` bytes, read by hand: this route has no session and no page. */
async function formBody(ctx: Context, limit = 16_384): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of ctx.req) {
    body += String(chunk);
    if (body.length > limit) throw new ApiError('LOGOUT_TOKEN_INVALID', 'The request is too large');
  }
  return new URLSearchParams(body);
}

/**
 * POST /admin/oidc/backchannel-logout: the provider's back-channel logout endpoint (register it
 * with the provider as the client's backchannel_logout_uri). 200 once the sessions are ended;
 * 400 with an OAuth error for a token that is not the provider's, as the specification asks.
 */
export function oidcLogoutRoutes(deps: ApiDeps): Router {
  const router = new Router({ prefix: '/admin/oidc' });
  router.post('/backchannel-logout', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    try {
      const token = ctx.is('application/x-www-form-urlencoded')
        ? (await formBody(ctx)).get('logout_token')
        : null;
      if (!token) throw new ApiError('LOGOUT_TOKEN_INVALID', 'No logout_token in a form body');
      await backchannelLogout(deps, token);
      ctx.status = 200;
      ctx.body = '';
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      ctx.status = error.code === 'OIDC_NOT_CONFIGURED' ? 404 : 400;
      ctx.body = { error: 'invalid_request', error_description: error.message };
    }
  });
  return router;
}
