import { createHash } from 'node:crypto';
import type { Config } from '../platform/config/index.js';
import type { ReceiptBook } from '../domain/payments/manual-receipts.js';
import type { Mode } from '../domain/shared/mode.js';
import { GATEWAY_MODULES, findGatewayModule } from './catalogue.js';
import type { AppGatewaySetting } from '../domain/apps/gateway-settings.js';
import type { GatewayEnvironment, GatewayModule } from './module.js';
import type { CheckoutGateway, GatewayDescription, InboundRequest } from './types.js';
import type { CallTally } from '../domain/gateway-health/call-tally.js';
import { countedGateway, createGatewayCallCounter, type GatewayCallCounter } from './call-outcomes.js';

/** A gateway an app may use in a mode, with the client for its credentials. */
export interface EnabledGateway {
  name: string;
  displayName: string;
  logoSvg: string;
  description: GatewayDescription;
  gateway: CheckoutGateway;
}

/** Which gateways an app may use, and the client that speaks to each with the app's credentials. */
export interface GatewayRegistry {
  /** Whether `name` is a gateway this service speaks. */
  knows(name: string): boolean;
  modules(): readonly GatewayModule[];
  /**
   * The app's usable gateways in a mode, in catalogue order, as the latest committed settings say.
   * `committedVersion`: the settings' version the caller read in a statement of its own.
   */
  enabledFor(appId: number, mode: Mode, options?: CommittedSettings): Promise<EnabledGateway[]>;
  /** The client for one of the app's gateways (latest settings); null when the app may not use it. */
  forApp(appId: number, mode: Mode, name: string): Promise<CheckoutGateway | null>;
  /**
   * The client for a payment already made through `name`: switching a gateway off stops new
   * payments, never the confirmation or refund of one it took. `current` for a checkout: the
   * settings as last committed (one small query, none with `committedVersion`), not as a change
   * notice may not yet have said.
   */
  forPayment(
    payment: { appId: number; mode: Mode; gateway: string },
    options?: { current?: boolean } & CommittedSettings,
  ): Promise<CheckoutGateway | null>;
  /** Whether gateway `name` sends this notification about nothing we act on. */
  ignores(name: string, request: InboundRequest): boolean;
  /** Which payment an inbound request to gateway `name` claims to be about, unverified. */
  identify(name: string, request: InboundRequest): string | null;
  /** The transaction a dispute notice to gateway `name` claims to be about, unverified; null: no dispute notice. */
  identifyDispute(name: string, request: InboundRequest): { gatewayTransactionId: string } | null;
  /** Every origin a gateway may send the customer's browser to (the checkout's CSP). */
  pageOrigins(): string[];
  /**
   * Every distinct merchant account of gateway `name` in `mode`: the service-wide one and each
   * app's own (credentials that open and fit the mode), one entry per account however many apps
   * share it. Read fresh, not from the per-app cache.
   */
  accounts(name: string, mode: Mode): Promise<GatewayAccount[]>;
  /** Forgets cached settings of an app (in one mode, or both): they changed. */
  invalidate(appId: number, mode?: Mode): void;
  /** Forgets every app's cached settings: changes may have gone unnoticed. */
  invalidateAll(): void;
  /** Every call its clients made to a gateway's API, by outcome (the process's /metrics serves it). */
  calls: GatewayCallCounter;
}

/** Wire fields of any gateway that carry a secret or a signature: logs redact them. */
export const GATEWAY_SECRET_FIELDS: readonly string[] = [
  ...new Set(GATEWAY_MODULES.flatMap((module) => module.secretWireFields)),
];

/**
 * The version of an app's settings in a mode (`settingsVersion`) as the caller read it, in a
 * statement it made anyway (with the payment, or the credentials): taken as the committed one, so
 * the registry need not read it again. Absent: the registry reads it.
 */
export interface CommittedSettings {
  committedVersion?: number;
}

/** Every origin a gateway may send the customer's browser to (the checkout's CSP). */
export function gatewayPageOrigins(config: Config, env: GatewayEnvironment = process.env): string[] {
  return [...new Set(GATEWAY_MODULES.flatMap((module) => module.pageOrigins(env, config)))];
}

/**
 * A last resort: an app's settings are read again after this long even without a change notice.
 * Change notices (and, at checkout, the settings' version) are what make a change apply at once.
 */
const SETTINGS_TTL_MS = 30_000;

