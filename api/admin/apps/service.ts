import type { EntityManager } from '@mikro-orm/postgresql';
import {
  findEndpoint,
  isAppNameTaken,
  lockCurrentCredential,
  rotateWebhookSecret,
} from '../../../db/apps/app-admin.js';
import { insertCredential, registerAppWithTestPair, setWebhookEndpoint } from '../../../db/apps/apps.js';
import type { KeyRequest } from '../../../db/apps/key-requests.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import {
  AppSchema,
  CredentialSchema,
  WebhookEndpointSchema,
  type App,
  type Credential,
  type WebhookEndpoint,
} from '../../../platform/orm/entities.js';
import { updateEndpoint } from '../../../db/webhooks/webhook-endpoints.js';
import type { IssuedCredential } from '../../../domain/apps/credentials.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { SCOPES, type Scope } from '../../../domain/apps/scopes.js';
import type { ApiDeps } from '../../deps.js';
import { maskedWebhookUrl, webhookUrlProblem } from '../../../domain/webhooks/webhook-endpoints.js';
import { now, type AdminState } from '../session.js';
import { askForKeyInTransaction, assertKeyNameFree } from './key-asks.js';
import { DEFAULT_GRACE_HOURS, type CreateAppInput, type UpdateAppInput } from './schemas.js';
import { PING_TIMEOUT_MS, pingEndpoint, type PingResult } from './webhook-ping.js';
import { refreshLogo } from '../../apps/app-logo.js';

/**
 * The apps area's operations, shared by the JSON API and the dashboard forms. Each change and its
 * audit entry commit in one transaction; summaries in the audit trail never carry a secret.
 */

type Deps = Pick<ApiDeps, 'orm' | 'config' | 'clock' | 'keyring'>;

const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

export function appSummary(app: App) {
  return {
    name: app.name,
    displayName: app.displayName,
    logoUrl: app.logoUrl,
    brandColor: app.brandColor,
    receiptsEnabled: app.receiptsEnabled,
    invoiceEmailsEnabled: app.invoiceEmailsEnabled,
    rateLimitPerMinute: app.rateLimitPerMinute,
    status: app.status,
  };
}

function credentialSummary(credential: Credential) {
  return {
    appId: credential.appId,
    mode: credential.mode,
    key: credential.apiKey,
    ...(credential.scopes ? { name: credential.name, scopes: credential.scopes } : {}),
    status: credential.status,
    expiresAt: credential.expiresAt?.toISOString() ?? null,
    revokedAt: credential.revokedAt?.toISOString() ?? null,
  };
}

async function loadApp(em: EntityManager, appId: number): Promise<App> {
  const app = await em.findOne(AppSchema, { id: appId });
  if (!app) throw new ApiError('APP_NOT_FOUND');
  return app;
}

/**
 * A logo URL being saved is fetched now, and its image checked and re-encoded once for every
 * document after: one over the pixel limits is refused here, with the operator watching. One that
 * cannot be fetched now is saved anyway; documents go without it until it can be.
 */
async function checkLogo(em: EntityManager, url: string | null | undefined): Promise<void> {
  if (!url) return;
  const { problem } = await refreshLogo(em, url);
  if (problem) throw new ApiError('VALIDATION_ERROR', problem, [{ field: 'logoUrl', message: problem }]);
}

export interface NewApp {
  app: App;
  /** The TEST pair, issued at once; its secret exists only here. */
  test: IssuedCredential;
  /** The LIVE pair holds every scope, money ones included: it waits for a money role's approval. */
  liveKeyRequest: KeyRequest;
}

/**
 * Registers an app: its TEST pair at once, its LIVE pair as a key request a FINANCE or ADMIN
 * operator independent of the registrant approves before the registrant collects it.
 */
