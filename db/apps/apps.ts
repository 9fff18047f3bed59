import type { EntityManager } from '@mikro-orm/postgresql';
import { hashSecret, issueCredential, type IssuedCredential } from '../../domain/apps/credentials.js';
import type { Scope } from '../../domain/apps/scopes.js';
import type { Mode } from '../../domain/shared/mode.js';
import { newWebhookSecret, type Keyring } from '../../platform/sealing/secret-box.js';
import { webhookEndpointSecretContext } from '../../platform/sealing/sealing-contexts.js';
import { AppSchema, CredentialSchema, type App, type Credential } from '../../platform/orm/entities.js';
import { newWebhookEndpointId } from '../../domain/shared/ids.js';
import { lockAppModeEndpoints } from '../webhooks/webhook-endpoints.js';

export interface RegisteredApp {
  app: App;
  credentials: Record<Mode, IssuedCredential>;
}

export interface AppRegistration {
  name: string;
  displayName?: string;
  receiptsEnabled?: boolean;
  invoiceEmailsEnabled?: boolean;
  logoUrl?: string | null;
  brandColor?: string | null;
  /** The service clock's time; defaults to now. */
  now?: Date;
}

/**
 * Registers an app with a TEST and a LIVE credential pair; the secrets exist only in the result.
 * For fixtures and the deployment's own set-up: an operator's registration gets its TEST pair
 * only (registerAppWithTestPair), its LIVE pair waiting for a money role's approval.
 */
export async function registerApp(
  em: EntityManager,
  input: AppRegistration,
  pepper: string,
): Promise<RegisteredApp> {
  const at = input.now ?? new Date();
  return em.transactional(async (tx) => {
    const app = await insertApp(tx, input, at);
    const credentials = {
      TEST: (await insertCredential(tx, { appId: app.id, mode: 'TEST', at }, pepper)).issued,
      LIVE: (await insertCredential(tx, { appId: app.id, mode: 'LIVE', at }, pepper)).issued,
    };
    await tx.flush();
    return { app, credentials };
  });
}

/** Registers an app with its TEST pair alone; the secret exists only in the result. */
export async function registerAppWithTestPair(
  em: EntityManager,
  input: AppRegistration,
  pepper: string,
): Promise<{ app: App; test: IssuedCredential }> {
  const at = input.now ?? new Date();
  return em.transactional(async (tx) => {
    const app = await insertApp(tx, input, at);
    const test = (await insertCredential(tx, { appId: app.id, mode: 'TEST', at }, pepper)).issued;
    await tx.flush();
    return { app, test };
  });
}

async function insertApp(tx: EntityManager, input: AppRegistration, at: Date): Promise<App> {
  const app = tx.create(AppSchema, {
    name: input.name,
    displayName: input.displayName ?? input.name,
    receiptsEnabled: input.receiptsEnabled ?? true,
    invoiceEmailsEnabled: input.invoiceEmailsEnabled ?? false,
    status: 'ACTIVE',
    logoUrl: input.logoUrl ?? null,
    brandColor: input.brandColor ?? null,
    rateLimitPerMinute: null,
    createdAt: at,
    updatedAt: at,
  });
  await tx.flush();
  return app;
}

export interface CredentialWithApp {
  credential: Credential;
  app: App;
}

export async function findCredentialByKey(
  em: EntityManager,
  apiKey: string,
): Promise<CredentialWithApp | null> {
  const credential = await em.findOne(CredentialSchema, { apiKey });
  if (!credential) return null;
  const app = await em.findOne(AppSchema, { id: credential.appId });
  return app ? { credential, app } : null;
}

export async function findApp(em: EntityManager, appId: number): Promise<App | null> {
  return em.findOne(AppSchema, { id: appId });
}

/**
 * Sets (or replaces) the URL of the app's first webhook endpoint in a mode (adding it when the
 * mode has none) and issues it a new signing secret, returned once. The endpoints an app adds
 * through /api/v1/webhook-endpoints are left as they are.
 */
export async function setWebhookEndpoint(
  em: EntityManager,
  input: { appId: number; mode: Mode; url: string; now?: Date },
  keyring: Keyring,
): Promise<{ url: string; secret: string; endpointId: string }> {
  const secret = newWebhookSecret();
  const now = input.now ?? new Date();
  await lockAppModeEndpoints(em, input);
  const [first] = await em.execute<Array<{ id: string; public_id: string }>>(
    'select id, public_id from webhook_endpoints where app_id = ? and mode = ? order by id limit 1 for update',
    [input.appId, input.mode],
  );
  const publicId = first?.public_id ?? newWebhookEndpointId();
  // Sealed for this endpoint alone (its `we_…` id), whether it is replaced or added.
  const sealed = keyring.seal(secret, webhookEndpointSecretContext({ ...input, publicId }));
  if (first) {
    await em.execute(
      `update webhook_endpoints
          set url = ?, secret_sealed = ?, secrets_sealed_per_endpoint = true, previous_secret_sealed = null,
              previous_secret_expires_at = null, updated_at = ?
        where id = ?`,
      [input.url, sealed, now, first.id],
    );
  } else {
    await em.execute(
      `insert into webhook_endpoints
         (public_id, app_id, mode, url, secret_sealed, secrets_sealed_per_endpoint, created_at, updated_at)
       values (?, ?, ?, ?, ?, true, ?, ?)`,
      [publicId, input.appId, input.mode, input.url, sealed, now, now],
    );
  }
  return { url: input.url, secret, endpointId: publicId };
}

/** Issues a new pair for a mode; the secret exists only in the result. */
export async function insertCredential(
  tx: EntityManager,
  input: { appId: number; mode: Mode; at: Date; named?: { name: string; scopes: Scope[] } },
  pepper: string,
): Promise<{ credential: Credential; issued: IssuedCredential }> {
  const issued = issueCredential(input.mode);
  const credential = tx.create(CredentialSchema, {
    appId: input.appId,
    mode: input.mode,
    apiKey: issued.apiKey,
    secretHash: hashSecret(issued.secret, pepper),
    status: 'ACTIVE',
    createdAt: input.at,
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    firstUsedAt: null,
    replacedById: null,
    name: input.named?.name ?? null,
    scopes: input.named ? [...input.named.scopes] : null,
  });
  await tx.flush();
  return { credential, issued };
}
