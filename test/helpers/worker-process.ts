import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { developmentStackProof } from './config-env.js';
import { processLogFile } from './process-log.js';
import { STORE, TEST_PEPPER, TEST_SEALING_KEYS, type Stack } from './stack.js';
import { requireEnv, testEnv } from './test-env.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The production worker entry point (or another, e.g. `test/helpers/crashing-worker.ts`, which
 * kills itself at a chosen point) as its own OS process on a stack's task queue and database, as
 * `npm run start:worker` runs the sources (node with tsx's CommonJS hook), in its own process group
 * so the whole of it can be stopped.
 */
export function spawnWorkerProcess(
  stack: Stack,
  extraEnv: Record<string, string> = {},
  entry = 'worker/main.ts',
): ChildProcess {
  const log = processLogFile(entry === 'worker/main.ts' ? 'worker' : path.basename(entry, '.ts'));
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      CRASHING_WORKER_BUNDLE: requireEnv(testEnv.workflowBundle),
      // The bundle global set-up built, as a deployment runs `npm run build`'s: no worker start
      // bundles the workflows again.
      WORKFLOW_BUNDLE_PATH: requireEnv(testEnv.workflowBundle),
      DATABASE_URL: requireEnv(testEnv.databaseUrl),
      TEMPORAL_ADDRESS: requireEnv(testEnv.temporalAddress),
      TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      PUBLIC_URL: stack.apiUrl,
      CREDENTIAL_PEPPER: TEST_PEPPER,
      SEALING_KEYS: TEST_SEALING_KEYS,
      ...developmentStackProof(),
      SSLCOMMERZ_SANDBOX_URL: stack.simulatorUrl,
      SSLCOMMERZ_TEST_STORE_ID: STORE.storeId,
      SSLCOMMERZ_TEST_STORE_PASSWORD: STORE.storePassword,
      LOG_LEVEL: 'warn',
      // Suites drive their own rows, step by step: a sweeper here would act on them unasked.
      SWEEPER_INTERVAL_SECONDS: '0',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      ...extraEnv,
    },
    stdio: ['ignore', log.fd, log.fd],
    detached: true,
  });
  log.close();
  return child;
}

/** Stops the worker and everything it started (its bounded-heap child), at once. */
export function stopWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
}
