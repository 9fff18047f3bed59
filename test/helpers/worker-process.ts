import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { developmentStackProof } from './config-env.js';
import { processLogFile } from './process-log.js';
import { STORE, TEST_PEPPER, TEST_SEALING_KEYS } from './stack-secrets.js';
import type { Stack } from './stack.js';
import { EPHEMERAL_PORT } from '../../platform/config/setting-types.js';
import { listenPortFile, reportedPort } from './reported-port.js';
import { compiledEntry } from './compiled-tree.js';
import { requireEnv, testEnv } from './test-env.js';

const ROOT = path.resolve(__dirname, '..', '..');
/** Each worker process's output file, for the error of one that did not come up. */
const logFiles = new WeakMap<ChildProcess, string>();

/**
 * The production worker entry point (or another, e.g. `test/helpers/crashing-worker.ts`, which
 * kills itself at a chosen point) as its own OS process on a stack's task queue and database, as
 * `npm run start:worker` runs the compiled code (the production entry from the run's compiled tree,
 * test/helpers/compiled-tree.ts; any other entry through tsx's CommonJS hook), in its own process
 * group so the whole of it can be stopped.
 */
export function spawnWorkerProcess(
  stack: Stack,
  extraEnv: Record<string, string> = {},
  entry = 'worker/main.ts',
): ChildProcess {
  const log = processLogFile(entry === 'worker/main.ts' ? 'worker' : path.basename(entry, '.ts'));
  const args = entry === 'worker/main.ts' ? [compiledEntry('worker/main')] : ['--require', 'tsx/cjs', entry];
  const child = spawn(process.execPath, args, {
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
  logFiles.set(child, log.path);
  return child;
}

/** A worker process a test started, its probes (and /metrics) on the port it reported. */
export interface WorkerWithProbes {
  child: ChildProcess;
  port: number;
  /** `http://127.0.0.1:<port>`: /health/live, /health/ready, /metrics. */
  base: string;
  /** Its output (`.data/test-logs/`). */
  logFile: string;
}

/**
 * `spawnWorkerProcess` with its probes and metrics served on a port the kernel picks
 * (WORKER_METRICS_PORT=ephemeral), reported through LISTEN_PORT_FILE; resolves once they listen.
 */
export async function startWorkerWithProbes(
  stack: Stack,
  extraEnv: Record<string, string> = {},
): Promise<WorkerWithProbes> {
  const portFile = listenPortFile('worker');
  const child = spawnWorkerProcess(stack, {
    WORKER_METRICS_PORT: EPHEMERAL_PORT,
    LISTEN_PORT_FILE: portFile,
    BIND_HOST: '127.0.0.1',
    ...extraEnv,
  });
  try {
    const port = await reportedPort(child, portFile, 'the worker’s probes', logFiles.get(child), 60_000);
    return { child, port, base: `http://127.0.0.1:${port}`, logFile: logFiles.get(child) ?? '' };
  } catch (error) {
    await stopWorkerProcess(child);
    throw error;
  }
}

/** Stops the worker and everything it started (its bounded-heap child), at once. */
export function stopWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
}
