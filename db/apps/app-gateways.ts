import type { AppGatewaySetting } from '../../domain/apps/gateway-settings.js';
import type { Orm } from '../../platform/orm/orm.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { SealedValueError, type Keyring } from '../../platform/sealing/secret-box.js';
import { gatewayCredentialsContext } from '../../platform/sealing/sealing-contexts.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

/**
 * Gateway settings per app and mode (table app_gateways), set by operators. The rule that decides
 * a gateway for an app and mode (resolveAppGateway):
 * - a row with enabled = true: on, with the row's own credentials if it has any, else the
 *   gateway's service-wide ones (its module's fallbackCredentials);
 * - a row with enabled = false: off;
 * - no row: on exactly when service-wide credentials exist for the mode.
 * A gateway that is on with neither own nor service-wide credentials is not configured: unusable.
 */

export type { AppGatewaySetting };

/** A row as the dashboard shows it: secrets only masked. */
export interface AppGatewayRecord {
  mode: Mode;
  gateway: string;
  enabled: boolean;
  hasCredentials: boolean;
  /**
   * Why the app's own credentials do not open for this row with any key of SEALING_KEYS (a lost
   * key, a value moved from another row); null when they open or there are none.
   */
  credentialsUnreadable: string | null;
  /** Non-secret values as they are, secrets masked (credentialsHint). Empty without credentials. */
  credentialsHint: Record<string, string>;
  updatedAt: Date;
  updatedBy: number | null;
}

/** What of a credential field the hint needs to know (a gateway module's credentialFields). */
export interface HintField {
  key: string;
  secret: boolean;
}

export type GatewayCredentialSource = 'OWN' | 'SERVICE' | 'NONE';

export interface ResolvedAppGateway {
  enabled: boolean;
  /** Whose credentials the gateway uses (or would use, when off). */
  source: GatewayCredentialSource;
  /** The credentials in force: null when off or not configured. */
  credentials: Record<string, string> | null;
  /** On and configured. */
  usable: boolean;
}

interface Row {
  mode: Mode;
  gateway: string;
  enabled: boolean;
  sealed_credentials: string | null;
  credentials_hint: Record<string, string> | null;
  updated_at: Date | string;
  updated_by: string | number | null;
}

const COLUMNS = 'mode, gateway, enabled, sealed_credentials, credentials_hint, updated_at, updated_by';

interface KeyedRow extends Row {
  app_id: string | number;
}

/** The credentials of a row, or why they do not open here (never the sealed value itself). */
function unsealCredentials(
  row: KeyedRow,
  keyring: Keyring,
): { credentials: Record<string, string> | null; unreadable?: string } {
  if (row.sealed_credentials === null) return { credentials: null };
  const context = gatewayCredentialsContext({
    appId: Number(row.app_id),
    mode: row.mode,
    gateway: row.gateway,
  });
  try {
    return {
      credentials: JSON.parse(keyring.open(row.sealed_credentials, context)) as Record<string, string>,
    };
  } catch (error) {
    if (!(error instanceof SealedValueError)) throw error;
    return { credentials: null, unreadable: error.message };
  }
}

function toRecord(row: Row, unreadable: string | undefined): AppGatewayRecord {
  return {
    mode: row.mode,
    gateway: row.gateway,
    enabled: row.enabled,
    hasCredentials: row.sealed_credentials !== null,
    credentialsUnreadable: unreadable ?? null,
    credentialsHint: row.sealed_credentials === null ? {} : (row.credentials_hint ?? {}),
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by === null ? null : Number(row.updated_by),
  };
}

