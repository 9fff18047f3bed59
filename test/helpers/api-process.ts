import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { developmentStackProof } from './config-env.js';
import { processLogFile } from './process-log.js';
import { STORE, TEST_PEPPER, TEST_SEALING_KEYS, type Stack } from './stack.js';
import { requireEnv, testEnv } from './test-env.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The production API entry point as its own OS process on a stack's database and task queue, as
 * `npm run start:api` runs the sources: what signals and dependency outages are tried against.
 */
export function spawnApiProcess(
  stack: Stack,
  port: number,
  extraEnv: Record<string, string> = {},
): ChildProcess {
  const log = processLogFile('api');
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'api/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: requireEnv(testEnv.databaseUrl),
      TEMPORAL_ADDRESS: requireEnv(testEnv.temporalAddress),
      TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      PORT: String(port),
      BIND_HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
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
  return child;
}

/** How a process ended: its exit code, or the signal that ended it. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
