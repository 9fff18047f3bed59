import type { EntityManager } from '@mikro-orm/postgresql';
import type { Middleware } from 'koa';
import {
  GRACE_AUDIT_INTERVAL_MS,
  recordCredentialUse,
  recordGraceUse,
  rehashCredentialSecret,
  useIsRecent,
  type CredentialUse,
} from '../../db/apps/credentials.js';
import type { Orm } from '../../platform/orm/orm.js';
import { UNKNOWN_KEY_HASH, verifySecret } from '../../domain/apps/credentials.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Mode } from '../../domain/shared/mode.js';
import { keyScopesOf, type KeyScopes } from '../../domain/apps/scopes.js';
import type { Logger } from '../../platform/config/logger.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

export interface AuthenticatedApp {
  appId: number;
  /** The API key the request came with (its public half): audit entries name it. */
  apiKey: string;
  name: string;
  displayName: string;
  receiptsEnabled: boolean;
  mode: Mode;
  /**
   * The app's own request limit per minute, null for the service's default. Read with the
   * credential on every request, so an operator's change holds at once in every process.
   */
  rateLimitPerMinute: number | null;
  /**
   * The version of the app's gateway settings in this mode (0 before any change), read with the
   * credential: a create takes it as the committed one instead of reading it again.
   */
  gatewaySettingsVersion: number;
  /** What this key may do: every scope for the app's own pair, the named key's set otherwise. */
  scopes: KeyScopes;
}

interface CredentialRow {
  credential_id: string;
  api_key: string;
  secret_hash: string;
  mode: Mode;
  credential_status: string;
  scopes: string[] | null;
  // Raw rows carry timestamps as strings (the ORM's driver leaves them unparsed).
  expires_at: string | Date | null;
  first_used_at: string | Date | null;
  last_used_at: string | Date | null;
  app_id: string;
  name: string;
  display_name: string;
  receipts_enabled: boolean;
  rate_limit_per_minute: number | null;
  app_status: string;
  gateway_settings_version: string | number;
}

const toDate = (value: string | Date | null) => (value === null ? null : new Date(value));

export interface AuthDeps {
  orm: Orm;
  pepper: string;
  /**
   * Peppers `pepper` replaced (CREDENTIAL_PEPPER_PREVIOUS): a secret hashed under one still
   * authenticates, and its hash is stored again under `pepper` on that use.
   */
  previousPeppers?: readonly string[];
  /** The service clock (tests move it across grace windows). */
  clock?: () => Date;
  logger?: Logger;
  /**
   * Told of every refusal: its error code and, for a key of ours, its app. A revoked or expired
   * credential still presented with its secret is the sign of a copy left somewhere (or leaked).
   */
  refused?: (code: AuthRefusal, appId: number | null) => void;
}

type AuthRefusal =
  | 'AUTHENTICATION_REQUIRED'
  | 'INVALID_CREDENTIALS'
  | 'CREDENTIAL_REVOKED'
  | 'CREDENTIAL_EXPIRED'
  | 'APP_SUSPENDED';

/**
 * Authenticates an app by X-Api-Key + X-Api-Secret. The mode comes from the credential, never
 * from the request. An unknown key and a wrong secret get the same response after the same
 * work (one lookup, one constant-time comparison), so neither reveals which keys exist. Only
 * a caller who proved the secret learns why a known credential is refused (revoked, expired,
 * suspended), which is what they need to fix their integration.
 */
