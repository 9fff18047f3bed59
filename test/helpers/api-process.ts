import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { developmentStackProof } from './config-env.js';
import { processLogFile } from './process-log.js';
import { STORE, TEST_PEPPER, TEST_SEALING_KEYS } from './stack-secrets.js';
import type { Stack } from './stack.js';
import { listenPortFile, reportedPort } from './reported-port.js';
import { compiledEntry } from './compiled-tree.js';
import { requireEnv, testEnv } from './test-env.js';

const ROOT = path.resolve(__dirname, '..', '..');

/** An API process a test started, listening on the port it reported. */
export interface ApiProcess {
  child: ChildProcess;
  port: number;
  /** `http://127.0.0.1:<port>`. */
  base: string;
  /** Its output (`.data/test-logs/`). */
  logFile: string;
}

/**
 * The production API entry point as its own OS process on a stack's database and task queue, as
 * `npm run start:api` runs the compiled code: what signals and dependency outages are tried against.
 * It listens on a port the kernel picks (PORT=0) and reports it (LISTEN_PORT_FILE); resolves once
 * it listens. Its PUBLIC_URL (checkout links, gateway returns) is the stack's own API, on the same
 * database and task queue.
 */
export async function startApiProcess(
  stack: Stack,
  extraEnv: Record<string, string> = {},
): Promise<ApiProcess> {
  const log = processLogFile('api');
  const portFile = listenPortFile('api');
  // Compiled once for the run (test/helpers/compiled-tree.ts), as `npm run build` compiles it.
  const child = spawn(process.execPath, [compiledEntry('api/main')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: requireEnv(testEnv.databaseUrl),
      TEMPORAL_ADDRESS: requireEnv(testEnv.temporalAddress),
      TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      PORT: '0',
      LISTEN_PORT_FILE: portFile,
      BIND_HOST: '127.0.0.1',
      PUBLIC_URL: stack.apiUrl,
      CREDENTIAL_PEPPER: TEST_PEPPER,
      SEALING_KEYS: TEST_SEALING_KEYS,
      ...developmentStackProof(),
      SSLCOMMERZ_SANDBOX_URL: stack.simulatorUrl,
      SSLCOMMERZ_TEST_STORE_ID: STORE.storeId,
      SSLCOMMERZ_TEST_STORE_PASSWORD: STORE.storePassword,
      RATE_LIMIT_APP_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', log.fd, log.fd],
  });
  log.close();
  try {
    const port = await reportedPort(child, portFile, 'the API process', log.path, 60_000);
    return { child, port, base: `http://127.0.0.1:${port}`, logFile: log.path };
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
}

/** How a process ended: its exit code, or the signal that ended it. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