export async function createApp(
  deps: Deps,
  admin: AdminState,
  actor: AuditActor,
  input: CreateAppInput,
): Promise<NewApp> {
  const em = fork(deps);
  // Names identify apps in logs and the CLI; a second app of the same name (or a resubmitted
  // registration form) is refused rather than silently duplicated.
  if (await isAppNameTaken(em, input.name)) throw new ApiError('APP_NAME_TAKEN');
  await checkLogo(em, input.logoUrl);
  return em.transactional(async (tx) => {
    const at = now(deps);
    const registered = await registerAppWithTestPair(
      tx,
      {
        name: input.name,
        displayName: input.displayName,
        logoUrl: input.logoUrl ?? null,
        brandColor: input.brandColor ?? null,
        receiptsEnabled: input.receiptsEnabled ?? true,
        invoiceEmailsEnabled: input.invoiceEmailsEnabled ?? false,
        now: at,
      },
      deps.config.CREDENTIAL_PEPPER,
    );
    await appendAudit(tx, actor, {
      action: 'app.create',
      targetType: 'app',
      targetId: registered.app.id,
      after: { ...appSummary(registered.app), keys: { TEST: registered.test.apiKey, LIVE: null } },
    });
    const liveKeyRequest = await askForKeyInTransaction(
      tx,
      admin,
      actor,
      { appId: registered.app.id, mode: 'LIVE', kind: 'APP_LIVE_PAIR' },
      at,
    );
    return { app: registered.app, test: registered.test, liveKeyRequest };
  });
}

export async function updateApp(
  deps: Deps,
  actor: AuditActor,
  appId: number,
  patch: UpdateAppInput,
): Promise<App> {
  await checkLogo(fork(deps), patch.logoUrl);
  return fork(deps).transactional(async (tx) => {
    const app = await loadApp(tx, appId);
    const before = appSummary(app);
    tx.assign(app, { ...patch, updatedAt: now(deps) });
    await tx.flush();
    await appendAudit(tx, actor, {
      action: 'app.update',
      targetType: 'app',
      targetId: appId,
      before,
      after: appSummary(app),
    });
    return app;
  });
}

/** Suspends or reactivates an app; asking for the state it is already in changes nothing. */
export async function setAppStatus(
  deps: Deps,
  actor: AuditActor,
  appId: number,
  status: App['status'],
): Promise<App> {
  return fork(deps).transactional(async (tx) => {
    const app = await loadApp(tx, appId);
    if (app.status === status) return app;
    const before = { status: app.status };
    tx.assign(app, { status, updatedAt: now(deps) });
    await tx.flush();
    await appendAudit(tx, actor, {
      action: status === 'SUSPENDED' ? 'app.suspend' : 'app.reactivate',
      targetType: 'app',
      targetId: appId,
      before,
      after: { status },
    });
    return app;
  });
}

export interface Rotation {
  credential: Credential;
  issued: IssuedCredential;
  previous: Credential | null;
}

/**
 * Issues a new pair for a mode. The current pair keeps working until the end of its grace
 * window, then fails with CREDENTIAL_EXPIRED. `expectCurrentId` (the dashboard form's view of
 * the current credential) refuses a resubmitted or stale form instead of rotating twice.
 */
export async function rotateCredential(
  deps: Deps,
  actor: AuditActor,
  appId: number,
  input: { mode: Mode; graceHours: number; expectCurrentId?: number | null },
): Promise<Rotation> {
  return fork(deps).transactional(async (tx) => {
    await loadApp(tx, appId);
    return rotateInTransaction(tx, actor, appId, input, {
      at: now(deps),
      pepper: deps.config.CREDENTIAL_PEPPER,
    });
  });
}

/** The rotation itself, inside the caller's transaction (a collected key request's LIVE pair too). */
export async function rotateInTransaction(
  tx: EntityManager,
  actor: AuditActor,
  appId: number,
  input: { mode: Mode; graceHours: number; expectCurrentId?: number | null },
  issuing: { at: Date; pepper: string },
): Promise<Rotation> {
  const { at } = issuing;
  const previous = await lockCurrentCredential(tx, appId, input.mode);
  if (input.expectCurrentId !== undefined && (previous?.id ?? null) !== input.expectCurrentId) {
    throw new ApiError(
      'VALIDATION_ERROR',
      `The ${input.mode} credential changed since this page was loaded (already rotated?). Reload and try again.`,
    );
  }
  const { credential, issued } = await insertCredential(tx, { appId, mode: input.mode, at }, issuing.pepper);
  const before = previous ? credentialSummary(previous) : null;
  if (previous) {
    previous.expiresAt = new Date(at.getTime() + input.graceHours * 60 * 60 * 1000);
    previous.replacedById = credential.id;
    await tx.flush();
  }
  await appendAudit(tx, actor, {
    action: 'credential.rotate',
    targetType: 'credential',
    targetId: previous?.id ?? credential.id,
    before,
    after: {
      ...(previous ? credentialSummary(previous) : { appId, mode: input.mode }),
      graceHours: input.graceHours,
      replacedBy: { id: credential.id, key: credential.apiKey },
    },
  });
  return { credential, issued, previous };
}