export function authenticateApp(deps: AuthDeps): Middleware {
  const clock = deps.clock ?? (() => new Date());
  // Per-process pre-filter for the hourly grace-use audit, so a busy credential in grace does
  // not cost a database round trip per request; the database check keeps it exact across instances.
  const graceAudited = new Map<number, number>();
  const pruneBefore = (cutoff: number) => {
    for (const [id, time] of graceAudited) if (time < cutoff) graceAudited.delete(id);
  };

  const record = (use: CredentialUse) => {
    const work: Array<Promise<unknown>> = [];
    const em = () => deps.orm.em.fork() as EntityManager;
    if (!useIsRecent(use)) work.push(recordCredentialUse(em(), use));
    if (use.expiresAt !== null) {
      const last = graceAudited.get(use.credentialId);
      if (last === undefined || use.at.getTime() - last >= GRACE_AUDIT_INTERVAL_MS) {
        if (graceAudited.size > 10_000) pruneBefore(use.at.getTime() - GRACE_AUDIT_INTERVAL_MS);
        graceAudited.set(use.credentialId, use.at.getTime());
        work.push(recordGraceUse(em(), use));
      }
    }
    // Fire and forget: bookkeeping never slows down or fails the request it describes.
    for (const task of work) {
      task.catch((err: unknown) =>
        deps.logger?.error({ err, credentialId: use.credentialId }, 'recording credential use failed'),
      );
    }
  };

  const peppers = { current: deps.pepper, previous: deps.previousPeppers ?? [] };

  /**
   * Stores the hash of a secret proved under a previous pepper again under the current one, once
   * (a compare-and-set): from then on it costs one HMAC, and it keeps working once the previous
   * pepper is dropped. A failed write is logged and tried again on the next use, never the
   * request's failure.
   */
  const rehash = async (em: EntityManager, row: CredentialRow, to: string) => {
    const credentialId = Number(row.credential_id);
    try {
      if (await rehashCredentialSecret(em, { credentialId, from: row.secret_hash, to })) {
        deps.logger?.info({ credentialId }, 'credential secret re-hashed under the current pepper');
      }
    } catch (err) {
      deps.logger?.error({ err, credentialId }, 're-hashing a credential secret failed');
    }
  };

  const refuse = (code: AuthRefusal, row?: CredentialRow) => {
    deps.refused?.(code, row ? Number(row.app_id) : null);
    return new ApiError(code);
  };

  return async (ctx, next) => {
    const apiKey = ctx.get('x-api-key');
    const secret = ctx.get('x-api-secret');
    if (!apiKey || !secret) throw refuse('AUTHENTICATION_REQUIRED');
    const em = deps.orm.em.fork() as EntityManager;
    const [row] = await executePrepared<CredentialRow>(
      em,
      `select c.id as credential_id, c.api_key, c.secret_hash, c.mode, c.status as credential_status, c.scopes,
              c.expires_at, c.first_used_at, c.last_used_at,
              a.id as app_id, a.name, a.display_name, a.receipts_enabled, a.rate_limit_per_minute,
              a.status as app_status,
              coalesce((select v.version from app_gateway_versions v
                         where v.app_id = a.id and v.mode = c.mode), 0) as gateway_settings_version
         from credentials c join apps a on a.id = c.app_id where c.api_key = ?`,
      [apiKey.slice(0, 200)],
    );
    const verdict = verifySecret(secret, row?.secret_hash ?? UNKNOWN_KEY_HASH, peppers);
    if (row === undefined || verdict === null) throw refuse('INVALID_CREDENTIALS', row);
    if (verdict.under === 'previous') await rehash(em, row, verdict.rehashed);
    const at = clock();
    const expiresAt = toDate(row.expires_at);
    if (row.credential_status === 'REVOKED') throw refuse('CREDENTIAL_REVOKED', row);
    if (expiresAt !== null && expiresAt.getTime() <= at.getTime()) throw refuse('CREDENTIAL_EXPIRED', row);
    if (row.app_status !== 'ACTIVE') throw refuse('APP_SUSPENDED', row);

    const app: AuthenticatedApp = {
      appId: Number(row.app_id),
      apiKey: row.api_key,
      name: row.name,
      displayName: row.display_name,
      receiptsEnabled: row.receipts_enabled,
      mode: row.mode,
      rateLimitPerMinute: row.rate_limit_per_minute,
      gatewaySettingsVersion: Number(row.gateway_settings_version),
      scopes: keyScopesOf(row.scopes),
    };
    record({
      credentialId: Number(row.credential_id),
      appId: app.appId,
      appName: app.name,
      mode: row.mode,
      apiKey: row.api_key,
      firstUsedAt: toDate(row.first_used_at),
      lastUsedAt: toDate(row.last_used_at),
      expiresAt,
      at,
      ip: ctx.ip || null,
    });
    ctx.state.app = app;
    ctx.state.scope = { appId: app.appId, mode: app.mode };
    await next();
  };
}
