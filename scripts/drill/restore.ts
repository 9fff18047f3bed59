import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { registerApp, setWebhookEndpoint } from '../../db/apps/apps.js';
import { issueDevelopmentStackProof } from '../../platform/config/development-stack.js';
import { createOrm, migrate } from '../../platform/orm/orm.js';
import { createKeyring, newSealingKeyEntry, parsedSealingKeys } from '../../platform/sealing/secret-box.js';
import { ROOT, spawnTsx, stopChild, type Child } from '../bench/processes.js';
import { startTemporal, type TemporalServer } from '../bench/temporal.js';
import { openCheckoutAtApi, payAtSimulatedGateway } from '../chaos/driver.js';
import { openRelay, portFileIn, reportedPortOf } from './addresses.js';
import { databaseUrl, onAdmin, waiter, DRILL_PATIENCE_MS } from './drill-database.js';

const until = waiter('restore drill');

const run = promisify(execFile);
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Where the drill makes and drops its two databases: a superuser of a PostgreSQL pg_dump can read. */
export const DEFAULT_DRILL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface RestoreDrillResult {
  serverVersion: string;
  pgDumpVersion: string;
  /** Paid before the backup: SUCCEEDED before and after. */
  paidBefore: { reference: string; statusAfterRestore: string };
  /** At the gateway's page when the backup was taken; paid only after the restore. */
  waiting: { reference: string; statusAtBackup: string; statusAfterRestore: string };
  /** A refund asked of the restored service, of the payment paid before the backup. */
  refund: { paymentStatus: string };
  ledgerVerify: { exitCode: number; summary: string };
  /** keys:status on the restored database with SEALING_KEYS that do not hold its key. */
  wrongKeys: { exitCode: number; line: string };
  seconds: { backup: number; restore: number; total: number };
}

const majorOf = (version: string) => Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1] ?? NaN);

/**
 * Steps run side by side, answered once every one has ended (so each has handed what it started to
 * the teardown before the drill goes on or fails): the first failure is thrown.
 */