type AppSettings = Map<string, AppGatewaySetting>;

/** One merchant account at a gateway, as `accounts` lists them. */
export interface GatewayAccount {
  /** A stable, non-secret name of the account (a digest of what names it, e.g. Stripe's key). */
  key: string;
  /** Its credentials (the first set seen of it), for clients other than checkout's (settlements). */
  credentials: Record<string, string>;
  /** A client per distinct credential set of the account (apps may sign its webhooks differently). */
  clients: CheckoutGateway[];
  /** Whether the service-wide credentials open it (apps without their own use it). */
  service: boolean;
  /** The apps whose own credentials open it. */
  appIds: number[];
}

export interface GatewayRegistryOptions {
  env?: GatewayEnvironment;
  /** An app's own settings for a mode; without it every app uses the service-wide credentials. */
  loadSettings?: (appId: number, mode: Mode) => Promise<AppSettings>;
  /**
   * The version of an app's settings for a mode, bumped by every committed change: a checkout
   * compares it with the cached settings' and reads them again when they differ.
   */
  settingsVersion?: (appId: number, mode: Mode) => Promise<number>;
  /** Every app's own settings of one gateway in a mode (for listing the gateway's accounts). */
  loadGatewaySettings?: (
    gateway: string,
    mode: Mode,
  ) => Promise<Array<{ appId: number; setting: AppGatewaySetting }>>;
  /** How long cached settings may serve without a change notice (SETTINGS_TTL_MS). */
  settingsTtlMs?: number;
  /** Receipts finance records, for the gateway whose customers pay outside any gateway. */
  receipts?: ReceiptBook;
  /** Where each call's outcome is counted per mode and minute, for gateway health. */
  tally?: CallTally;
}

