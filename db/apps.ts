import type { EntityManager } from '@mikro-orm/postgresql';
import { hashSecret, issueCredential, type IssuedCredential } from '../domain/credentials.js';
import type { Mode } from '../domain/mode.js';
import { newWebhookSecret, type Keyring } from '../domain/secret-box.js';
import { webhookSecretContext } from '../domain/sealing-contexts.js';
import { AppSchema, CredentialSchema, WebhookEndpointSchema, type App, type Credential } from './entities.js';

export interface RegisteredApp {
  app: App;
  credentials: Record<Mode, IssuedCredential>;
}

/** Registers an app with a TEST and a LIVE credential pair; the secrets exist only in the result. */
export async function registerApp(
  em: EntityManager,
  input: {
    name: string;
    displayName?: string;
    receiptsEnabled?: boolean;
    invoiceEmailsEnabled?: boolean;
    logoUrl?: string | null;
    brandColor?: string | null;
    /** The service clock's time; defaults to now. */
    now?: Date;
  },
  pepper: string,
): Promise<RegisteredApp> {
  const at = input.now ?? new Date();
  return em.transactional(async (tx) => {
    const app = tx.create(AppSchema, {
      name: input.name,
      displayName: input.displayName ?? input.name,
      receiptsEnabled: input.receiptsEnabled ?? true,
      invoiceEmailsEnabled: input.invoiceEmailsEnabled ?? false,
      status: 'ACTIVE',
      logoUrl: input.logoUrl ?? null,
      brandColor: input.brandColor ?? null,
      createdAt: at,
      updatedAt: at,
    });
    await tx.flush();
    const credentials = {
      TEST: (await insertCredential(tx, { appId: app.id, mode: 'TEST', at }, pepper)).issued,
      LIVE: (await insertCredential(tx, { appId: app.id, mode: 'LIVE', at }, pepper)).issued,
    };
    await tx.flush();
    return { app, credentials };
  });
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

/** Sets (or replaces) the app's webhook endpoint for one mode; returns the new signing secret. */
export async function setWebhookEndpoint(
  em: EntityManager,
  input: { appId: number; mode: Mode; url: string; now?: Date },
  keyring: Keyring,
): Promise<{ url: string; secret: string }> {
  const secret = newWebhookSecret();
  await em.upsert(
    WebhookEndpointSchema,
    {
      appId: input.appId,
      mode: input.mode,
      url: input.url,
      secretSealed: keyring.seal(secret, webhookSecretContext(input)),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      updatedAt: input.now ?? new Date(),
    },
    {
      onConflictFields: ['appId', 'mode'],
      onConflictAction: 'merge',
      onConflictMergeFields: [
        'url',
        'secretSealed',
        'previousSecretSealed',
        'previousSecretExpiresAt',
        'updatedAt',
      ],
    },
  );
  return { url: input.url, secret };
}

/** Issues a new pair for a mode; the secret exists only in the result. */
export async function insertCredential(
  tx: EntityManager,
  input: { appId: number; mode: Mode; at: Date },
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
  });
  await tx.flush();
  return { credential, issued };
}
