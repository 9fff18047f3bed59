import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { DEFAULT_SERVER_LIMITS } from '../../platform/http/http-server.js';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configSchema } from '../../platform/config/index.js';
import { findGatewayModule } from '../../gateways/catalogue.js';
import { createSimulatorHost, simulatorServiceEnvironment } from '../../gateways/simulator-kit/host.js';
import { PAYOUT_RAIL_SIMULATOR_MOUNTS, SIMULATOR_MOUNTS } from '../../gateways/simulator-kit/mounts.js';
import { nagadKeyFile, nagadKeys } from '../../gateways/nagad/simulator/mount.js';

/**
 * Nagad's simulator makes two 2048-bit RSA keypairs for a data directory that has none, a few
 * hundred milliseconds of CPU each. Every stack would pay for them; the tests share one pair of
 * pairs instead, made by whichever test file needs them first (nagadKeys writes them atomically).
 */
export function seedNagadKeys(dataDir: string): void {
  const shared = path.resolve(__dirname, '..', '..', '.cache', 'test-simulators');
  nagadKeys(shared);
  mkdirSync(path.dirname(nagadKeyFile(dataDir)), { recursive: true, mode: 0o700 });
  copyFileSync(nagadKeyFile(shared), nagadKeyFile(dataDir));
}

/** Gateways the tests reach through the one simulator host (SSLCOMMERZ has its own, older rig). */
export const HOSTED_GATEWAYS = ['bkash', 'nagad', 'stripe'] as const;
export type HostedGateway = (typeof HOSTED_GATEWAYS)[number];
/**
 * Every payout rail's simulator on the same host (the company's disbursement accounts), by the
 * name it is mounted under: `bkash-disbursement`, `nagad-disbursement`, `bank`, and any rail added
 * to the list.
 */
export const HOSTED_PAYOUT_RAILS: readonly string[] = PAYOUT_RAIL_SIMULATOR_MOUNTS.map((mount) => mount.name);
export type HostedPayoutRail = string;

/**
 * bKash, Nagad and Stripe simulators on one ephemeral port, as `npm start` runs them. `addresses`
 * holds only where each gateway lives, never credentials: an app uses a gateway here only once its
 * own credentials (`credentials[name]`) are configured, as an operator would.
 */
export async function startGatewaySimulators(serviceUrl: string, options: { now?: () => number } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oipay-simulators-'));
  seedNagadKeys(dataDir);
  const server = createServer({ keepAliveTimeout: DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mounts = SIMULATOR_MOUNTS.filter((mount) =>
    ([...HOSTED_GATEWAYS, ...HOSTED_PAYOUT_RAILS] as readonly string[]).includes(mount.name),
  );
  const host = createSimulatorHost({ baseUrl: url, serviceUrl, dataDir, mounts, now: options.now });
  server.on('request', host.handler);

  const environment = host.serviceEnvironment({});
  const config = configSchema.parse({});
  const credentials = Object.fromEntries(
    HOSTED_GATEWAYS.map((name) => [
      name,
      findGatewayModule(name)!.fallbackCredentials(environment, config, 'TEST')!,
    ]),
  ) as Record<HostedGateway, Record<string, string>>;
  const addresses: Record<string, string> = {};
  // The company's own disbursement accounts are the service's settings, credentials included:
  // every setting a rail's simulator gives the service.
  const payoutSettings = new Set(
    Object.keys(simulatorServiceEnvironment({ baseUrl: url, dataDir, mounts: PAYOUT_RAIL_SIMULATOR_MOUNTS })),
  );
  const payoutEnvironment: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (payoutSettings.has(name)) payoutEnvironment[name] = value;
    else if (!/_(TEST|LIVE)_/.test(name)) addresses[name] = value;
  }

  /** Calls a simulator's control API (`/__simulator/...`) under its prefix. */
  const control = async <T = unknown>(
    gateway: HostedGateway | HostedPayoutRail,
    method: string,
    route: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${url}/${gateway}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${gateway} simulator ${method} ${route}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };

  return {
    url,
    addresses,
    payoutEnvironment,
    credentials,
    control,
    async close() {
      host.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