/**
 * Issues a named key for an app and mode holding only the scopes chosen; its secret is shown once.
 * The app's own pair is untouched. Two working keys of a mode share no name, so a list of keys
 * reads unambiguously (a resubmitted form is refused rather than issuing a second key).
 */
export async function issueNamedKey(
  deps: Deps,
  actor: AuditActor,
  appId: number,
  input: { mode: Mode; name: string; scopes: Scope[] },
): Promise<{ credential: Credential; issued: IssuedCredential }> {
  return fork(deps).transactional(async (tx) => {
    await loadApp(tx, appId);
    return issueNamedInTransaction(tx, actor, appId, input, {
      at: now(deps),
      pepper: deps.config.CREDENTIAL_PEPPER,
    });
  });
}

/** The named key itself, inside the caller's transaction (a collected key request's too). */
export async function issueNamedInTransaction(
  tx: EntityManager,
  actor: AuditActor,
  appId: number,
  input: { mode: Mode; name: string; scopes: readonly Scope[] },
  issuing: { at: Date; pepper: string },
): Promise<{ credential: Credential; issued: IssuedCredential }> {
  const scopes = SCOPES.filter((scope) => input.scopes.includes(scope));
  await assertKeyNameFree(tx, appId, input.mode, input.name);
  const issued = await insertCredential(
    tx,
    { appId, mode: input.mode, at: issuing.at, named: { name: input.name, scopes } },
    issuing.pepper,
  );
  await appendAudit(tx, actor, {
    action: 'credential.issue_named',
    targetType: 'credential',
    targetId: issued.credential.id,
    after: credentialSummary(issued.credential),
  });
  return issued;
}

/** Revokes a credential now; revoking a revoked one changes nothing. */
export async function revokeCredential(
  deps: Deps,
  actor: AuditActor,
  credentialId: number,
): Promise<Credential> {
  return fork(deps).transactional(async (tx) => {
    const credential = await tx.findOne(CredentialSchema, { id: credentialId });
    if (!credential) throw new ApiError('CREDENTIAL_NOT_FOUND');
    if (credential.status === 'REVOKED') return credential;
    const before = credentialSummary(credential);
    tx.assign(credential, { status: 'REVOKED', revokedAt: now(deps) });
    await tx.flush();
    await appendAudit(tx, actor, {
      action: 'credential.revoke',
      targetType: 'credential',
      targetId: credentialId,
      before,
      after: credentialSummary(credential),
    });
    return credential;
  });
}

/** A dashboard form's view of an endpoint: its last change, or 'none'. */
export async function endpointVersion(deps: Deps, appId: number, mode: Mode): Promise<string> {
  const endpoint = await findEndpoint(fork(deps), appId, mode);
  return endpoint ? endpoint.updatedAt.toISOString() : 'none';
}

async function assertEndpointVersion(tx: EntityManager, appId: number, mode: Mode, expected?: string) {
  if (expected === undefined) return;
  const endpoint = await findEndpoint(tx, appId, mode);
  const current = endpoint ? endpoint.updatedAt.toISOString() : 'none';
  if (current !== expected) {
    throw new ApiError(
      'VALIDATION_ERROR',
      `The ${mode} webhook endpoint changed since this page was loaded. Reload and try again.`,
    );
  }
}

