import type { EntityManager } from '@mikro-orm/postgresql';
import { newWebhookEndpointId } from '../../domain/shared/ids.js';
import type { Mode } from '../../domain/shared/mode.js';
import { newWebhookSecret, type Keyring } from '../../platform/sealing/secret-box.js';
import {
  webhookEndpointSecretContext,
  webhookSecretContext,
} from '../../platform/sealing/sealing-contexts.js';
import { WebhookEndpointSchema, type WebhookEndpoint } from '../../platform/orm/entities.js';
import { refreshEventsDeliveryStatus } from './events.js';

/** An app's credential scope: its endpoints are those of its app and mode. */
export interface EndpointScope {
  appId: number;
  mode: Mode;
}

export interface EndpointSettings {
  url: string;
  description: string;
  enabledEvents: string[];
  enabled: boolean;
}

/**
 * Serialises changes to one app's endpoints in one mode for the caller's transaction, so the
 * endpoint limit holds against concurrent creates.
 */
export async function lockAppModeEndpoints(tx: EntityManager, scope: EndpointScope): Promise<void> {
  await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [
    `webhook-endpoints:${scope.appId}:${scope.mode}`,
  ]);
}

/** The app's endpoints in a mode, oldest first (the first is the one operators set per mode). */
export async function listEndpoints(em: EntityManager, scope: EndpointScope): Promise<WebhookEndpoint[]> {
  return em.find(
    WebhookEndpointSchema,
    { appId: scope.appId, mode: scope.mode },
    { orderBy: { id: 'asc' }, disableIdentityMap: true },
  );
}

/** Every endpoint of an app, both modes, oldest first. */
export async function listAppEndpoints(em: EntityManager, appId: number): Promise<WebhookEndpoint[]> {
  return em.find(WebhookEndpointSchema, { appId }, { orderBy: { mode: 'asc', id: 'asc' } });
}

/** One of the app's endpoints in its mode by its `we_` id; another app's or mode's is absent. */
export async function findScopedEndpoint(
  em: EntityManager,
  scope: EndpointScope,
  publicId: string,
): Promise<WebhookEndpoint | null> {
  return em.findOne(
    WebhookEndpointSchema,
    { publicId, appId: scope.appId, mode: scope.mode },
    { disableIdentityMap: true },
  );
}

/** Adds an endpoint with a new signing secret (returned once); null when the mode is at `limit`. */
export async function createEndpoint(
  tx: EntityManager,
  scope: EndpointScope,
  settings: EndpointSettings,
  keyring: Keyring,
  options: { limit: number; now: Date },
): Promise<{ endpoint: WebhookEndpoint; secret: string } | null> {
  await lockAppModeEndpoints(tx, scope);
  const [counted] = await tx.execute<Array<{ n: string }>>(
    'select count(*) as n from webhook_endpoints where app_id = ? and mode = ?',
    [scope.appId, scope.mode],
  );
  if (Number(counted?.n ?? 0) >= options.limit) return null;
  const secret = newWebhookSecret();
  const publicId = newWebhookEndpointId();
  const endpoint = tx.create(WebhookEndpointSchema, {
    publicId,
    appId: scope.appId,
    mode: scope.mode,
    url: settings.url,
    description: settings.description,
    enabledEvents: settings.enabledEvents,
    disabledAt: settings.enabled ? null : options.now,
    secretSealed: keyring.seal(secret, webhookEndpointSecretContext({ ...scope, publicId })),
    sealedPerEndpoint: true,
    previousSecretSealed: null,
    previousSecretExpiresAt: null,
    createdAt: options.now,
    updatedAt: options.now,
  });
  await tx.flush();
  return { endpoint, secret };
}

/** Changes an endpoint's settings; what `changes` leaves out stays. Null when there is no such endpoint. */
export async function updateEndpoint(
  tx: EntityManager,
  scope: EndpointScope,
  publicId: string,
  changes: Partial<EndpointSettings>,
  now: Date,
): Promise<{ before: WebhookEndpoint; after: WebhookEndpoint } | null> {
  const endpoint = await tx.findOne(
    WebhookEndpointSchema,
    { publicId, appId: scope.appId, mode: scope.mode },
    { lockMode: 4 /* PESSIMISTIC_WRITE */ },
  );
  if (!endpoint) return null;
  const before = { ...endpoint };
  if (changes.url !== undefined) endpoint.url = changes.url;
  if (changes.description !== undefined) endpoint.description = changes.description;
  if (changes.enabledEvents !== undefined) endpoint.enabledEvents = changes.enabledEvents;
  if (changes.enabled !== undefined) {
    endpoint.disabledAt = changes.enabled ? null : (endpoint.disabledAt ?? now);
  }
  endpoint.updatedAt = now;
  await tx.flush();
  return { before, after: endpoint };
}

