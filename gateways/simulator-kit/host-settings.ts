import path from 'node:path';
import { simulatorStateMode, type SimulatorStateMode } from './durable-state.js';

/**
 * Where the simulator host listens and what addresses it hands out, from the environment; shared
 * by the host's process (gateways/simulators-main.ts) and the one that prints the service's
 * settings for it (service-env-main.ts), so both describe the same host.
 */
export interface SimulatorHostSettings {
  /** SIMULATOR_PORT, else SSLCOMMERZ_SIMULATOR_PORT, else 8081. */
  port: number;
  /** BIND_HOST: the address the host listens on; unset: every interface (npm start sets 127.0.0.1). */
  bindHost: string | undefined;
  /** SIMULATOR_PUBLIC_URL: where browsers reach the host (http://localhost:<port>). */
  baseUrl: string;
  /** SIMULATOR_SERVICE_URL: where our API and worker reach it, when not at `baseUrl`. */
  serviceBaseUrl: string;
  /** PUBLIC_URL: our API, where Stripe's simulated account sends its webhooks. */
  serviceUrl: string;
  /** DATA_DIR: where simulators keep what must outlive a restart (Nagad's keys, their state). */
  dataDir: string;
  /**
   * SIMULATOR_STATE: `file` (the default) keeps each simulator's payments, refunds, faults and
   * outages under DATA_DIR across restarts, as a gateway's database would; `memory` forgets them
   * with the process (for measurements, where writing every change would cost more than the rest).
   */
  state: SimulatorStateMode;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

export function simulatorHostSettings(env: NodeJS.ProcessEnv = process.env): SimulatorHostSettings {
  const port = Number(env.SIMULATOR_PORT || env.SSLCOMMERZ_SIMULATOR_PORT || 8081);
  const baseUrl = withoutTrailingSlash(env.SIMULATOR_PUBLIC_URL || `http://localhost:${port}`);
  return {
    port,
    bindHost: env.BIND_HOST || undefined,
    baseUrl,
    serviceBaseUrl: withoutTrailingSlash(env.SIMULATOR_SERVICE_URL || baseUrl),
    serviceUrl: env.PUBLIC_URL || 'http://localhost:8080',
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    state: simulatorStateMode(env.SIMULATOR_STATE),
  };
}
