import type { EntityManager } from '@mikro-orm/postgresql';
import type { Middleware } from 'koa';
import type { Orm } from '../../db/orm.js';
import { UNKNOWN_KEY_HASH, secretMatches } from '../../domain/credentials.js';
import { ApiError } from '../../domain/errors.js';
import type { Mode } from '../../domain/mode.js';

export interface AuthenticatedApp {
  appId: number;
  name: string;
  displayName: string;
  receiptsEnabled: boolean;
  mode: Mode;
}

interface CredentialRow {
  credential_id: string;
  secret_hash: string;
  mode: Mode;
  credential_status: string;
  expires_at: Date | null;
  app_id: string;
  name: string;
  display_name: string;
  receipts_enabled: boolean;
  app_status: string;
}

/**
 * Authenticates an app by X-Api-Key + X-Api-Secret. The mode comes from the credential, never
 * from the request. An unknown key and a wrong secret get the same response after the same
 * work (one lookup, one constant-time comparison), so neither reveals which keys exist.
 */
export function authenticateApp(deps: { orm: Orm; pepper: string }): Middleware {
  return async (ctx, next) => {
    const apiKey = ctx.get('x-api-key');
    const secret = ctx.get('x-api-secret');
    if (!apiKey || !secret) throw new ApiError('AUTHENTICATION_REQUIRED');
    const em = deps.orm.em.fork() as EntityManager;
    const [row] = await em.execute<CredentialRow[]>(
      `select c.id as credential_id, c.secret_hash, c.mode, c.status as credential_status, c.expires_at,
              a.id as app_id, a.name, a.display_name, a.receipts_enabled, a.status as app_status
         from credentials c join apps a on a.id = c.app_id where c.api_key = ?`,
      [apiKey.slice(0, 200)],
    );
    const matches = secretMatches(secret, row?.secret_hash ?? UNKNOWN_KEY_HASH, deps.pepper);
    const usable =
      row !== undefined &&
      matches &&
      row.credential_status === 'ACTIVE' &&
      row.app_status === 'ACTIVE' &&
      (row.expires_at === null || row.expires_at.getTime() > Date.now());
    if (!usable) throw new ApiError('INVALID_CREDENTIALS');
    const app: AuthenticatedApp = {
      appId: Number(row.app_id),
      name: row.name,
      displayName: row.display_name,
      receiptsEnabled: row.receipts_enabled,
      mode: row.mode,
    };
    ctx.state.app = app;
    ctx.state.scope = { appId: app.appId, mode: app.mode };
    await next();
  };
}
