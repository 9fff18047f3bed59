import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { disbursementSimulatorMount } from '../../gateways/nagad/disbursement/simulator/mount.js';
import { createSimulatorHost } from '../../gateways/simulator-kit/host.js';
import type { SimulatorHost } from '../../gateways/simulator-kit/host.js';
import { DEFAULT_SERVER_LIMITS } from '../../platform/http/http-server.js';
import { seedNagadKeys } from './gateway-simulators.js';

/**
 * The Nagad disbursement simulator on the simulator host, on an ephemeral port, as `npm start`
 * would run it once its mount is listed: the service's settings come from the host
 * (`environment`), its state is kept on disk in a data directory of its own, and its control API
 * is at `control`.
 */
export async function startNagadDisbursementSimulator() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oipay-nagad-disbursement-'));
  seedNagadKeys(dataDir);
  const server: Server = createServer({ keepAliveTimeout: DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const host: SimulatorHost = createSimulatorHost({
    baseUrl: url,
    serviceUrl: 'http://127.0.0.1:9',
    dataDir,
    mounts: [disbursementSimulatorMount],
    state: 'file',
  });
  server.on('request', host.handler);
  const environment = host.serviceEnvironment({});

  /** Calls the simulator's control API (`/__simulator/...`); answers its JSON and status. */
  const control = async <T = Record<string, unknown>>(method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}/${disbursementSimulatorMount.name}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };

  return {
    url,
    environment,
    control,
    async close() {
      host.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type NagadDisbursementSimulatorRig = Awaited<ReturnType<typeof startNagadDisbursementSimulator>>;