/**
 * Deletes an endpoint: events are no longer sent to it, deliveries still due to it end with it,
 * and its past attempts stay on their events without it. Null when there is no such endpoint.
 */
export async function deleteEndpoint(
  tx: EntityManager,
  scope: EndpointScope,
  publicId: string,
): Promise<WebhookEndpoint | null> {
  await lockAppModeEndpoints(tx, scope);
  const endpoint = await findScopedEndpoint(tx, scope, publicId);
  if (!endpoint) return null;
  const due = await tx.execute<Array<{ event_id: string }>>(
    `delete from webhook_deliveries where endpoint_id = ? and status = 'PENDING' returning event_id`,
    [endpoint.id],
  );
  await tx.execute('delete from webhook_endpoints where id = ?', [endpoint.id]);
  // Events that were due only there are settled by what their other endpoints did.
  await refreshEventsDeliveryStatus(
    tx,
    due.map((row) => row.event_id),
  );
  return endpoint;
}

/**
 * Replaces one endpoint's signing secret, keeping its URL. The replaced secret keeps signing
 * (alongside the new one) until `previousValidUntil`, so receivers verifying with it do not start
 * failing at once. Null when there is no such endpoint.
 */
export async function rotateEndpointSecret(
  tx: EntityManager,
  scope: EndpointScope,
  publicId: string,
  input: { now: Date; previousValidUntil: Date },
  keyring: Keyring,
): Promise<{ endpoint: WebhookEndpoint; secret: string } | null> {
  const [row] = await tx.execute<Array<{ id: string }>>(
    'select id from webhook_endpoints where public_id = ? and app_id = ? and mode = ? for update',
    [publicId, scope.appId, scope.mode],
  );
  if (!row) return null;
  const secret = await rotateSealedSecret(tx, Number(row.id), input, keyring);
  const endpoint = await findScopedEndpoint(tx, scope, publicId);
  return endpoint ? { endpoint, secret } : null;
}

/**
 * Issues the endpoint `id` (locked by the caller) a new secret, sealed under its own context; the
 * replaced one moves to previous, re-sealed first if the row was still sealed under its app and
 * mode's context (`upgradeEndpointSealing`). Answers the new secret.
 */
export async function rotateSealedSecret(
  tx: EntityManager,
  id: number,
  input: { now: Date; previousValidUntil: Date },
  keyring: Keyring,
): Promise<string> {
  const sealed = await upgradeEndpointSealing(tx, id, keyring);
  const secret = newWebhookSecret();
  await tx.execute(
    `update webhook_endpoints
        set previous_secret_sealed = secret_sealed, previous_secret_expires_at = ?,
            secret_sealed = ?, updated_at = ?
      where id = ?`,
    [input.previousValidUntil, keyring.seal(secret, webhookEndpointSecretContext(sealed)), input.now, id],
  );
  return secret;
}

/**
 * Re-seals an endpoint's secrets under its own context when they are still under the context its
 * app and mode's endpoints once shared: on the first delivery or rotation after the upgrade, in
 * the caller's transaction (the row is locked here). A row already upgraded is left as it is.
 * Answers what names the endpoint's context.
 */
export async function upgradeEndpointSealing(
  tx: EntityManager,
  id: number,
  keyring: Keyring,
): Promise<{ appId: number; mode: Mode; publicId: string }> {
  const [row] = await tx.execute<
    Array<{
      app_id: string;
      mode: Mode;
      public_id: string;
      secrets_sealed_per_endpoint: boolean;
      secret_sealed: string;
      previous_secret_sealed: string | null;
    }>
  >(
    `select app_id, mode, public_id, secrets_sealed_per_endpoint, secret_sealed, previous_secret_sealed
       from webhook_endpoints where id = ? for update`,
    [id],
  );
  if (!row) throw new Error(`webhook endpoint ${id} is gone`);
  const names = { appId: Number(row.app_id), mode: row.mode, publicId: row.public_id };
  if (row.secrets_sealed_per_endpoint) return names;
  const shared = webhookSecretContext(names);
  const own = webhookEndpointSecretContext(names);
  const reseal = (sealed: string | null) =>
    sealed === null ? null : keyring.seal(keyring.open(sealed, shared), own);
  await tx.execute(
    `update webhook_endpoints
        set secret_sealed = ?, previous_secret_sealed = ?, secrets_sealed_per_endpoint = true
      where id = ?`,
    [reseal(row.secret_sealed), reseal(row.previous_secret_sealed), id],
  );
  return names;
}

/** One delivery attempt to an endpoint, as the app reads it. */
export interface EndpointAttempt {
  id: number;
  eventId: string;
  eventType: string;
  attempt: number;
  statusCode: number | null;
  failureReason: string | null;
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
  createdAt: Date;
}

