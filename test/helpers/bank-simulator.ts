import { mkdtempSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulatorMount } from '../../gateways/bank/simulator/mount.js';
import { bankCredentialsFromEnvironment, createBankRail } from '../../gateways/bank/index.js';
import type { BankRail } from '../../gateways/bank/index.js';
import { createSimulatorHost } from '../../gateways/simulator-kit/host.js';
import type { SimulatorHost } from '../../gateways/simulator-kit/host.js';
import { close, listen } from './local-server.js';

/**
 * The bank simulator on the simulator host, on a free port; and the bank rail made as the payout
 * core makes it, from the settings the host hands the service.
 */
export async function startBankSimulator(options: { timeoutMs?: number } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oipay-bank-'));
  let handler: RequestListener = (_req, res) => res.end();
  const hosted = await listen((req, res) => handler(req, res));
  const host: SimulatorHost = createSimulatorHost({
    baseUrl: hosted.url,
    serviceUrl: hosted.url,
    dataDir,
    mounts: [simulatorMount],
  });
  handler = host.handler;
  const env = { ...host.serviceEnvironment(), BANK_TIMEOUT_MS: String(options.timeoutMs ?? 2_000) };
  const credentials = bankCredentialsFromEnvironment(env, 'TEST');
  if (!credentials) throw new Error('the host gave no bank credentials');

  const rail = (overrides: Partial<typeof credentials> = {}): BankRail =>
    createBankRail({ credentials: { ...credentials, ...overrides }, mode: 'TEST', env });

  /** Calls the simulator's control API under its prefix. */
  const control = async <T = Record<string, unknown>>(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<T> => {
    const response = await fetch(`${hosted.url}/bank${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`bank simulator ${method} ${route}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  return {
    url: `${hosted.url}/bank`,
    env,
    credentials,
    rail,
    control,
    async close() {
      host.close();
      await close(hosted.server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
