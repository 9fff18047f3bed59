import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../../platform/config/index.js';
import {
  clearAppGatewayCredentials,
  listAppGatewayRecords,
  lockAppGateway,
  resolveAppGateway,
  saveAppGateway,
  setAppGatewayEnabled,
  type AppGatewayRecord,
  type GatewayCredentialSource,
} from '../../../db/apps/app-gateways.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { ApiError, type FieldIssue } from '../../../domain/shared/errors.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { STEP_UP_WINDOW_MS } from '../../../domain/operators/permissions.js';
import { GATEWAY_MODULES, findGatewayModule } from '../../../gateways/catalogue.js';
import type { GatewayEnvironment, GatewayModule } from '../../../gateways/module.js';
import type { ApiDeps } from '../../deps.js';
import { zodIssues } from '../../validation.js';
import { now, type AdminState } from '../session.js';
import type { GatewaySettingsInput } from './schemas.js';

/**
 * Gateway settings per app and mode, shared by the JSON API and the dashboard forms: the state of
 * each gateway as the rule of db/apps/app-gateways.ts decides it, and the operator's changes. Each
 * change and its audit entry commit in one transaction; neither the answers nor the audit trail
 * ever carry a secret (secrets appear masked, or only as the names of the fields that changed).
 */

type Deps = Pick<ApiDeps, 'orm' | 'config' | 'clock' | 'gateways' | 'keyring'>;

const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

/**
 * The service-wide settings the gateways fall back to: the process environment and the service's
 * configuration (the API is always given the whole of it).
 */
function serviceSettings(deps: Deps): { env: GatewayEnvironment; config: Config } {
  return { env: process.env, config: deps.config as Config };
}

export interface GatewayFieldView {
  key: string;
  label: string;
  secret: boolean;
  multiline: boolean;
  hint: string | null;
  /** A setting chosen from a few values; absent for typed ones. */
  choices?: ReadonlyArray<{ value: string; label: string }>;
}

export type GatewayStatus = 'ACTIVE' | 'DISABLED' | 'NOT_CONFIGURED' | 'UNREADABLE';

/** What an operator does about credentials that no longer open. */
export const UNREADABLE_HINT =
  "The app's own credentials cannot be opened with any key in SEALING_KEYS (a key was removed, or the value was moved from another row): set the credentials again.";

export interface GatewayStateView {
  gateway: string;
  displayName: string;
  mode: Mode;
  /**
   * ACTIVE: on and configured; DISABLED: off; NOT_CONFIGURED: on, but no credentials anywhere;
   * UNREADABLE: the app's own credentials do not open (whether on or off), so checkout cannot use
   * the gateway and never falls back to the service's.
   */
  status: GatewayStatus;
  /** What to do about the state, when something must be done (UNREADABLE); else null. */
  hint: string | null;
  enabled: boolean;
  /** Whose credentials it uses (or would use, when off): the app's own, the service's, none. */
  source: GatewayCredentialSource;
  /** DEFAULT: no operator setting (on exactly when the service has credentials); else ON or OFF. */
  setting: 'DEFAULT' | 'ON' | 'OFF';
  /** Whether service-wide credentials exist for this mode: what clearing the app's own falls back to. */
  serviceCredentials: boolean;
  /** The app's own credentials as they may be shown (secrets masked); null when it has none. */
  credentials: Record<string, string> | null;
  fields: GatewayFieldView[];
  updatedAt: string | null;
  updatedBy: number | null;
}

export function gatewayModuleOr404(name: string | undefined): GatewayModule {
  const module = name === undefined ? undefined : findGatewayModule(name);
  if (!module) throw new ApiError('GATEWAY_NOT_FOUND');
  return module;
}

/** Whether the session confirmed its password within the step-up window. */
export function stepUpFresh(deps: Pick<ApiDeps, 'clock'>, admin: AdminState): boolean {
  const at = admin.session.stepUpAt;
  return at !== null && now(deps).getTime() - at.getTime() <= STEP_UP_WINDOW_MS;
}

/** LIVE settings move real money: changing them needs the password again, as other step-up actions do. */
export function assertStepUpFor(deps: Pick<ApiDeps, 'clock'>, admin: AdminState, mode: Mode): void {
  if (mode === 'LIVE' && !stepUpFresh(deps, admin)) {
    throw new ApiError('STEP_UP_REQUIRED', 'Changing LIVE gateway settings needs your password again');
  }
}

function fieldViews(module: GatewayModule): GatewayFieldView[] {
  return module.credentialFields.map((field) => ({
    key: field.key,
    label: field.label,
    secret: field.secret,
    multiline: field.multiline ?? false,
    hint: field.hint ?? null,
    ...(field.choices && { choices: field.choices }),
  }));
}

