import type { Config } from '../config/index.js';
import type { Mode } from '../domain/mode.js';
import { createSslcommerzGateway, identifySslcommerzCallback } from './sslcommerz/client.js';
import { SECRET_FIELDS as SSLCOMMERZ_SECRET_FIELDS } from './sslcommerz/protocol.js';
import type { CallbackIdentity, Gateway } from './types.js';

/** Which gateway serves which mode, built once from configuration. */
export interface GatewayRegistry {
  get(name: string, mode: Mode): Gateway | undefined;
  available(mode: Mode): string[];
  /** Whether `name` is a gateway this service speaks (whatever the modes it is configured for). */
  knows(name: string): boolean;
  /** Which payment a callback to gateway `name` is about; null for an unknown gateway or none. */
  identifyCallback(name: string, fields: Record<string, string>): CallbackIdentity | null;
}

/** Wire fields of any gateway that carry a secret or a signature: logs redact them. */
export const GATEWAY_SECRET_FIELDS: readonly string[] = [...SSLCOMMERZ_SECRET_FIELDS];

const CALLBACK_IDENTIFIERS: Record<string, (fields: Record<string, string>) => CallbackIdentity | null> = {
  sslcommerz: identifySslcommerzCallback,
};

export function createGatewayRegistry(config: Config): GatewayRegistry {
  const byMode: Record<Mode, Map<string, Gateway>> = { TEST: new Map(), LIVE: new Map() };
  byMode.TEST.set(
    'sslcommerz',
    createSslcommerzGateway({
      baseUrl: config.SSLCOMMERZ_SANDBOX_URL,
      pageOrigins: config.SSLCOMMERZ_SANDBOX_PAGE_ORIGIN ? [config.SSLCOMMERZ_SANDBOX_PAGE_ORIGIN] : [],
      storeId: config.SSLCOMMERZ_TEST_STORE_ID,
      storePassword: config.SSLCOMMERZ_TEST_STORE_PASSWORD,
    }),
  );
  // LIVE is enabled only once real store credentials are configured.
  if (config.SSLCOMMERZ_LIVE_STORE_ID && config.SSLCOMMERZ_LIVE_STORE_PASSWORD) {
    byMode.LIVE.set(
      'sslcommerz',
      createSslcommerzGateway({
        baseUrl: config.SSLCOMMERZ_LIVE_URL,
        storeId: config.SSLCOMMERZ_LIVE_STORE_ID,
        storePassword: config.SSLCOMMERZ_LIVE_STORE_PASSWORD,
      }),
    );
  }
  return {
    get: (name, mode) => byMode[mode].get(name),
    available: (mode) => [...byMode[mode].keys()],
    knows: (name) => Object.hasOwn(CALLBACK_IDENTIFIERS, name),
    identifyCallback: (name, fields) =>
      Object.hasOwn(CALLBACK_IDENTIFIERS, name) ? CALLBACK_IDENTIFIERS[name]!(fields) : null,
  };
}