/** Sets the endpoint URL of a mode and issues a new signing secret (returned once). */
export async function setEndpoint(
  deps: Deps,
  actor: AuditActor,
  appId: number,
  input: { mode: Mode; url: string; expectVersion?: string },
): Promise<{ url: string; secret: string }> {
  const problem = webhookUrlProblem(input.mode, input.url);
  if (problem) throw new ApiError('VALIDATION_ERROR', problem, [{ field: 'url', message: problem }]);
  return fork(deps).transactional(async (tx) => {
    await loadApp(tx, appId);
    await assertEndpointVersion(tx, appId, input.mode, input.expectVersion);
    // Read the URL now: the upsert below updates the loaded entity in place.
    const previousUrl = (await findEndpoint(tx, appId, input.mode))?.url ?? null;
    const result = await setWebhookEndpoint(
      tx,
      { appId, mode: input.mode, url: input.url, now: now(deps) },
      deps.keyring,
    );
    await appendAudit(tx, actor, {
      action: 'webhook.endpoint_set',
      targetType: 'app',
      targetId: appId,
      before: previousUrl ? { mode: input.mode, url: maskedWebhookUrl(previousUrl) } : null,
      after: { mode: input.mode, url: maskedWebhookUrl(input.url), signingKeyIssued: true },
    });
    return result;
  });
}

export async function rotateEndpointSecret(
  deps: Deps,
  actor: AuditActor,
  appId: number,
  input: { mode: Mode; expectVersion?: string },
): Promise<{ url: string; secret: string }> {
  return fork(deps).transactional(async (tx) => {
    await loadApp(tx, appId);
    await assertEndpointVersion(tx, appId, input.mode, input.expectVersion);
    const at = now(deps);
    const result = await rotateWebhookSecret(
      tx,
      {
        appId,
        mode: input.mode,
        now: at,
        previousValidUntil: new Date(at.getTime() + DEFAULT_GRACE_HOURS * 3600_000),
      },
      deps.keyring,
    );
    if (!result) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
    await appendAudit(tx, actor, {
      action: 'webhook.secret_rotated',
      targetType: 'app',
      targetId: appId,
      before: { mode: input.mode, url: maskedWebhookUrl(result.url) },
      after: {
        mode: input.mode,
        url: maskedWebhookUrl(result.url),
        signingKeyIssued: true,
        previousValidUntil: result.previousValidUntil.toISOString(),
      },
    });
    return result;
  });
}

/**
 * Switches one of the app's endpoints (any mode, by its `we_` id) off or on, as the app can
 * itself: a disabled endpoint is sent nothing until it is enabled again.
 */
export async function setAppEndpointEnabled(
  deps: Deps,
  actor: AuditActor,
  appId: number,
  input: { endpointId: string; enabled: boolean },
): Promise<WebhookEndpoint> {
  return fork(deps).transactional(async (tx) => {
    await loadApp(tx, appId);
    const found = await tx.findOne(WebhookEndpointSchema, { publicId: input.endpointId, appId });
    if (!found) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
    const result = await updateEndpoint(
      tx,
      { appId, mode: found.mode },
      input.endpointId,
      { enabled: input.enabled },
      now(deps),
    );
    if (!result) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
    await appendAudit(tx, actor, {
      action: input.enabled ? 'webhook.endpoint_enabled' : 'webhook.endpoint_disabled',
      targetType: 'app',
      targetId: appId,
      before: { endpoint: input.endpointId, mode: found.mode, enabled: result.before.disabledAt === null },
      after: {
        endpoint: input.endpointId,
        mode: found.mode,
        url: maskedWebhookUrl(result.after.url),
        enabled: input.enabled,
      },
    });
    return result.after;
  });
}

export async function pingAppEndpoint(
  deps: Deps,
  actor: AuditActor,
  appId: number,
  mode: Mode,
): Promise<PingResult> {
  const em = fork(deps);
  await loadApp(em, appId);
  const endpoint = await findEndpoint(em, appId, mode);
  if (!endpoint) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
  const result = await pingEndpoint(
    endpoint,
    deps.keyring,
    {
      allowPrivateNetworks: deps.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      allowedPrivateTargets: deps.config.WEBHOOK_ALLOWED_PRIVATE_TARGETS,
    },
    PING_TIMEOUT_MS,
    now(deps),
  );
  await appendAudit(em, actor, {
    action: 'webhook.ping',
    targetType: 'app',
    targetId: appId,
    after: {
      mode,
      url: result.url,
      eventId: result.eventId,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
    },
  });
  return result;
}
