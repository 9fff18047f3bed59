import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { Keyring } from '../../platform/sealing/secret-box.js';
import { rotateSealedSecret } from '../webhooks/webhook-endpoints.js';
import {
  AppSchema,
  CredentialSchema,
  WebhookEndpointSchema,
  type App,
  type Credential,
  type WebhookEndpoint,
} from '../../platform/orm/entities.js';

/** Queries and writes behind the operators' apps pages: listing, detail, rotation, endpoints. */

export interface AppCounts {
  /** Credentials that authenticate right now (current ones and rotated ones still in grace). */
  workingCredentials: number;
  payments: number;
  webhookEndpoints: number;
}

export interface AppListItem {
  app: App;
  counts: AppCounts;
}

interface AppListRow {
  id: string;
  total: string;
  working_credentials: string;
  payments: string;
  webhook_endpoints: string;
}

export async function listAppsWithCounts(
  em: EntityManager,
  input: { page: number; size: number; at: Date },
): Promise<{ items: AppListItem[]; total: number }> {
  const rows = await em.execute<AppListRow[]>(
    `select a.id, count(*) over () as total,
            (select count(*) from credentials c
              where c.app_id = a.id and c.status = 'ACTIVE' and (c.expires_at is null or c.expires_at > ?))
              as working_credentials,
            (select count(*) from payments p where p.app_id = a.id) as payments,
            (select count(*) from webhook_endpoints w where w.app_id = a.id) as webhook_endpoints
       from apps a order by a.id desc limit ? offset ?`,
    [input.at, input.size, (input.page - 1) * input.size],
  );
  const total = rows.length
    ? Number(rows[0]!.total)
    : await em.count(AppSchema, {}); /* page past the end: still report the total */
  const apps = await em.find(AppSchema, { id: { $in: rows.map((r) => Number(r.id)) } });
  const byId = new Map(apps.map((app) => [app.id, app]));
  return {
    total,
    items: rows.map((row) => ({
      app: byId.get(Number(row.id))!,
      counts: {
        workingCredentials: Number(row.working_credentials),
        payments: Number(row.payments),
        webhookEndpoints: Number(row.webhook_endpoints),
      },
    })),
  };
}

export interface AppDetail {
  app: App;
  credentials: Credential[];
  /** Each mode's first endpoint: the one operators set per mode. */
  endpoints: Partial<Record<Mode, WebhookEndpoint>>;
  /** Every endpoint, both modes, oldest first (apps add their own through the API). */
  allEndpoints: WebhookEndpoint[];
}

export async function loadAppDetail(em: EntityManager, appId: number): Promise<AppDetail | null> {
  const app = await em.findOne(AppSchema, { id: appId });
  if (!app) return null;
  const credentials = await em.find(CredentialSchema, { appId }, { orderBy: { mode: 'asc', id: 'desc' } });
  const allEndpoints = await em.find(
    WebhookEndpointSchema,
    { appId },
    { orderBy: { mode: 'asc', id: 'asc' } },
  );
  const endpoints: Partial<Record<Mode, WebhookEndpoint>> = {};
  for (const endpoint of allEndpoints) endpoints[endpoint.mode] ??= endpoint;
  return { app, credentials, endpoints, allEndpoints };
}

/**
 * The app's own credential of a mode that is neither rotated nor revoked, locked for the caller's
 * transaction. Named keys (with scopes) are never the pair a rotation replaces.
 */
export async function lockCurrentCredential(
  tx: EntityManager,
  appId: number,
  mode: Mode,
): Promise<Credential | null> {
  return tx.findOne(
    CredentialSchema,
    { appId, mode, status: 'ACTIVE', expiresAt: null, scopes: null },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'desc' } },
  );
}

export async function findEndpoint(
  em: EntityManager,
  appId: number,
  mode: Mode,
): Promise<WebhookEndpoint | null> {
  return em.findOne(WebhookEndpointSchema, { appId, mode }, { orderBy: { id: 'asc' } });
}

/**
 * Replaces an endpoint's signing secret, keeping its URL; null when the mode has no endpoint. The
 * replaced secret keeps signing (alongside the new one) until `previousValidUntil`, so receivers
 * verifying with it do not start failing at once.
 */
export async function rotateWebhookSecret(
  em: EntityManager,
  input: { appId: number; mode: Mode; now: Date; previousValidUntil: Date },
  keyring: Keyring,
): Promise<{ url: string; secret: string; previousValidUntil: Date } | null> {
  const [first] = await em.execute<Array<{ id: string; url: string }>>(
    'select id, url from webhook_endpoints where app_id = ? and mode = ? order by id limit 1 for update',
    [input.appId, input.mode],
  );
  if (!first) return null;
  const secret = await rotateSealedSecret(em, Number(first.id), input, keyring);
  return { url: first.url, secret, previousValidUntil: input.previousValidUntil };
}

export async function isAppNameTaken(em: EntityManager, name: string): Promise<boolean> {
  const [row] = await em.execute<Array<{ taken: boolean }>>(
    'select exists (select 1 from apps where lower(name) = lower(?)) as taken',
    [name],
  );
  return row?.taken === true;
}