/** A page of an endpoint's attempts, newest first; `lastId` names the last one when a next page may follow. */
export async function listEndpointAttempts(
  em: EntityManager,
  endpointId: number,
  f: { page: number; size: number; after?: number; eventId?: string },
): Promise<{ items: EndpointAttempt[]; total: number; lastId: number | null }> {
  const where = `a.endpoint_id = ?${f.eventId ? ' and a.event_id = ?' : ''}`;
  const params: unknown[] = [endpointId, ...(f.eventId ? [f.eventId] : [])];
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from webhook_attempts a where ${where}`,
    params,
  );
  const page =
    f.after !== undefined
      ? { sql: 'and a.id < ? order by a.id desc limit ?', params: [f.after, f.size] }
      : { sql: 'order by a.id desc limit ? offset ?', params: [f.size, (f.page - 1) * f.size] };
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select a.id, a.event_id, e.type, a.attempt, a.status_code, a.failure_reason, a.error, a.response_excerpt,
            a.duration_ms, a.created_at
       from webhook_attempts a join events e on e.id = a.event_id
      where ${where} ${page.sql}`,
    [...params, ...page.params],
  );
  const items = rows.map((row): EndpointAttempt => ({
    id: Number(row.id),
    eventId: String(row.event_id),
    eventType: String(row.type),
    attempt: Number(row.attempt),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    failureReason: row.failure_reason === null ? null : String(row.failure_reason),
    error: row.error === null ? null : String(row.error),
    responseExcerpt: row.response_excerpt === null ? null : String(row.response_excerpt),
    durationMs: Number(row.duration_ms),
    createdAt: new Date(row.created_at as string),
  }));
  const last = items.at(-1);
  return {
    items,
    total: Number(counted?.total ?? 0),
    lastId: last && items.length === f.size ? last.id : null,
  };
}

/** The span a recover covers: events written at or after `since` and before `until`. */
export interface RecoverWindow {
  endpointId: number;
  since: Date;
  until: Date;
}

const RECOVERABLE = `d.endpoint_id = ? and e.created_at >= ? and e.created_at < ?
  and (d.status = 'FAILED' or (d.status = 'PENDING' and exists (
        select 1 from webhook_attempts a where a.event_id = d.event_id and a.endpoint_id = d.endpoint_id)))`;

/** How many events an endpoint failed to take in a window: ended FAILED, or refused and still retrying. */
export async function countRecoverable(em: EntityManager, window: RecoverWindow): Promise<number> {
  const [row] = await em.execute<Array<{ n: string }>>(
    `select count(*) as n from webhook_deliveries d join events e on e.id = d.event_id where ${RECOVERABLE}`,
    [window.endpointId, window.since, window.until],
  );
  return Number(row?.n ?? 0);
}

/** The next events to recover, oldest first, after the cursor (created_at, id). */
export async function nextRecoverable(
  em: EntityManager,
  window: RecoverWindow,
  afterEventId: string | null,
  limit: number,
): Promise<Array<{ eventId: string; status: 'PENDING' | 'FAILED' }>> {
  // The cursor is read back from the event itself: its time is finer than a JavaScript Date.
  const rows = await em.execute<Array<{ event_id: string; status: 'PENDING' | 'FAILED' }>>(
    `select d.event_id, d.status
       from webhook_deliveries d join events e on e.id = d.event_id
      where ${RECOVERABLE}
        ${afterEventId ? 'and (e.created_at, e.id) > (select c.created_at, c.id from events c where c.id = ?)' : ''}
      order by e.created_at, e.id limit ?`,
    [window.endpointId, window.since, window.until, ...(afterEventId ? [afterEventId] : []), limit],
  );
  return rows.map((row) => ({ eventId: row.event_id, status: row.status }));
}

/** Makes one event due again at one endpoint (a recover re-sends it). */
export async function reopenDelivery(em: EntityManager, eventId: string, endpointId: number): Promise<void> {
  await em.execute(
    `update webhook_deliveries set status = 'PENDING', updated_at = now() where event_id = ? and endpoint_id = ?`,
    [eventId, endpointId],
  );
}

/** The next attempt number of an event's delivery to one endpoint. */
export async function nextAttemptNumber(
  em: EntityManager,
  eventId: string,
  endpointId: number,
): Promise<number> {
  const [row] = await em.execute<Array<{ n: number | null }>>(
    'select max(attempt) as n from webhook_attempts where event_id = ? and endpoint_id = ?',
    [eventId, endpointId],
  );
  return Number(row?.n ?? 0) + 1;
}

/** Whether the endpoint still exists and is switched on. */
export async function endpointById(em: EntityManager, endpointId: number): Promise<WebhookEndpoint | null> {
  return em.findOne(WebhookEndpointSchema, { id: endpointId }, { disableIdentityMap: true });
}