export function createGatewayRegistry(config: Config, options: GatewayRegistryOptions = {}): GatewayRegistry {
  const env = options.env ?? process.env;
  // One client per credential set, so token caches (bKash) are per credential, not per payment.
  const clients = new Map<string, CheckoutGateway>();
  const calls = createGatewayCallCounter();
  const settingsCache = new Map<
    string,
    { at: number; loaded: Promise<{ version: number; settings: AppSettings }> }
  >();
  const ttlMs = options.settingsTtlMs ?? SETTINGS_TTL_MS;
  const versionOf = (appId: number, mode: Mode) =>
    options.settingsVersion?.(appId, mode) ?? Promise.resolve(0);

  const reload = (
    appId: number,
    mode: Mode,
    key: string,
    load: NonNullable<typeof options.loadSettings>,
    committedVersion: number | undefined,
  ) => {
    const loaded = (async () => {
      // The version first: settings read after it are at least as new, so a stale pair is never
      // taken for current (a change between the two reads only costs one more read).
      const version = committedVersion ?? (await versionOf(appId, mode));
      return { version, settings: await load(appId, mode) };
    })();
    const entry = { at: Date.now(), loaded };
    settingsCache.set(key, entry);
    loaded.catch(() => settingsCache.get(key) === entry && settingsCache.delete(key));
    return loaded;
  };

  /** `current`: as last committed, checked against the version; otherwise as last noticed. */
  const settingsOf = async (
    appId: number,
    mode: Mode,
    current: boolean,
    committedVersion?: number,
  ): Promise<AppSettings> => {
    const load = options.loadSettings;
    if (!load) return new Map();
    const key = `${appId}:${mode}`;
    const cached = settingsCache.get(key);
    const known = current ? committedVersion : undefined;
    if (cached && Date.now() - cached.at < ttlMs) {
      if (!current || !options.settingsVersion) return (await cached.loaded).settings;
      const [held, version] = await Promise.all([cached.loaded, known ?? versionOf(appId, mode)]);
      if (held.version >= version) return held.settings;
    }
    return (await reload(appId, mode, key, load, known)).settings;
  };

  const clientFor = (module: GatewayModule, mode: Mode, credentials: Record<string, string>) => {
    const key = createHash('sha256')
      .update(JSON.stringify([module.name, mode, Object.entries(credentials).sort()]))
      .digest('hex');
    let client = clients.get(key);
    if (!client) {
      client = countedGateway(
        module.create({ credentials, mode, env, config, receipts: options.receipts ?? null }),
        module.name,
        calls,
        options.tally && { mode, tally: options.tally },
      );
      clients.set(key, client);
    }
    return client;
  };

  /** Credentials of the other mode (a test key on LIVE) are never used: the gateway is off instead. */
  const fitsMode = (module: GatewayModule, mode: Mode, credentials: Record<string, string>) =>
    !module.modeIssues?.(credentials, mode).length;

  /** The rule: own credentials, else the service's; a row may switch a gateway off. */
  const resolve = (
    module: GatewayModule,
    mode: Mode,
    setting: AppGatewaySetting | undefined,
    obeySwitch = true,
  ) => {
    if (obeySwitch && setting && !setting.enabled) return null;
    // Own credentials that do not open (moved from another row, or an unknown key) are never
    // replaced by the service's: the app's money would reach another merchant account.
    if (setting?.credentialsUnreadable !== undefined) return null;
    const fallback = module.fallbackCredentials(env, config, mode);
    const own = setting?.credentials ? module.credentials.safeParse(setting.credentials) : null;
    const credentials = own?.success ? own.data : fallback;
    return credentials && fitsMode(module, mode, credentials) ? clientFor(module, mode, credentials) : null;
  };

  return {
    knows: (name) => findGatewayModule(name) !== undefined,
    modules: () => GATEWAY_MODULES,
    async enabledFor(appId, mode, { committedVersion } = {}) {
      const settings = await settingsOf(appId, mode, true, committedVersion);
      const enabled: EnabledGateway[] = [];
      for (const module of GATEWAY_MODULES) {
        const gateway = resolve(module, mode, settings.get(module.name));
        if (!gateway) continue;
        enabled.push({
          name: module.name,
          displayName: module.displayName,
          logoSvg: module.logoSvg,
          description: gateway.describe(),
          gateway,
        });
      }
      return enabled;
    },
    async forApp(appId, mode, name) {
      const module = findGatewayModule(name);
      if (!module) return null;
      const settings = await settingsOf(appId, mode, true);
      return resolve(module, mode, settings.get(name));
    },
    async forPayment(payment, { current = false, committedVersion } = {}) {
      const module = findGatewayModule(payment.gateway);
      if (!module) return null;
      const settings = await settingsOf(payment.appId, payment.mode, current, committedVersion);
      return resolve(module, payment.mode, settings.get(payment.gateway), false);
    },
    pageOrigins: () => gatewayPageOrigins(config, env),
    ignores: (name, request) => findGatewayModule(name)?.ignores?.(request) ?? false,
    identify: (name, request) => findGatewayModule(name)?.identify(request) ?? null,
    identifyDispute: (name, request) => findGatewayModule(name)?.identifyDispute?.(request) ?? null,
    async accounts(name, mode) {
      const module = findGatewayModule(name);
      if (!module) return [];
      const found = new Map<string, GatewayAccount & { sets: Set<string> }>();
      const add = (credentials: Record<string, string>, owner: number | 'service') => {
        if (!fitsMode(module, mode, credentials)) return;
        const names = module.accountOf
          ? module.accountOf(credentials)
          : JSON.stringify(Object.entries(credentials).sort());
        const key = createHash('sha256')
          .update(JSON.stringify([module.name, mode, names]))
          .digest('hex')
          .slice(0, 24);
        const account = found.get(key) ?? {
          key,
          credentials,
          clients: [],
          service: false,
          appIds: [],
          sets: new Set(),
        };
        found.set(key, account);
        const set = JSON.stringify(Object.entries(credentials).sort());
        if (!account.sets.has(set)) {
          account.sets.add(set);
          account.clients.push(clientFor(module, mode, credentials));
        }
        if (owner === 'service') account.service = true;
        else if (!account.appIds.includes(owner)) account.appIds.push(owner);
      };
      const fallback = module.fallbackCredentials(env, config, mode);
      if (fallback) add(fallback, 'service');
      for (const { appId, setting } of (await options.loadGatewaySettings?.(name, mode)) ?? []) {
        if (setting.credentialsUnreadable !== undefined || !setting.credentials) continue;
        const own = module.credentials.safeParse(setting.credentials);
        if (own.success) add(own.data, appId);
      }
      return [...found.values()].map(({ sets: _sets, ...account }) => account);
    },
    invalidate(appId, mode) {
      for (const each of mode ? [mode] : (['TEST', 'LIVE'] as const))
        settingsCache.delete(`${appId}:${each}`);
    },
    invalidateAll: () => settingsCache.clear(),
    calls,
  };
}