function stateView(
  deps: Deps,
  module: GatewayModule,
  mode: Mode,
  record: AppGatewayRecord | undefined,
): GatewayStateView {
  const { env, config } = serviceSettings(deps);
  const service = module.fallbackCredentials(env, config, mode);
  // Only whether the app has credentials of its own, and whether they open, matters here.
  const unreadable = record?.credentialsUnreadable ?? null;
  const resolved = resolveAppGateway(
    record && {
      enabled: record.enabled,
      credentials: record.hasCredentials ? record.credentialsHint : null,
      ...(unreadable !== null && { credentialsUnreadable: unreadable }),
    },
    () => service,
  );
  return {
    gateway: module.name,
    displayName: module.displayName,
    mode,
    status:
      unreadable !== null
        ? 'UNREADABLE'
        : !resolved.enabled
          ? 'DISABLED'
          : resolved.usable
            ? 'ACTIVE'
            : 'NOT_CONFIGURED',
    hint: unreadable !== null ? UNREADABLE_HINT : null,
    enabled: resolved.enabled,
    source: resolved.source,
    setting: record ? (record.enabled ? 'ON' : 'OFF') : 'DEFAULT',
    serviceCredentials: service !== null,
    credentials: record?.hasCredentials ? record.credentialsHint : null,
    fields: fieldViews(module),
    updatedAt: record?.updatedAt.toISOString() ?? null,
    updatedBy: record?.updatedBy ?? null,
  };
}

async function assertApp(em: EntityManager, appId: number, lock: boolean): Promise<void> {
  const rows = await em.execute<Array<{ id: string }>>(
    // NO KEY UPDATE serialises changes to one app's gateways without blocking rows that refer to the app.
    `select id from apps where id = ?${lock ? ' for no key update' : ''}`,
    [appId],
  );
  if (!rows.length) throw new ApiError('APP_NOT_FOUND');
}

/** Every gateway of the catalogue for an app, in each mode, in catalogue order. */
export async function appGatewayStates(deps: Deps, appId: number): Promise<Record<Mode, GatewayStateView[]>> {
  const em = fork(deps);
  await assertApp(em, appId, false);
  const records = await listAppGatewayRecords(em, appId, deps.keyring);
  const find = (mode: Mode, name: string) => records.find((r) => r.mode === mode && r.gateway === name);
  return Object.fromEntries(
    MODES.map((mode) => [
      mode,
      GATEWAY_MODULES.map((module) => stateView(deps, module, mode, find(mode, module.name))),
    ]),
  ) as Record<Mode, GatewayStateView[]>;
}

export async function appGatewayState(
  deps: Deps,
  appId: number,
  mode: Mode,
  module: GatewayModule,
): Promise<GatewayStateView> {
  const em = fork(deps);
  await assertApp(em, appId, false);
  const record = (await listAppGatewayRecords(em, appId, deps.keyring, mode)).find(
    (r) => r.gateway === module.name,
  );
  return stateView(deps, module, mode, record);
}

const normalise = (multiline: boolean, value: string) =>
  (multiline ? value.replace(/\r\n?/g, '\n') : value).trim();

/**
 * The credentials an update leaves, checked by the gateway's own schema: a field left out keeps
 * its stored value, a secret sent blank keeps it too (forms never show secrets back), a
 * non-secret sent blank is cleared. 400 VALIDATION_ERROR names each bad field as
 * `credentials.<key>`; credentials of the other mode (a Stripe test key on LIVE) are 422
 * GATEWAY_CREDENTIALS_WRONG_MODE, naming the field.
 */
export function mergeCredentials(
  module: GatewayModule,
  mode: Mode,
  stored: Record<string, string> | null,
  given: Record<string, string>,
): Record<string, string> {
  const known = new Set(module.credentialFields.map((field) => field.key));
  const unknown: FieldIssue[] = Object.keys(given)
    .filter((key) => !known.has(key))
    .map((key) => ({
      field: `credentials.${key}`,
      message: `is not a credential of ${module.displayName}`,
      code: 'unrecognized_keys',
    }));
  if (unknown.length) throw new ApiError('VALIDATION_ERROR', undefined, unknown);
  const merged: Record<string, string> = {};
  for (const field of module.credentialFields) {
    const value = given[field.key];
    const typed = value === undefined ? '' : normalise(field.multiline ?? false, value);
    if (typed !== '') merged[field.key] = typed;
    else if ((value === undefined || field.secret) && stored?.[field.key] !== undefined)
      merged[field.key] = stored[field.key]!;
  }
  const parsed = module.credentials.safeParse(merged);
  if (!parsed.success) {
    throw new ApiError(
      'VALIDATION_ERROR',
      `These are not valid ${module.displayName} credentials`,
      zodIssues(parsed.error).map((issue) => ({
        ...issue,
        field: issue.field === '(body)' ? 'credentials' : `credentials.${issue.field}`,
        ...(issue.code === 'invalid_type' && merged[issue.field] === undefined && { message: 'is required' }),
      })),
    );
  }
  const wrongMode = module.modeIssues?.(parsed.data, mode) ?? [];
  if (wrongMode.length) {
    throw new ApiError(
      'GATEWAY_CREDENTIALS_WRONG_MODE',
      `These ${module.displayName} credentials are not ${mode} credentials`,
      wrongMode.map((issue) => ({
        field: `credentials.${issue.field}`,
        message: issue.message,
        code: 'wrong_mode',
      })),
    );
  }
  return parsed.data;
}

