import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createKeyring, newSealingKeyEntry, parsedSealingKeys } from '../../platform/sealing/secret-box.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueDevelopmentStackProof } from '../../platform/config/development-stack.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { registerApp, setWebhookEndpoint } from '../../db/apps/apps.js';
import { createOrm, migrate } from '../../platform/orm/orm.js';
import { HttpClient } from './http.js';
import { runsPayouts, type BenchOptions } from './options.js';
import { simulatorServiceEnvironment } from '../../gateways/simulator-kit/host.js';
import { SIMULATOR_MOUNTS } from '../../gateways/simulator-kit/mounts.js';
import { ROOT, freePort, sleep, spawnCompiled, spawnTsx, stopChild, type Child } from './processes.js';
import { startTemporal, type TemporalServer } from './temporal.js';
import { WebhookReceiver } from './webhook-receiver.js';
import { apiPortsBehind } from './balancer.js';

/** Never a real secret: it only has to agree between the bench, the api and the worker. */
/** A random pepper per run: the service refuses a published or weak one. */
/** The task queue the bench's worker serves. */
export const SERVICE_TASK_QUEUE = 'payments';
const PEPPER = randomBytes(32).toString('base64url');
/** A sealing key for this run, drawn at random. */
const SEALING_KEYS = newSealingKeyEntry('bench');
const KEYRING = createKeyring(parsedSealingKeys(SEALING_KEYS));
const STORE = { id: 'benchstore01', password: 'benchstore01@ssl' };

export interface BenchEnvironment {
  databaseUrl: string;
  postgresVersion: string;
  temporal: TemporalServer;
  apiUrl: string;
  simulatorUrl: string;
  /** The first API process and worker; `apis` and `workers` hold all of them. */
  api: Child;
  worker: Child;
  apis: Child[];
  workers: Child[];
  /** Each API process's own address, past the balancer: what one process alone can do. */
  apiUrls: string[];
  /** Starts one more worker on the task queue, watched like the others; it joins `workers`. */
  addWorker: () => Promise<Child>;
  /** Each API process's and worker's /metrics (open on this development stack), by name. */
  metricsUrls: Record<string, string>;
  simulator: Child;
  /** The payout rails' simulators (`/<rail>` on one host), when the run has a payouts section. */
  rails: { url: string; child: Child } | null;
  receiver: WebhookReceiver;
  credentials: { key: string; secret: string };
  logDir: string;
  /** Aborted when a process of the service exits mid-run: its numbers would be meaningless. */
  aborted: AbortSignal;
}

/**
 * Everything the run started, in start order; teardown walks it backwards and tolerates a
 * half-built environment (a failure at any step still cleans up what came before).
 */
export class Resources {
  /** Stops the measurement: a process of the service died, or the run was interrupted. */
  readonly abort = new AbortController();
  private readonly cleanups: Array<{ what: string; run: () => Promise<void> | void }> = [];
  private released: Promise<void> | null = null;

  add(what: string, run: () => Promise<void> | void): void {
    this.cleanups.push({ what, run });
    // Something started after a forced teardown began is released by that same walk, or now.
    if (this.released) this.released = this.released.then(() => this.drain());
  }

  /** Idempotent: every caller waits for the same teardown. */
  releaseAll(): Promise<void> {
    this.released ??= this.drain();
    return this.released;
  }

  private async drain(): Promise<void> {
    while (this.cleanups.length > 0) {
      const { what, run } = this.cleanups.pop()!;
      try {
        await run();
      } catch (error) {
        console.error(`teardown: ${what} failed: ${String(error)}`);
      }
    }
  }
}

async function withAdmin<T>(adminUrl: string, use: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: adminUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  child?: Child,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    if (child?.exited) throw new Error(`${child.name} exited; see ${child.logFile}`);
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(200);
  }
}

/**
 * One run at a time: two runs would share the database name, and the first to finish would drop
 * the database under the other. A lock left by a dead run is taken over.
 */
