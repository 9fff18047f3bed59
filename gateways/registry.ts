import { createHash } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { ReceiptBook } from '../domain/manual-receipts.js';
import type { Mode } from '../domain/mode.js';
import { GATEWAY_MODULES, findGatewayModule } from './catalogue.js';
import type { AppGatewaySetting } from '../domain/gateway-settings.js';
import type { GatewayEnvironment, GatewayModule } from './module.js';
import type { CheckoutGateway, GatewayDescription, InboundRequest } from './types.js';

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
  /** The app's usable gateways in a mode, in catalogue order. */
  enabledFor(appId: number, mode: Mode): Promise<EnabledGateway[]>;
  /** The client for one of the app's gateways; null when the app may not use it. */
  forApp(appId: number, mode: Mode, name: string): Promise<CheckoutGateway | null>;
  /**
   * The client for a payment already made through `name`: switching a gateway off stops new
   * payments, never the confirmation or refund of one it took.
   */
  forPayment(payment: { appId: number; mode: Mode; gateway: string }): Promise<CheckoutGateway | null>;
  /** Whether gateway `name` sends this notification about nothing we act on. */
  ignores(name: string, request: InboundRequest): boolean;
  /** Which payment an inbound request to gateway `name` claims to be about, unverified. */
  identify(name: string, request: InboundRequest): string | null;
  /** Every origin a gateway may send the customer's browser to (the checkout's CSP). */
  pageOrigins(): string[];
  /** Forgets cached settings of an app (after an operator changed them). */
  invalidate(appId: number): void;
}

/** Wire fields of any gateway that carry a secret or a signature: logs redact them. */
export const GATEWAY_SECRET_FIELDS: readonly string[] = [
  ...new Set(GATEWAY_MODULES.flatMap((module) => module.secretWireFields)),
];

/** Every origin a gateway may send the customer's browser to (the checkout's CSP). */
export function gatewayPageOrigins(config: Config, env: GatewayEnvironment = process.env): string[] {
  return [...new Set(GATEWAY_MODULES.flatMap((module) => module.pageOrigins(env, config)))];
}

/** An app's settings are read again after this long, so a change made elsewhere is seen soon. */
const SETTINGS_TTL_MS = 5_000;

export interface GatewayRegistryOptions {
  env?: GatewayEnvironment;
  /** An app's own settings for a mode; without it every app uses the service-wide credentials. */
  loadSettings?: (appId: number, mode: Mode) => Promise<Map<string, AppGatewaySetting>>;
  /** Receipts finance records, for the gateway whose customers pay outside any gateway. */
  receipts?: ReceiptBook;
}

export function createGatewayRegistry(config: Config, options: GatewayRegistryOptions = {}): GatewayRegistry {
  const env = options.env ?? process.env;
  // One client per credential set, so token caches (bKash) are per credential, not per payment.
  const clients = new Map<string, CheckoutGateway>();
  const settingsCache = new Map<string, { at: number; settings: Promise<Map<string, AppGatewaySetting>> }>();

  const settingsOf = (appId: number, mode: Mode): Promise<Map<string, AppGatewaySetting>> => {
    const load = options.loadSettings;
    if (!load) return Promise.resolve(new Map());
    const key = `${appId}:${mode}`;
    const cached = settingsCache.get(key);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.settings;
    const settings = load(appId, mode);
    settingsCache.set(key, { at: Date.now(), settings });
    settings.catch(() => settingsCache.delete(key));
    return settings;
  };

  const clientFor = (module: GatewayModule, mode: Mode, credentials: Record<string, string>) => {
    const key = createHash('sha256')
      .update(JSON.stringify([module.name, mode, Object.entries(credentials).sort()]))
      .digest('hex');
    let client = clients.get(key);
    if (!client) {
      client = module.create({ credentials, mode, env, config, receipts: options.receipts ?? null });
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
    async enabledFor(appId, mode) {
      const settings = await settingsOf(appId, mode);
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
      const settings = await settingsOf(appId, mode);
      return resolve(module, mode, settings.get(name));
    },
    async forPayment(payment) {
      const module = findGatewayModule(payment.gateway);
      if (!module) return null;
      const settings = await settingsOf(payment.appId, payment.mode);
      return resolve(module, payment.mode, settings.get(payment.gateway), false);
    },
    pageOrigins: () => gatewayPageOrigins(config, env),
    ignores: (name, request) => findGatewayModule(name)?.ignores?.(request) ?? false,
    identify: (name, request) => findGatewayModule(name)?.identify(request) ?? null,
    invalidate(appId) {
      for (const mode of ['TEST', 'LIVE'] as const) settingsCache.delete(`${appId}:${mode}`);
    },
  };
}