/** What the audit trail keeps of a setting: never a secret, not even masked. */
function auditSummary(
  module: GatewayModule,
  mode: Mode,
  setting: { enabled: boolean; credentials: Record<string, string> | null } | null,
) {
  if (!setting) return { mode, gateway: module.name, setting: 'DEFAULT' };
  const visible = setting.credentials
    ? Object.fromEntries(
        module.credentialFields
          .filter((field) => !field.secret && setting.credentials![field.key] !== undefined)
          .map((field) => [field.key, setting.credentials![field.key]]),
      )
    : null;
  return { mode, gateway: module.name, enabled: setting.enabled, ownCredentials: visible };
}

function changedFields(
  module: GatewayModule,
  before: Record<string, string> | null,
  after: Record<string, string> | null,
): string[] {
  return module.credentialFields
    .map((field) => field.key)
    .filter((key) => (before?.[key] ?? null) !== (after?.[key] ?? null));
}

/**
 * Sets a gateway on or off for an app and mode and/or replaces the app's own credentials for it.
 * A first setting without `enabled` turns the gateway on. A change to nothing changes nothing
 * (and is not audited).
 */
export async function updateAppGateway(
  deps: Deps,
  admin: AdminState,
  actor: AuditActor,
  target: { appId: number; mode: Mode; module: GatewayModule },
  input: GatewaySettingsInput,
): Promise<GatewayStateView> {
  const { appId, mode, module } = target;
  assertStepUpFor(deps, admin, mode);
  await fork(deps).transactional(async (tx) => {
    await assertApp(tx, appId, true);
    const current = await lockAppGateway(tx, { appId, mode, gateway: module.name }, deps.keyring);
    if (current?.credentialsUnreadable !== undefined && !input.credentials) {
      // Credentials that do not open cannot be re-sealed: the switch changes, they stay as found.
      if (current.enabled === (input.enabled ?? current.enabled)) return;
      const enabled = input.enabled ?? current.enabled;
      await setAppGatewayEnabled(tx, {
        appId,
        mode,
        gateway: module.name,
        enabled,
        at: now(deps),
        operatorId: admin.operator.id,
      });
      await appendAudit(tx, actor, {
        action: 'gateway.settings_updated',
        targetType: 'app',
        targetId: appId,
        before: auditSummary(module, mode, current),
        after: { ...auditSummary(module, mode, { enabled, credentials: null }), changedFields: [] },
      });
      return;
    }
    const credentials = input.credentials
      ? mergeCredentials(module, mode, current?.credentials ?? null, input.credentials)
      : (current?.credentials ?? null);
    const enabled = input.enabled ?? current?.enabled ?? true;
    const changed = changedFields(module, current?.credentials ?? null, credentials);
    if (current && current.enabled === enabled && !changed.length) return;
    await saveAppGateway(
      tx,
      {
        appId,
        mode,
        gateway: module.name,
        enabled,
        credentials,
        fields: module.credentialFields,
        at: now(deps),
        operatorId: admin.operator.id,
      },
      deps.keyring,
    );
    await appendAudit(tx, actor, {
      action: 'gateway.settings_updated',
      targetType: 'app',
      targetId: appId,
      before: auditSummary(module, mode, current),
      after: { ...auditSummary(module, mode, { enabled, credentials }), changedFields: changed },
    });
  });
  deps.gateways.invalidate(appId);
  return appGatewayState(deps, appId, mode, module);
}

/**
 * Forgets the app's own credentials for a gateway and mode: it falls back to the service-wide
 * ones (its on/off setting stays). Clearing what is not there changes nothing.
 */
export async function clearAppGatewayOwnCredentials(
  deps: Deps,
  admin: AdminState,
  actor: AuditActor,
  target: { appId: number; mode: Mode; module: GatewayModule },
): Promise<GatewayStateView> {
  const { appId, mode, module } = target;
  assertStepUpFor(deps, admin, mode);
  await fork(deps).transactional(async (tx) => {
    await assertApp(tx, appId, true);
    const current = await lockAppGateway(tx, { appId, mode, gateway: module.name }, deps.keyring);
    // Credentials that do not open here can be cleared too: that is how an operator recovers.
    if (!current?.record.hasCredentials) return;
    await clearAppGatewayCredentials(tx, {
      appId,
      mode,
      gateway: module.name,
      at: now(deps),
      operatorId: admin.operator.id,
    });
    await appendAudit(tx, actor, {
      action: 'gateway.credentials_cleared',
      targetType: 'app',
      targetId: appId,
      before: auditSummary(module, mode, current),
      after: {
        ...auditSummary(module, mode, { enabled: current.enabled, credentials: null }),
        changedFields: changedFields(module, current.credentials, null),
      },
    });
  });
  deps.gateways.invalidate(appId);
  return appGatewayState(deps, appId, mode, module);
}