function takeRunLock(resultsPath: string, resources: Resources): void {
  const lockFile = path.resolve(path.dirname(resultsPath), 'bench.lock');
  mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      resources.add('release run lock', () => rmSync(lockFile, { force: true }));
      return;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(lockFile, 'utf8'));
      } catch {
        // released between our attempt and this read: try again
      }
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(`another bench run (pid ${holder}) is running; lock ${lockFile}`);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not take ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bench's own database, created fresh (dropped first if a dead run left it) and migrated,
 * dropped again at the end unless kept: a user's data is never touched. Takes the run lock.
 */
export async function freshDatabase(
  options: BenchOptions,
  resources: Resources,
): Promise<{ databaseUrl: string; postgresVersion: string }> {
  takeRunLock(options.resultsPath, resources);
  // WITH (FORCE): pooled connections may linger.
  const { databaseAdminUrl: adminUrl, databaseName } = options;
  const postgresVersion = await withAdmin(adminUrl, async (admin) => {
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.query(`create database ${databaseName}`);
    return (
      (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?'
    ).trim();
  });
  if (!options.keepDatabase) {
    resources.add('drop database', () =>
      withAdmin(adminUrl, (admin) =>
        admin.query(`drop database if exists ${databaseName} with (force)`).then(() => undefined),
      ),
    );
  }
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const orm = await createOrm({ databaseUrl, poolMax: 2 });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  return { databaseUrl, postgresVersion };
}

export async function setUpEnvironment(
  options: BenchOptions,
  resources: Resources,
  /** Settings of the API process at each index, beside the run's own (one setting on and off in one run). */
  apiSettings: Array<Record<string, string>> = [],
): Promise<BenchEnvironment> {
  const { databaseUrl, postgresVersion } = await freshDatabase(options, resources);
  const workDir = mkdtempSync(path.join(tmpdir(), 'oi-bench-'));
  resources.add('remove work directory', () => rmSync(workDir, { recursive: true, force: true }));
  // Next to the summary, replaced by every run: the first place to look when a number surprises.
  const logDir = path.resolve(path.dirname(options.resultsPath), 'logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });

  const receiver = new WebhookReceiver();
  await receiver.listen();
  resources.add('close webhook receiver', () => receiver.close());

  const orm = await createOrm({ databaseUrl, poolMax: 2 });
  let credentials: { key: string; secret: string };
  try {
    const em = orm.em.fork() as EntityManager;
    const registered = await registerApp(em, { name: 'bench', displayName: 'Bench Store' }, PEPPER);
    await setWebhookEndpoint(em, { appId: registered.app.id, mode: 'TEST', url: receiver.url }, KEYRING);
    credentials = { key: registered.credentials.TEST.apiKey, secret: registered.credentials.TEST.secret };
  } finally {
    await orm.close();
  }

  resources.abort.signal.throwIfAborted();
  const temporal = await startTemporal(options.temporalStore, options.temporalDynamicConfig, workDir, logDir);
  resources.add('stop temporal dev server', () => stopChild(temporal.child));

  const [apiPort, simulatorPort, railsPort] = [await freePort(), await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  // The payout rails' simulators, only for a run with a payouts section: their addresses and the
  // company's TEST disbursement credentials (Nagad's keys are made in their data directory here).
  const railsUrl = `http://127.0.0.1:${railsPort}`;
  const railsDataDir = path.join(workDir, 'rails');
  const railsEnv = runsPayouts(options)
    ? simulatorServiceEnvironment({
        baseUrl: railsUrl,
        dataDir: railsDataDir,
        mounts: SIMULATOR_MOUNTS.filter((mount) =>
          ['bkash-disbursement', 'nagad-disbursement', 'bank'].includes(mount.name),
        ),
      })
    : {};
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    // Processes of this machine's own stack, on http addresses (platform/config/deployment.ts), with the
    // proof that this run started them (platform/config/development-stack.ts).
    ...issueDevelopmentStackProof(path.join(ROOT, '.data')),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: String(options.dbPoolMax),
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: SERVICE_TASK_QUEUE,
    PORT: String(apiPort),
    PUBLIC_URL: apiUrl,
    CREDENTIAL_PEPPER: PEPPER,
    SEALING_KEYS,
    SSLCOMMERZ_SANDBOX_URL: simulatorUrl,
    SSLCOMMERZ_TEST_STORE_ID: STORE.id,
    SSLCOMMERZ_TEST_STORE_PASSWORD: STORE.password,
    SSLCOMMERZ_SIMULATOR_PORT: String(simulatorPort),
    SSLCOMMERZ_SIMULATOR_PUBLIC_URL: simulatorUrl,
    // The simulator keeps its payments in memory: writing every open payment to disk on each
    // answer would cost it more than the service under measurement.
    SIMULATOR_STATE: 'memory',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    // All traffic comes from this machine's one address.
    RATE_LIMIT_IPN_PER_MINUTE: '0',
    RATE_LIMIT_CHECKOUT_PER_MINUTE: '0',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '0',
    // The benchmark's few apps send thousands of requests a minute each: the default limit would
    // answer most of them 429 and measure the limiter instead of the service.
    RATE_LIMIT_APP_PER_MINUTE: '0',
    ...railsEnv,
    // Payouts go out at once: the section times the service's work, not the cancel window.
    PAYOUT_CANCEL_WINDOW_SECONDS: '0',
    // To compare glibc's own arena count with the worker's (worker/bounded-heap.ts).
    ...(process.env.MALLOC_ARENA_MAX && { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX }),
    ...(process.env.GLIBC_TUNABLES && { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES }),
    // To size the worker's cache by measurement (the service's default otherwise).
    ...(process.env.BENCH_WORKER_MAX_CACHED_WORKFLOWS && {
      WORKER_MAX_CACHED_WORKFLOWS: process.env.BENCH_WORKER_MAX_CACHED_WORKFLOWS,
    }),
  };

  // For a closer look at one process, e.g. BENCH_WORKER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'
  // (Node takes --cpu-prof on its command line, not in NODE_OPTIONS).
  // The worker bounds its own heap (worker/bounded-heap.ts), as `npm run start:worker` runs it.
  const nodeArgs = (name: string) =>
    (process.env[`BENCH_${name.toUpperCase()}_NODE_ARGS`] ?? '').split(' ').filter(Boolean);
  // BENCH_COMPILED=1: the api, the worker and the simulator as the image runs them (after `npm run build`).
  const spawnService = async (...args: Parameters<typeof spawnCompiled>) =>
    options.compiled ? spawnCompiled(...args) : spawnTsx(...args);
  resources.abort.signal.throwIfAborted();
  // The gateway's simulator as the image runs it too: compiled in compiled mode.
  const simulator = await spawnService(
    'simulator',
    'gateways/sslcommerz/simulator/main.ts',
    env,
    logDir,
    nodeArgs('simulator'),
  );
  resources.add('stop simulator', () => stopChild(simulator));
  resources.abort.signal.throwIfAborted();
  let railsChild: Child | null = null;
  if (runsPayouts(options)) {
    railsChild = await spawnService(
      'rail-simulators',
      'gateways/simulators-main.ts',
      {
        ...env,
        SIMULATOR_PORT: String(railsPort),
        SIMULATOR_PUBLIC_URL: railsUrl,
        BIND_HOST: '127.0.0.1',
        DATA_DIR: railsDataDir,
      },
      logDir,
      nodeArgs('simulator'),
    );
    const started = railsChild;
    resources.add('stop rail simulators', () => stopChild(started));
  }
  resources.abort.signal.throwIfAborted();
  // With several API processes, PUBLIC_URL (checkout pages, the gateway's IPN) and the bench's
  // own requests go through one round-robin balancer, as they would in production.
  const { ports: apiPorts, close: closeBalancer } = await apiPortsBehind(apiPort, options.apiProcesses);
  resources.add('close api balancer', closeBalancer);
  const apis: Child[] = [];
  for (const [i, port] of apiPorts.entries()) {
    resources.abort.signal.throwIfAborted();
    const name = i === 0 ? 'api' : `api-${i + 1}`;
    const api = await spawnService(
      name,
      'api/main.ts',
      { ...env, ...apiSettings[i], PORT: String(port) },
      logDir,
      nodeArgs('api'),
    );
    resources.add(`stop ${name}`, () => stopChild(api));
    apis.push(api);
  }
  const workers: Child[] = [];
  const metricsUrls: Record<string, string> = Object.fromEntries(
    apis.map((child, i) => [child.name, `http://127.0.0.1:${apiPorts[i]}/metrics`]),
  );
  const spawnWorker = async () => {
    resources.abort.signal.throwIfAborted();
    const name = workers.length === 0 ? 'worker' : `worker-${workers.length + 1}`;
    // Each worker its own metrics port: they would all ask for the default one.
    const metricsPort = await freePort();
    metricsUrls[name] = `http://127.0.0.1:${metricsPort}/metrics`;
    const worker = await spawnService(
      name,
      'worker/main.ts',
      { ...env, WORKER_METRICS_PORT: String(metricsPort) },
      logDir,
      nodeArgs('worker'),
    );
    resources.add(`stop ${name}`, () => stopChild(worker, 15_000));
    workers.push(worker);
    return worker;
  };
  for (let i = 0; i < options.workers; i++) await spawnWorker();
  const [api, worker] = [apis[0]!, workers[0]!];

  const probe = (base: string, pathname: string) => {
    const client = new HttpClient(base);
    return async () => {
      try {
        return (await client.send('GET', pathname, { timeoutMs: 2_000 })).status === 200;
      } finally {
        client.close();
      }
    };
  };
  await waitUntil('the simulator', 60_000, probe(simulatorUrl, '/__simulator/faults'), simulator);
  if (railsChild) {
    for (const rail of ['bkash-disbursement', 'nagad-disbursement', 'bank']) {
      await waitUntil(
        `the ${rail} simulator`,
        60_000,
        probe(railsUrl, `/${rail}/__simulator/faults`),
        railsChild,
      );
    }
  }
  for (const [i, child] of apis.entries()) {
    await waitUntil(
      `${child.name} (/health)`,
      60_000,
      probe(`http://127.0.0.1:${apiPorts[i]}`, '/health'),
      child,
    );
  }

  const { abort } = resources;
  let stopping = false;
  // Registered last, so it runs first in teardown: from then on an exit is expected.
  resources.add('expect exits', () => {
    stopping = true;
  });
  const watch = (child: Child) => {
    const exited = (how: string) =>
      abort.abort(new Error(`${child.name} exited mid-run (${how}); see ${child.logFile}`));
    if (child.exited) exited(`exit code ${child.process.exitCode}`);
    child.process.once('exit', (code, signal) => {
      if (!stopping) exited(signal ?? `exit code ${code}`);
    });
  };
  for (const child of [temporal.child, simulator, ...(railsChild ? [railsChild] : []), ...apis, ...workers])
    watch(child);
  const addWorker = async () => {
    const added = await spawnWorker();
    watch(added);
    return added;
  };

  return {
    databaseUrl,
    postgresVersion,
    temporal,
    apiUrl,
    simulatorUrl,
    api,
    worker,
    apis,
    workers,
    apiUrls: apiPorts.map((port) => `http://127.0.0.1:${port}`),
    addWorker,
    metricsUrls,
    simulator,
    rails: railsChild ? { url: railsUrl, child: railsChild } : null,
    receiver,
    credentials,
    logDir,
    aborted: abort.signal,
  };
}
