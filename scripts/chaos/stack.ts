import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createKeyring, newSealingKeyEntry, parsedSealingKeys } from '../../platform/sealing/secret-box.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueDevelopmentStackProof } from '../../platform/config/development-stack.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startMailCatcher, type MailCatcher } from '../dev/mail-catcher.js';
import { Client as PgClient } from 'pg';
import { saveAppGateway } from '../../db/apps/app-gateways.js';
import { registerApp, setWebhookEndpoint } from '../../db/apps/apps.js';
import { createOperator } from '../../db/operators/operators.js';
import { configSchema } from '../../platform/config/index.js';
import { findGatewayModule } from '../../gateways/catalogue.js';
import { simulatorServiceEnvironment, simulatorUrl as mountUrl } from '../../gateways/simulator-kit/host.js';
import { PAYOUT_RAIL_SIMULATOR_MOUNTS, SIMULATOR_MOUNTS } from '../../gateways/simulator-kit/mounts.js';
import { createOrm, migrate } from '../../platform/orm/orm.js';
import { embeddedDatabaseUrl } from '../dev/embedded-database.js';
import { ROOT, freePort, sleep, spawnChild, spawnTsx, stopChild, type Child } from '../bench/processes.js';
import { tsxArgs } from '../dev/tsx.js';
import { startTemporal, type TemporalServer } from '../bench/temporal.js';
import { apiPortsBehind } from '../bench/balancer.js';
import type { ChaosReceiver } from './receiver.js';

/** A random pepper per run: the service refuses a published or weak one. */
export const PEPPER = randomBytes(32).toString('base64url');
/** A sealing key for this run, drawn at random. */
const SEALING_KEYS = newSealingKeyEntry('chaos');
const KEYRING = createKeyring(parsedSealingKeys(SEALING_KEYS));
const STORE = { id: 'chaosstore01', password: 'chaosstore01@ssl' };

/** A process of the stack the run can kill and bring back on the same port and data. */
export interface Restartable {
  name: string;
  current(): Child | TemporalServer['child'];
  /** SIGKILL to the whole process group: no goodbye, as a crash. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

/** The gateways the chaos app also pays with, through the simulator host (`npm start`'s). */
const HOSTED_GATEWAYS = ['bkash', 'nagad', 'stripe'];
/** The payout rails' simulators on the same host: the company's disbursement accounts in TEST. */
export const HOSTED_PAYOUT_RAILS = PAYOUT_RAIL_SIMULATOR_MOUNTS.map((mount) => mount.name);

export interface ChaosStack {
  /** The customers' mailbox: an SMTP server of the run's own (SMTP_URL). */
  mail: MailCatcher;
  databaseUrl: string;
  temporalAddress: string;
  apiUrl: string;
  /** The SSLCOMMERZ simulator, at its own port. */
  simulatorUrl: string;
  /** The simulator host of the other gateways: each under `/<gateway>`. */
  gatewaysUrl: string;
  credentials: { key: string; secret: string };
  appId: number;
  /** A FINANCE operator who approves the app's refunds that wait (scripts/chaos/approver.ts). */
  approver: { email: string; password: string };
  postgres: Restartable;
  temporal: Restartable;
  /**
   * The SSLCOMMERZ simulator's process and the simulator host's: each keeps its state on disk, as a
   * gateway keeps its database, so a kill makes it forget nothing it approved.
   */
  sslcommerzSimulator: Restartable;
  gatewaySimulators: Restartable;
  /** Every API process (behind one balancer when there are several) and every worker. */
  apis: Restartable[];
  workers: Restartable[];
  logDir: string;
  teardown(): Promise<void>;
}

function killGroup(child: { process: { pid?: number }; exited: boolean }): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined || child.exited) return Promise.resolve();
  const exited = new Promise<void>((resolve) => (child as Child).process.once('exit', () => resolve()));
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    return Promise.resolve();
  }
  return Promise.race([exited, sleep(5_000)]);
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

const answers = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;

/** bKash, Nagad and Stripe on for the app in TEST, with the simulators' credentials, as an operator saves them. */
async function enableHostedGateways(
  em: EntityManager,
  appId: number,
  gatewaysEnv: Record<string, string>,
): Promise<void> {
  const config = configSchema.parse({});
  for (const name of HOSTED_GATEWAYS) {
    const module = findGatewayModule(name);
    const credentials = module?.fallbackCredentials(gatewaysEnv, config, 'TEST');
    if (!module || !credentials) throw new Error(`no simulator credentials for ${name}`);
    await saveAppGateway(
      em,
      {
        appId,
        mode: 'TEST',
        gateway: name,
        enabled: true,
        credentials,
        fields: module.credentialFields,
        at: new Date(),
        operatorId: null,
      },
      KEYRING,
    );
  }
}