function toSetting(row: KeyedRow, keyring: Keyring): AppGatewaySetting {
  const { credentials, unreadable } = unsealCredentials(row, keyring);
  return {
    gateway: row.gateway,
    enabled: row.enabled,
    credentials,
    ...(unreadable !== undefined && { credentialsUnreadable: unreadable }),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * The app's own settings for a mode, credentials unsealed; credentials that do not open for this
 * row are marked unreadable (see AppGatewaySetting), never used.
 */
export async function loadAppGatewaySettings(
  em: EntityManager,
  appId: number,
  mode: Mode,
  keyring: Keyring,
): Promise<Map<string, AppGatewaySetting>> {
  const rows = await em.execute<KeyedRow[]>(
    `select app_id, ${COLUMNS} from app_gateways where app_id = ? and mode = ? order by gateway`,
    [appId, mode],
  );
  return new Map(rows.map((row) => [row.gateway, toSetting(row, keyring)]));
}

/**
 * Every app's own settings of one gateway in a mode (credentials unsealed, unreadable ones
 * marked): the merchant accounts apps brought of their own.
 */
export async function loadGatewaySettingsOfApps(
  em: EntityManager,
  gateway: string,
  mode: Mode,
  keyring: Keyring,
): Promise<Array<{ appId: number; setting: AppGatewaySetting }>> {
  const rows = await em.execute<KeyedRow[]>(
    `select app_id, ${COLUMNS} from app_gateways where gateway = ? and mode = ? order by app_id`,
    [gateway, mode],
  );
  return rows.map((row) => ({ appId: Number(row.app_id), setting: toSetting(row, keyring) }));
}

/** The registry's view of every app's own settings of a gateway, read through `orm`. */
export function gatewaySettingsOfAppsLoader(orm: Orm, keyring: Keyring) {
  return (gateway: string, mode: Mode) =>
    loadGatewaySettingsOfApps(orm.em.fork() as EntityManager, gateway, mode, keyring);
}

/**
 * The app's rows in both modes (or one), for display. Each row's credentials are opened only to
 * learn whether they still open here; what is shown of them is the stored hint.
 */
export async function listAppGatewayRecords(
  em: EntityManager,
  appId: number,
  keyring: Keyring,
  mode?: Mode,
): Promise<AppGatewayRecord[]> {
  const rows = await em.execute<KeyedRow[]>(
    `select app_id, ${COLUMNS} from app_gateways where app_id = ? ${mode ? 'and mode = ?' : ''} order by mode, gateway`,
    mode ? [appId, mode] : [appId],
  );
  return rows.map((row) => toRecord(row, unsealCredentials(row, keyring).unreadable));
}

/**
 * One row, locked for the caller's transaction (credentials unsealed, hint as stored); null when
 * the app has no setting for the gateway in that mode.
 */
export async function lockAppGateway(
  tx: EntityManager,
  key: { appId: number; mode: Mode; gateway: string },
  keyring: Keyring,
): Promise<(AppGatewaySetting & { record: AppGatewayRecord }) | null> {
  const [row] = await tx.execute<KeyedRow[]>(
    `select app_id, ${COLUMNS} from app_gateways where app_id = ? and mode = ? and gateway = ? for update`,
    [key.appId, key.mode, key.gateway],
  );
  if (!row) return null;
  const setting = toSetting(row, keyring);
  return { ...setting, record: toRecord(row, setting.credentialsUnreadable) };
}

/**
 * What may be shown of a set of credentials: non-secret values as they are; a secret as bullets
 * and its last four characters (PEM armour and whitespace aside), or bullets alone when it is too
 * short for four characters to be harmless.
 */
export function credentialsHint(
  fields: readonly HintField[],
  credentials: Record<string, string>,
): Record<string, string> {
  const hint: Record<string, string> = {};
  for (const field of fields) {
    const value = credentials[field.key];
    if (value === undefined || value === '') continue;
    hint[field.key] = field.secret ? maskSecret(value) : value;
  }
  return hint;
}

export function maskSecret(value: string): string {
  const core = value.replace(/-----[^-]*-----/g, '').replace(/\s+/g, '');
  return core.length >= 12 ? `••••${core.slice(-4)}` : '••••';
}

/**
 * Writes an app's setting for one gateway and mode (inserting or replacing the row): the
 * credentials sealed, their hint computed from the gateway's fields. `credentials: null` keeps
 * none of the app's own.
 */
export async function saveAppGateway(
  tx: EntityManager,
  input: {
    appId: number;
    mode: Mode;
    gateway: string;
    enabled: boolean;
    credentials: Record<string, string> | null;
    fields: readonly HintField[];
    at: Date;
    operatorId: number | null;
  },
  keyring: Keyring,
): Promise<void> {
  const sealed =
    input.credentials === null
      ? null
      : keyring.seal(JSON.stringify(input.credentials), gatewayCredentialsContext(input));
  const hint = input.credentials === null ? {} : credentialsHint(input.fields, input.credentials);
  await tx.execute(
    `insert into app_gateways
       (app_id, mode, gateway, enabled, sealed_credentials, credentials_hint, updated_at, updated_by)
     values (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
     on conflict (app_id, mode, gateway) do update
       set enabled = excluded.enabled, sealed_credentials = excluded.sealed_credentials,
           credentials_hint = excluded.credentials_hint, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
    [
      input.appId,
      input.mode,
      input.gateway,
      input.enabled,
      sealed,
      JSON.stringify(hint),
      input.at,
      input.operatorId,
    ],
  );
}

/** Turns a gateway on or off for an app and mode, keeping the app's own credentials. */
export async function setAppGatewayEnabled(
  tx: EntityManager,
  input: {
    appId: number;
    mode: Mode;
    gateway: string;
    enabled: boolean;
    at: Date;
    operatorId: number | null;
  },
): Promise<void> {
  await tx.execute(
    `insert into app_gateways (app_id, mode, gateway, enabled, updated_at, updated_by)
     values (?, ?, ?, ?, ?, ?)
     on conflict (app_id, mode, gateway) do update
       set enabled = excluded.enabled, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [input.appId, input.mode, input.gateway, input.enabled, input.at, input.operatorId],
  );
}

/**
 * Forgets the app's own credentials for a gateway and mode, keeping its on/off setting: the
 * service-wide credentials apply again. False when it had none.
 */
export async function clearAppGatewayCredentials(
  tx: EntityManager,
  input: { appId: number; mode: Mode; gateway: string; at: Date; operatorId: number | null },
): Promise<boolean> {
  const rows = await tx.execute<Array<{ gateway: string }>>(
    `update app_gateways
        set sealed_credentials = null, credentials_hint = '{}'::jsonb, updated_at = ?, updated_by = ?
      where app_id = ? and mode = ? and gateway = ? and sealed_credentials is not null
      returning gateway`,
    [input.at, input.operatorId, input.appId, input.mode, input.gateway],
  );
  return rows.length > 0;
}

/**
 * The rule: which credentials a gateway uses for an app and mode, given the app's own setting (if
 * any) and the gateway's service-wide credentials (asked only when needed).
 */
export function resolveAppGateway(
  setting: Pick<AppGatewaySetting, 'enabled' | 'credentials' | 'credentialsUnreadable'> | undefined,
  serviceCredentials: () => Record<string, string> | null,
): ResolvedAppGateway {
  if (setting?.credentialsUnreadable !== undefined) {
    // The app chose its own credentials: a row whose credentials do not open never falls back
    // to the service's merchant account.
    return { enabled: setting.enabled, source: 'OWN', credentials: null, usable: false };
  }
  const own = setting?.credentials ?? null;
  const service = own === null ? serviceCredentials() : null;
  const source: GatewayCredentialSource = own !== null ? 'OWN' : service !== null ? 'SERVICE' : 'NONE';
  const enabled = setting ? setting.enabled : service !== null;
  const credentials = enabled ? (own ?? service) : null;
  return { enabled, source, credentials, usable: credentials !== null };
}

/**
 * The registry's view of per-app settings: read through `orm`, unsealed with `keyring`; each
 * row whose credentials do not open is reported to `warn` (the gateway is unusable for the app).
 */
export function appGatewaySettingsLoader(
  orm: Orm,
  keyring: Keyring,
  warn?: (details: Record<string, unknown>, message: string) => void,
) {
  return async (appId: number, mode: Mode) => {
    const settings = await loadAppGatewaySettings(orm.em.fork() as EntityManager, appId, mode, keyring);
    for (const setting of settings.values()) {
      if (setting.credentialsUnreadable === undefined) continue;
      warn?.(
        { appId, mode, gateway: setting.gateway, problem: setting.credentialsUnreadable },
        "the app's own gateway credentials do not open for its row; the gateway is unusable until an operator sets them again",
      );
    }
    return settings;
  };
}

/**
 * The version of an app's gateway settings for a mode (app_gateway_versions, bumped by a trigger
 * with every committed change); 0 while they never changed.
 */
export async function appGatewaySettingsVersion(
  em: EntityManager,
  appId: number,
  mode: Mode,
): Promise<number> {
  const [row] = await executePrepared<{ version: string | number }>(
    em,
    'select version from app_gateway_versions where app_id = ? and mode = ?',
    [appId, mode],
  );
  return row ? Number(row.version) : 0;
}

/** The registry's view of the settings' version, read through `orm`. */
export function appGatewaySettingsVersionReader(orm: Orm) {
  return (appId: number, mode: Mode) =>
    appGatewaySettingsVersion(orm.em.fork() as EntityManager, appId, mode);
}