async function allSettled<T extends readonly unknown[]>(
  steps: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const outcomes = await Promise.allSettled(steps);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** A receiver for the app's webhooks: the drill needs their secret sealed, not their deliveries. */
async function webhookSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The restore drill on a small dataset (docs/operations/backups-and-restore.md): a stack of real
 * processes (PostgreSQL, a Temporal dev server, the SSLCOMMERZ simulator, API, worker) takes a
 * payment to SUCCEEDED and leaves another waiting at the gateway's page; pg_dump backs the database
 * up while the service runs; the database is then lost (API and worker stopped, the database
 * dropped) and restored into a fresh one with pg_restore; a new API and worker on the restored
 * database, with the same Temporal and SEALING_KEYS, see the waiting payment through once the
 * customer pays, take a refund, and `ledger:verify` is clean. Last, the restored database with
 * other SEALING_KEYS: `keys:status` names the key SEALING_KEYS lacks. Restoring Temporal's own
 * store is not drilled: the Temporal server here outlives the loss.
 */
export async function runRestoreDrill(
  options: {
    adminUrl?: string;
    log?: (line: string) => void;
    /**
     * The workflows already bundled (`npm run build`'s, or a test run's): the workers load it as a
     * deployment's do, instead of bundling the workflows again at each start.
     */
    workflowBundle?: string;
  } = {},
): Promise<RestoreDrillResult> {
  const log = options.log ?? (() => undefined);
  const adminUrl = options.adminUrl ?? DEFAULT_DRILL_ADMIN_URL;
  const drillStarted = Date.now();
  /** Seconds since the drill began, for the log: where a slow drill spends its time. */
  const elapsed = () => `${((Date.now() - drillStarted) / 1000).toFixed(1)} s in`;
  const workDir = mkdtempSync(path.join(tmpdir(), 'oi-restore-drill-'));
  chmodSync(workDir, 0o755);
  const logDir = path.join(workDir, 'logs');
  mkdirSync(logDir);
  const tag = randomBytes(4).toString('hex');
  const source = `oi_drill_${tag}`;
  const restored = `oi_drill_${tag}_restored`;
  const sourceUrl = databaseUrl(adminUrl, source);
  const restoredUrl = databaseUrl(adminUrl, restored);
  let failed = false;
  const cleanups: Array<() => Promise<unknown> | unknown> = [
    // The processes' logs stay when the drill fails.
    () => failed || rmSync(workDir, { recursive: true, force: true }),
    () =>
      onAdmin(adminUrl, async (db) => {
        for (const name of [source, restored]) await db.query(`drop database if exists ${name} with (force)`);
      }),
  ];
  try {
    // pg_dump reads servers of its own major version and older only.
    const pgDumpVersion = (await run('pg_dump', ['--version'])).stdout.trim();
    const serverVersion = await onAdmin(
      adminUrl,
      async (db) =>
        (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version,
    );
    if (majorOf(pgDumpVersion) < majorOf(serverVersion)) {
      throw new Error(
        `restore drill: ${pgDumpVersion} cannot back up PostgreSQL ${serverVersion}; install the client of that version (apt-get install postgresql-client-${majorOf(serverVersion)})`,
      );
    }
    log(`PostgreSQL ${serverVersion}, ${pgDumpVersion}`);
    await onAdmin(adminUrl, (db) => db.query(`create database ${source}`));

    const pepper = randomBytes(32).toString('base64url');
    const sealingKeys = newSealingKeyEntry('drill');
    const keyring = createKeyring(parsedSealingKeys(sealingKeys));
    const sink = await webhookSink();
    cleanups.push(() => sink.close());
    /** The schema and the drill's app on the source database. */
    const prepared = async (): Promise<{ key: string; secret: string }> => {
      const orm = await createOrm({ databaseUrl: sourceUrl, poolMax: 2 });
      try {
        await migrate(orm);
        const em = orm.em.fork() as EntityManager;
        const registered = await registerApp(em, { name: 'drill', displayName: 'Restore Drill' }, pepper);
        // Its signing secret is sealed with SEALING_KEYS: what the wrong-keys step cannot open.
        await setWebhookEndpoint(em, { appId: registered.app.id, mode: 'TEST', url: sink.url }, keyring);
        return { key: registered.credentials.TEST.apiKey, secret: registered.credentials.TEST.secret };
      } finally {
        await orm.close();
      }
    };
    const startedTemporal = async (): Promise<TemporalServer> => {
      const server = await startTemporal('memory', [], workDir, logDir);
      cleanups.push(() => stopChild(server.child));
      return server;
    };
    // Neither needs the other: the Temporal dev server starts while the database is migrated.
    const [credentials, temporal] = await allSettled([prepared(), startedTemporal()]);
    log(`database migrated and Temporal up: ${elapsed()}`);
    // The addresses the gateway and the customer know, held by the drill across the restore;
    // the processes behind them listen on ports the kernel picks (scripts/drill/addresses.ts).
    const [apiRelay, simulatorRelay] = [await openRelay(), await openRelay()];
    cleanups.push(
      () => apiRelay.close(),
      () => simulatorRelay.close(),
    );
    const apiUrl = apiRelay.url;
    const simulatorUrl = simulatorRelay.url;
    const store = { id: 'drillstore01', password: 'drillstore01@ssl' };
    const env = (databaseUrlOf: string, keys = sealingKeys): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      ...issueDevelopmentStackProof(path.join(ROOT, '.data')),
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrlOf,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: 'payments',
      PORT: '0',
      PUBLIC_URL: apiUrl,
      // Its probes are not what the drill looks at; no fixed port to share with another run.
      WORKER_METRICS_PORT: '0',
      CREDENTIAL_PEPPER: pepper,
      SEALING_KEYS: keys,
      SSLCOMMERZ_SANDBOX_URL: simulatorUrl,
      SSLCOMMERZ_TEST_STORE_ID: store.id,
      SSLCOMMERZ_TEST_STORE_PASSWORD: store.password,
      SSLCOMMERZ_SIMULATOR_PORT: '0',
      SSLCOMMERZ_SIMULATOR_PUBLIC_URL: simulatorUrl,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      OPERATOR_SECOND_FACTOR: 'optional',
      // No load balancer has to notice the API leave: it stops as soon as it has drained.
      SHUTDOWN_DRAIN_DELAY_SECONDS: '0',
      ...(options.workflowBundle && { WORKFLOW_BUNDLE_PATH: options.workflowBundle }),
    });
    const answers = (url: string) => async () =>
      (await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => null))?.ok ?? false;

    /** A process of the drill, stopped at the end whatever happens. */
    const started = async (...spawn: Parameters<typeof spawnTsx>): Promise<Child> => {
      const child = await spawnTsx(...spawn);
      cleanups.push(() => stopChild(child));
      return child;
    };
    const simulatorUp = async () => {
      const portFile = portFileIn(workDir, 'simulator');
      const simulator = await started(
        'simulator',
        'gateways/sslcommerz/simulator/main.ts',
        { ...env(sourceUrl), DATA_DIR: path.join(workDir, 'simulator'), LISTEN_PORT_FILE: portFile },
        logDir,
      );
      simulatorRelay.routeTo([await reportedPortOf(simulator, portFile, DRILL_PATIENCE_MS)]);
      await until('the SSLCOMMERZ simulator', 60_000, answers(`${simulatorUrl}/__simulator/faults`));
    };

    /** An API and a worker on `url` (started side by side), up once the API answers. */
    const startService = async (url: string, label: string): Promise<Child[]> => {
      const portFile = portFileIn(workDir, `api-${label}`);
      const children = await allSettled([
        started(`api-${label}`, 'api/main.ts', { ...env(url), LISTEN_PORT_FILE: portFile }, logDir),
        started(`worker-${label}`, 'worker/main.ts', env(url), logDir),
      ]);
      apiRelay.routeTo([await reportedPortOf(children[0], portFile, DRILL_PATIENCE_MS)]);
      await until(`the API on the ${label} database`, 120_000, answers(`${apiUrl}/health`));
      log(`API and worker on the ${label} database: ${elapsed()}`);
      return children;
    };
    // The simulator and the service start side by side: neither waits on the other to come up.
    const [before] = await allSettled([startService(sourceUrl, 'source'), simulatorUp()]);

    const auth = { 'x-api-key': credentials!.key, 'x-api-secret': credentials!.secret };
    const reach = { apiUrl, simulatorUrl, stepPatienceMs: DRILL_PATIENCE_MS };
    const create = async (customer: string, amountMinor: number): Promise<string> => {
      const response = await fetch(`${apiUrl}/api/v1/payments`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ gateway: 'sslcommerz', amountMinor, customerReference: customer }),
      });
      if (response.status !== 201)
        throw new Error(`create answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { data: { reference: string } }).data.reference;
    };
    const statusOf = async (reference: string): Promise<string> => {
      const response = await fetch(`${apiUrl}/api/v1/payments/${reference}`, { headers: auth });
      return response.ok
        ? ((await response.json()) as { data: { status: string } }).data.status
        : `HTTP ${response.status}`;
    };
    const reaches = (reference: string, status: string) =>
      until(`${reference} to be ${status}`, 60_000, async () => (await statusOf(reference)) === status);
    const checkedOut = async (reference: string) => {
      if (!(await openCheckoutAtApi(reach, reference)))
        throw new Error(`checkout of ${reference} did not open`);
    };
    const paid = async (reference: string) => {
      if (!(await payAtSimulatedGateway(reach, reference))) throw new Error(`${reference} was not paid`);
    };

    const paidBefore = await create('drill_paid', 2500);
    await checkedOut(paidBefore);
    await paid(paidBefore);
    await reaches(paidBefore, 'SUCCEEDED');
    const waiting = await create('drill_waiting', 1800);
    await checkedOut(waiting);
    const statusAtBackup = await statusOf(waiting);
    log(
      `before the backup: ${paidBefore} SUCCEEDED, ${waiting} ${statusAtBackup} (customer at the gateway's page)`,
    );

    // The backup, taken while the service runs (pg_dump reads one consistent snapshot).
    const dumpFile = path.join(workDir, 'oi_payments.dump');
    const backupStarted = Date.now();
    await run('pg_dump', ['--format=custom', `--file=${dumpFile}`, `--dbname=${sourceUrl}`]);
    const backupSeconds = (Date.now() - backupStarted) / 1000;
    log(`pg_dump: ${backupSeconds.toFixed(1)} s`);

    // The loss: the service stops and its database is gone.
    await Promise.all(before.map((child) => stopChild(child)));
    log(`the service stopped: ${elapsed()}`);
    await onAdmin(adminUrl, (db) => db.query(`drop database ${source} with (force)`));

    const restoreStarted = Date.now();
    await onAdmin(adminUrl, (db) => db.query(`create database ${restored}`));
    await run('pg_restore', ['--exit-on-error', `--dbname=${restoredUrl}`, dumpFile]);
    const restoreSeconds = (Date.now() - restoreStarted) / 1000;
    log(`pg_restore into ${restored}: ${restoreSeconds.toFixed(1)} s`);
    await startService(restoredUrl, 'restored');

    // The customer pays at the page they had open: the gateway's IPN reaches the new API, and the
    // payment's workflow, waiting in Temporal since before the backup, sees it through.
    await paid(waiting);
    await reaches(waiting, 'SUCCEEDED');
    const refundAnswer = await fetch(`${apiUrl}/api/v1/payments/${paidBefore}/refunds`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amountMinor: 1000, reason: 'restore drill' }),
    });
    if (refundAnswer.status !== 201) {
      throw new Error(`refund answered ${refundAnswer.status}: ${await refundAnswer.text()}`);
    }
    await reaches(paidBefore, 'PARTIALLY_REFUNDED');
    log(`after the restore: ${waiting} SUCCEEDED, ${paidBefore} PARTIALLY_REFUNDED: ${elapsed()}`);

    const cli = async (keys: string, ...args: string[]) =>
      run(TSX, ['scripts/cli.ts', ...args], { cwd: ROOT, env: env(restoredUrl, keys) }).then(
        ({ stdout, stderr }) => ({ exitCode: 0, output: stdout + stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          exitCode: typeof error.code === 'number' ? error.code : 1,
          output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
        }),
      );
    // Both read the restored database only: they run side by side.
    const [verify, wrong] = await Promise.all([
      cli(sealingKeys, 'ledger:verify'),
      cli(newSealingKeyEntry('other'), 'keys:status'),
    ]);
    const summary = verify.output.trim().split('\n').at(-1) ?? '';
    log(`ledger:verify: exit ${verify.exitCode}: ${summary}`);
    const wrongLine =
      wrong.output
        .split('\n')
        .find((line) => line.includes('SEALING_KEYS does not hold'))
        ?.trim() ?? '';
    log(`with other SEALING_KEYS: keys:status exits ${wrong.exitCode}: ${wrongLine}`);
    log(`the CLI's checks done: ${elapsed()}`);

    return {
      serverVersion,
      pgDumpVersion,
      paidBefore: { reference: paidBefore, statusAfterRestore: await statusOf(paidBefore) },
      waiting: { reference: waiting, statusAtBackup, statusAfterRestore: await statusOf(waiting) },
      refund: { paymentStatus: await statusOf(paidBefore) },
      ledgerVerify: { exitCode: verify.exitCode, summary },
      wrongKeys: { exitCode: wrong.exitCode, line: wrongLine },
      seconds: { backup: backupSeconds, restore: restoreSeconds, total: (Date.now() - drillStarted) / 1000 },
    };
  } catch (error) {
    failed = true;
    log(`logs of the drill's processes: ${logDir}`);
    throw error;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`teardown: ${String(error)}`);
      }
    }
  }
}