/**
 * The whole service as separate processes, each restartable: an embedded PostgreSQL on its own
 * data directory (so it can be killed and restarted), a Temporal dev server on a SQLite file
 * (restarted on the same store), the SSLCOMMERZ simulator, the other gateways' simulators (one
 * host, as `npm start` runs them), the API and the worker.
 */
export async function startChaosStack(
  receiver: ChaosReceiver,
  logDir: string,
  counts: { apiProcesses: number; workers: number } = { apiProcesses: 1, workers: 1 },
): Promise<ChaosStack> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'oi-chaos-'));
  // As root, PostgreSQL runs as the `postgres` user, who must reach its data directory in here.
  chmodSync(workDir, 0o755);
  mkdirSync(logDir, { recursive: true });
  const cleanups: Array<() => Promise<void> | void> = [
    () => rmSync(workDir, { recursive: true, force: true }),
  ];

  const pgPort = await freePort();
  const databaseUrl = embeddedDatabaseUrl(pgPort);
  let pgChild: Child;
  const postgresDir = path.join(workDir, 'postgres');
  const postgres: Restartable = {
    name: 'postgres',
    current: () => pgChild,
    kill: () => killGroup(pgChild),
    async start() {
      const args = tsxArgs(
        path.join(ROOT, 'scripts', 'dev', 'postgres-server.ts'),
        postgresDir,
        String(pgPort),
      );
      const spawned = spawnChild('postgres', process.execPath, args, process.env, logDir);
      pgChild = { ...spawned, workPid: spawned.process.pid! };
      await until('PostgreSQL', 120_000, async () => {
        const client = new PgClient({ connectionString: databaseUrl, connectionTimeoutMillis: 1_000 });
        await client.connect();
        await client.end();
        return true;
      });
    },
  };
  await postgres.start();
  cleanups.push(() => stopChild(pgChild, 20_000));

  // The other gateways' simulators: their addresses and TEST credentials, the same for their data
  // directory (Nagad's keys are made in it here, before the host that reads them starts).
  const [apiPort, simulatorPort, gatewaysPort] = [await freePort(), await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const gatewaysUrl = `http://127.0.0.1:${gatewaysPort}`;
  const gatewaysDataDir = path.join(workDir, 'simulators');
  const hostedMounts = SIMULATOR_MOUNTS.filter((mount) =>
    [...HOSTED_GATEWAYS, ...HOSTED_PAYOUT_RAILS].includes(mount.name),
  );
  const gatewaysEnv = simulatorServiceEnvironment({
    baseUrl: gatewaysUrl,
    dataDir: gatewaysDataDir,
    mounts: hostedMounts,
  });

  const orm = await createOrm({ databaseUrl, poolMax: 2 });
  let credentials: { key: string; secret: string };
  let appId: number;
  const approver = {
    email: 'finance@chaos.example',
    password: `chaos-${randomBytes(18).toString('base64url')}`,
  };
  try {
    await migrate(orm);
    const em = orm.em.fork() as EntityManager;
    const registered = await registerApp(em, { name: 'chaos', displayName: 'Chaos Store' }, PEPPER);
    await setWebhookEndpoint(em, { appId: registered.app.id, mode: 'TEST', url: receiver.url }, KEYRING);
    credentials = { key: registered.credentials.TEST.apiKey, secret: registered.credentials.TEST.secret };
    appId = registered.app.id;
    await enableHostedGateways(em, appId, gatewaysEnv);
    // The app emails its customers their invoices and receipts, as an operator can switch on.
    await em
      .getConnection()
      .execute('update apps set receipts_enabled = true, invoice_emails_enabled = true where id = ?', [
        appId,
      ]);
    await createOperator(em, { ...approver, role: 'FINANCE' });
  } finally {
    await orm.close();
  }

  // Customers' emails (invoices, receipts) go to a catcher in this process, which outlives the faults.
  const mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, capacity: 100_000 });
  cleanups.push(() => mail.close());

  const temporalPort = await freePort();
  let temporalServer: TemporalServer;
  const temporal: Restartable = {
    name: 'temporal',
    current: () => temporalServer.child,
    kill: () => killGroup(temporalServer.child),
    async start() {
      temporalServer = await startTemporal('file', [], workDir, logDir, temporalPort);
    },
  };
  await temporal.start();
  cleanups.push(() => stopChild(temporalServer.child));

  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    // Processes of this machine's own stack, on http addresses (platform/config/deployment.ts), with the
    // proof that this run started them (platform/config/development-stack.ts).
    ...issueDevelopmentStackProof(path.join(ROOT, '.data')),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '10',
    TEMPORAL_ADDRESS: temporalServer!.address,
    TEMPORAL_TASK_QUEUE: 'payments',
    PORT: String(apiPort),
    PUBLIC_URL: apiUrl,
    CREDENTIAL_PEPPER: PEPPER,
    SEALING_KEYS,
    SSLCOMMERZ_SANDBOX_URL: simulatorUrl,
    SSLCOMMERZ_TEST_STORE_ID: STORE.id,
    SSLCOMMERZ_TEST_STORE_PASSWORD: STORE.password,
    SSLCOMMERZ_SIMULATOR_PORT: String(simulatorPort),
    SSLCOMMERZ_SIMULATOR_PUBLIC_URL: simulatorUrl,
    ...gatewaysEnv,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    // All traffic comes from this machine's one address.
    RATE_LIMIT_IPN_PER_MINUTE: '0',
    RATE_LIMIT_CHECKOUT_PER_MINUTE: '0',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '0',
    // The app limit stays on, so the fuzzer checks every RateLimit-* header against the document,
    // but far above what the fuzzer or a chaos run sends in a minute: neither is ever answered 429.
    RATE_LIMIT_APP_PER_MINUTE: '1000000',
    // Its operators sign in with a password alone (the fuzzer's ADMIN has no authenticator).
    OPERATOR_SECOND_FACTOR: 'optional',
    SMTP_URL: mail.smtpUrl,
    // Stranded rows are found within seconds rather than a minute.
    SWEEPER_INTERVAL_SECONDS: '15',
    // A payout batch goes out seconds after it is accepted, not a minute; a payout waiting for its
    // rail's balance asks again within seconds.
    PAYOUT_CANCEL_WINDOW_SECONDS: process.env.CHAOS_PAYOUT_CANCEL_WINDOW_S || '5',
    PAYOUT_QUEUE_RECHECK_SECONDS: '5',
  };

  /**
   * A process the run can SIGKILL and start again, up once it answers at each of `probes` (within
   * `patienceMs`); what it keeps lives in its data directory or the database, not in the process.
   */
  const restartable = (
    name: string,
    entry: string,
    processEnv: NodeJS.ProcessEnv,
    probes: string[],
    patienceMs = 60_000,
  ): Restartable => {
    let child: Child;
    return {
      name,
      current: () => child,
      kill: () => killGroup(child),
      async start() {
        child = await spawnTsx(name, entry, processEnv, logDir);
        for (const probe of probes) await until(name, patienceMs, answers(probe));
      },
    };
  };
  const sslcommerzSimulator = restartable(
    'simulator',
    'gateways/sslcommerz/simulator/main.ts',
    { ...env, DATA_DIR: path.join(workDir, 'sslcommerz-simulator') },
    [`${simulatorUrl}/__simulator/faults`],
  );
  await sslcommerzSimulator.start();
  cleanups.push(() => stopChild(sslcommerzSimulator.current() as Child));
  const gatewaySimulators = restartable(
    'gateway-simulators',
    'gateways/simulators-main.ts',
    {
      ...env,
      SIMULATOR_PORT: String(gatewaysPort),
      SIMULATOR_PUBLIC_URL: gatewaysUrl,
      BIND_HOST: '127.0.0.1',
      DATA_DIR: gatewaysDataDir,
    },
    hostedMounts.map((mount) => `${mountUrl(gatewaysUrl, mount)}/__simulator/faults`),
  );
  await gatewaySimulators.start();
  cleanups.push(() => stopChild(gatewaySimulators.current() as Child));

  /** An API process (up once its /health answers) or a worker (up once started). */
  const app = (name: string, entry: string, port: number | null): Restartable =>
    port === null
      ? restartable(name, entry, env, [])
      : restartable(
          name,
          entry,
          { ...env, PORT: String(port) },
          [`http://127.0.0.1:${port}/health`],
          180_000,
        );
  // Several API processes sit behind one round-robin balancer on PUBLIC_URL's port, as in production.
  const { ports: apiPorts, close: closeBalancer } = await apiPortsBehind(apiPort, counts.apiProcesses);
  cleanups.push(closeBalancer);
  const apis = apiPorts.map((port, i) => app(i === 0 ? 'api' : `api-${i + 1}`, 'api/main.ts', port));
  const workers = Array.from({ length: counts.workers }, (_, i) =>
    app(i === 0 ? 'worker' : `worker-${i + 1}`, 'worker/main.ts', null),
  );
  for (const part of [...apis, ...workers]) {
    await part.start();
    cleanups.push(() => stopChild(part.current() as Child, 15_000));
  }

  return {
    mail,
    databaseUrl,
    temporalAddress: temporalServer!.address,
    apiUrl,
    simulatorUrl,
    gatewaysUrl,
    credentials: credentials!,
    appId: appId!,
    approver,
    postgres,
    temporal,
    sslcommerzSimulator,
    gatewaySimulators,
    apis,
    workers,
    logDir,
    async teardown() {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          console.error(`teardown: ${String(error)}`);
        }
      }
    },
  };
}
