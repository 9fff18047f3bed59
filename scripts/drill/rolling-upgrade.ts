import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, Client as TemporalClient } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { issueDevelopmentStackProof } from '../../platform/config/development-stack.js';
import { migrationNames } from '../../platform/orm/migration-names.js';
import { createOrm, migrate } from '../../platform/orm/orm.js';
import { newSealingKeyEntry } from '../../platform/sealing/secret-box.js';
import { verifyLedger } from '../../db/ledger/ledger-verify.js';
import { ROOT, spawnChild, spawnTsx, stopChild, type Child } from '../bench/processes.js';
import { startTemporal } from '../bench/temporal.js';
import { openCheckoutAtApi, payAtSimulatedGateway } from '../chaos/driver.js';
import {
  extractRelease,
  migrationNamesIn,
  readPreviousRelease,
  type PreviousRelease,
} from '../release/previous-release.js';
import { openRelay, portFileIn, reportedPortOf, startOnFreePort } from './addresses.js';
import { databaseUrl, onAdmin, waiter, DRILL_PATIENCE_MS } from './drill-database.js';

const until = waiter('rolling upgrade');

/** Whether the release in `root` has its API name the port it listens on (LISTEN_PORT_FILE): older ones cannot. */
function reportsItsPort(root: string): boolean {
  return readFileSync(path.join(root, 'api', 'main.ts'), 'utf8').includes('LISTEN_PORT_FILE');
}

/** Where the rehearsal makes and drops its database: a superuser's URL. */
export const DEFAULT_UPGRADE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface RollingUpgradeResult {
  previous: PreviousRelease;
  /** Packages the previous release declares at another version than this checkout installs. */
  dependencyDrift: string[];
  /** Taken to SUCCEEDED and refunded in part by the previous release, refunded in full by this one. */
  paidByPrevious: { reference: string; statusUnderPrevious: string; statusUnderCurrent: string };
  /** Started by the previous release and left at the gateway's page; paid once this one runs. */
  inFlight: {
    reference: string;
    statusAtUpgrade: string;
    statusUnderCurrent: string;
    /** Its workflow's status once closed under this checkout's worker. */
    workflowStatus: string;
    /** The workers that completed its workflow tasks before and after the upgrade. */
    workersBefore: string[];
    workersAfter: string[];
  };
  /** Created, paid and refunded entirely by this release on the same database. */
  paidByCurrent: { reference: string; status: string };
  /** The previous release's migrations made the schema it first served on; this checkout's ran while it served. */
  migrations: { previous: number; appliedWhileServing: string[] };
  /**
   * Both releases serving at once: payments created through each API, their checkout opened and
   * refunds asked through the other, while both releases' workers poll the one task queue.
   */
  overlap: {
    /** The identities polling the task queue's workflow tasks once both workers ran. */
    pollers: string[];
    payments: Array<{
      reference: string;
      createdThrough: 'previous' | 'current';
      status: string;
      workflowStatus: string;
      workers: string[];
    }>;
  };
  /** `ledger:verify`'s checks on the database at the end: every breach, named. */
  ledgerBreaches: string[];
  seconds: { previousUp: number; currentUp: number; overlap: number; total: number };
}

/**
 * The previous release runs on this checkout's node_modules (a clone installs one set). A package
 * it declares that is missing here stops the rehearsal by name; one at another version is reported.
 */
function linkDependencies(previousRoot: string): string[] {
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(previousRoot, 'node_modules'), 'dir');
  const manifest = JSON.parse(readFileSync(path.join(previousRoot, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const declared = { ...manifest.dependencies, ...manifest.devDependencies };
  const missing: string[] = [];
  const drift: string[] = [];
  for (const [name, wanted] of Object.entries(declared)) {
    const installed = path.join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(installed)) {
      missing.push(`${name}@${wanted}`);
      continue;
    }
    const { version } = JSON.parse(readFileSync(installed, 'utf8')) as { version: string };
    if (version !== wanted) drift.push(`${name}: ${wanted} in the previous release, ${version} installed`);
  }
  if (missing.length > 0) {
    throw new Error(
      `rolling upgrade: the previous release needs packages this checkout does not install: ${missing.join(', ')}; ` +
        'keep them in package.json until the previous release no longer needs them',
    );
  }
  return drift;
}

/**
 * A rolling upgrade from the previous release (scripts/release/previous-release.json) to this
 * checkout, on real processes (docs/operations/upgrades.md): the previous release's migrations
 * make a fresh database, and its API and worker, run from that commit's tree behind a balancer,
 * take a payment to SUCCEEDED, refund part of it and leave a second payment waiting at the
 * gateway's page. While they serve, this checkout's migrations run (expand-only), as the
 * migrations Job does; this checkout's API and worker start beside them on the same database and
 * task queue, and payments go through both APIs while both workers poll. Then the previous
 * release's processes leave the balancer and stop (drained), the waiting payment's workflow,
 * started by the previous release's worker, is finished by this one's, and the ledger verifies.
 */
export async function runRollingUpgrade(
  options: {
    adminUrl?: string;
    /** A running Temporal with the service's search attributes; a dev server is started without one. */
    temporalAddress?: string;
    /** This checkout's pre-built workflow bundle, if any; the worker bundles the workflows without one. */
    workflowBundlePath?: string;
    log?: (line: string) => void;
  } = {},
): Promise<RollingUpgradeResult> {
  const log = options.log ?? (() => undefined);
  const adminUrl = options.adminUrl ?? DEFAULT_UPGRADE_ADMIN_URL;
  const started = Date.now();
  const previous = readPreviousRelease();
  const workDir = mkdtempSync(path.join(tmpdir(), 'oi-rolling-upgrade-'));
  chmodSync(workDir, 0o755);
  const logDir = path.join(workDir, 'logs');
  const dataDir = path.join(workDir, 'data');
  const previousRoot = path.join(workDir, `release-${previous.version}`);
  for (const dir of [logDir, dataDir, previousRoot]) mkdirSync(dir);
  const tag = randomBytes(4).toString('hex');
  const database = `oi_upgrade_${tag}`;
  const dbUrl = databaseUrl(adminUrl, database);
  let failed = false;
  const cleanups: Array<() => Promise<unknown> | unknown> = [
    // The processes' logs stay when the rehearsal fails.
    () => failed || rmSync(workDir, { recursive: true, force: true }),
    () => onAdmin(adminUrl, (db) => db.query(`drop database if exists ${database} with (force)`)),
  ];
  try {
    await extractRelease(ROOT, previous, previousRoot);
    const previousMigrations = migrationNamesIn(
      readFileSync(path.join(previousRoot, 'platform', 'orm', 'migration-names.ts'), 'utf8'),
    );
    if (previousMigrations.at(-1) !== previous.lastMigration) {
      throw new Error(
        `rolling upgrade: scripts/release/previous-release.json says ${previous.version} ends with ${previous.lastMigration}, its tree with ${previousMigrations.at(-1)}`,
      );
    }
    const dependencyDrift = linkDependencies(previousRoot);
    log(
      `previous release ${previous.version} (${previous.commit.slice(0, 12)}): ${previousMigrations.length} migrations; this checkout: ${migrationNames.length}`,
    );
    for (const line of dependencyDrift) log(`  dependency drift: ${line}`);

    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      const temporal = await startTemporal('memory', [], workDir, logDir);
      cleanups.push(() => stopChild(temporal.child));
      temporalAddress = temporal.address;
    }
    const taskQueue = `upgrade-${tag}`;
    const pepper = randomBytes(32).toString('base64url');
    const sealingKeys = newSealingKeyEntry('upgrade');
    // Both APIs sit behind one balancer at the public address (the gateway's callbacks and the
    // checkout's links go there), as behind a Service; each also answers at an address of its own.
    // The drill holds every address for its whole run; the processes behind them listen on ports
    // the kernel picks, or found free for a release that cannot name its own (scripts/drill/addresses.ts).
    const [publicRelay, previousRelay, currentRelay, simulatorRelay] = await Promise.all([
      openRelay(),
      openRelay(),
      openRelay(),
      openRelay(),
    ]);
    cleanups.push(
      ...[publicRelay, previousRelay, currentRelay, simulatorRelay].map((relay) => () => relay.close()),
    );
    const apiUrl = publicRelay.url;
    const apiUrlOf = { previous: previousRelay.url, current: currentRelay.url };
    const relayOf = { previous: previousRelay, current: currentRelay };
    /** The API ports behind the public address. */
    const backends: number[] = [];
    const simulatorUrl = simulatorRelay.url;
    const store = { id: 'upgradestore01', password: 'upgradestore01@ssl' };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ...issueDevelopmentStackProof(dataDir),
      LOG_LEVEL: 'warn',
      DATABASE_URL: dbUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PUBLIC_URL: apiUrl,
      // Its probes are not what the drill looks at; no fixed port to share with another run.
      WORKER_METRICS_PORT: '0',
      CREDENTIAL_PEPPER: pepper,
      SEALING_KEYS: sealingKeys,
      SSLCOMMERZ_SANDBOX_URL: simulatorUrl,
      SSLCOMMERZ_TEST_STORE_ID: store.id,
      SSLCOMMERZ_TEST_STORE_PASSWORD: store.password,
      SSLCOMMERZ_SIMULATOR_PORT: '0',
      SSLCOMMERZ_SIMULATOR_PUBLIC_URL: simulatorUrl,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      OPERATOR_SECOND_FACTOR: 'optional',
      // No sweeper schedule left behind on a shared Temporal; nothing here waits on the sweeper.
      SWEEPER_INTERVAL_SECONDS: '0',
    };

    // The schema the previous release was deployed on: its own migrations, from its own tree.
    await onAdmin(adminUrl, (db) => db.query(`create database ${database}`));
    const migrateAt = Date.now();
    const migrator = spawnChild(
      `migrate-previous-${previous.version}`,
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['platform/orm/migrate.ts'],
      env,
      logDir,
      previousRoot,
    );
    const migrated = await new Promise<number | null>((resolve) => migrator.process.once('exit', resolve));
    if (migrated !== 0)
      throw new Error(
        `rolling upgrade: the previous release's migrations exited with ${migrated}; see ${migrator.logFile}`,
      );
    log(
      `previous release's ${previousMigrations.length} migrations in ${((Date.now() - migrateAt) / 1000).toFixed(1)} s`,
    );
    // The app, registered by the previous release's own CLI (this checkout's code writes columns
    // its schema does not have yet).
    const created = await new Promise<string>((resolve, reject) =>
      execFile(
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        ['scripts/cli.ts', 'apps:create', '--name', 'upgrade', '--display-name', 'Rolling Upgrade', '--json'],
        { cwd: previousRoot, env, timeout: 60_000 },
        (error, stdout, stderr) =>
          error
            ? reject(
                new Error(
                  `rolling upgrade: the previous release's apps:create failed: ${stderr || error.message}`,
                ),
              )
            : resolve(stdout),
      ),
    );
    const { credentials: issued } = JSON.parse(created.trim().split('\n').at(-1)!) as {
      credentials: { TEST: { key: string; secret: string } };
    };
    const credentials = issued.TEST;

    const answers = (url: string) => async () =>
      (await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => null))?.ok ?? false;

    // The gateway outlives the upgrade, as a real one does.
    const simulatorPortFile = portFileIn(workDir, 'simulator');
    const simulator = await spawnTsx(
      'simulator',
      'gateways/sslcommerz/simulator/main.ts',
      { ...env, DATA_DIR: path.join(workDir, 'simulator'), LISTEN_PORT_FILE: simulatorPortFile },
      logDir,
    );
    cleanups.push(() => stopChild(simulator));
    simulatorRelay.routeTo([await reportedPortOf(simulator, simulatorPortFile, DRILL_PATIENCE_MS)]);
    await until('the SSLCOMMERZ simulator', 60_000, answers(`${simulatorUrl}/__simulator/faults`));

    /**
     * An API and a worker of one release, up once the API answers; then at the release's own
     * address and in the balancer. A release whose API names the port the kernel gave it
     * (LISTEN_PORT_FILE) gets one; an older one is told a free port, and another if it was taken.
     */
    const startRelease = async (label: string, root: string, via: Via, extraEnv: NodeJS.ProcessEnv = {}) => {
      const at = Date.now();
      const releaseEnv = { ...env, ...extraEnv };
      const startApi = async (port: number, portFile?: string) => {
        const api = await spawnTsx(
          `api-${label}`,
          'api/main.ts',
          { ...releaseEnv, PORT: String(port), ...(portFile && { LISTEN_PORT_FILE: portFile }) },
          logDir,
          [],
          root,
        );
        cleanups.push(() => stopChild(api));
        return api;
      };
      const servesOn = (port: number) => answers(`http://127.0.0.1:${port}/health`);
      let api: Child;
      let port: number;
      if (reportsItsPort(root)) {
        const portFile = portFileIn(workDir, `api-${label}`);
        api = await startApi(0, portFile);
        port = await reportedPortOf(api, portFile, DRILL_PATIENCE_MS);
        await until(`the ${label} API`, 120_000, servesOn(port));
      } else {
        ({ child: api, port } = await startOnFreePort(
          (free) => startApi(free),
          (free, child) =>
            until(`the ${label} API`, 120_000, async () => child.exited || (await servesOn(free)())),
        ));
      }
      const worker = await spawnTsx(`worker-${label}`, 'worker/main.ts', releaseEnv, logDir, [], root);
      cleanups.push(() => stopChild(worker));
      relayOf[via].routeTo([port]);
      backends.push(port);
      publicRelay.routeTo(backends);
      return { api, worker, port, seconds: (Date.now() - at) / 1000 };
    };
    /** Out of the balancer first (the endpoints drop it), then SIGTERM and the drain. */
    const stopRelease = async (release: { api: Child; worker: Child; port: number }) => {
      backends.splice(backends.indexOf(release.port), 1);
      publicRelay.routeTo(backends);
      await Promise.all([stopChild(release.api), stopChild(release.worker)]);
    };

    /** Which release's processes answer: named in a failure, so it says whose code broke. */
    let serving = `the previous release ${previous.version}`;
    const auth = { 'x-api-key': credentials.key, 'x-api-secret': credentials.secret };
    type Via = keyof typeof apiUrlOf;
    const reachOf = (via: Via) => ({
      apiUrl: apiUrlOf[via],
      simulatorUrl,
      stepPatienceMs: DRILL_PATIENCE_MS,
    });
    const create = async (customer: string, amountMinor: number, via: Via = 'previous'): Promise<string> => {
      const response = await fetch(`${apiUrlOf[via]}/api/v1/payments`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ gateway: 'sslcommerz', amountMinor, customerReference: customer }),
      });
      if (response.status !== 201)
        throw new Error(
          `${serving} (${via} API): create answered ${response.status}: ${await response.text()}`,
        );
      return ((await response.json()) as { data: { reference: string } }).data.reference;
    };
    const refund = async (reference: string, amountMinor: number, via: Via = 'previous') => {
      const response = await fetch(`${apiUrlOf[via]}/api/v1/payments/${reference}/refunds`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ amountMinor, reason: 'rolling upgrade' }),
      });
      if (response.status !== 201)
        throw new Error(
          `${serving} (${via} API): refund answered ${response.status}: ${await response.text()}`,
        );
    };
    const statusOf = async (reference: string, via: Via = 'previous'): Promise<string> => {
      const response = await fetch(`${apiUrlOf[via]}/api/v1/payments/${reference}`, { headers: auth });
      return response.ok
        ? ((await response.json()) as { data: { status: string } }).data.status
        : `HTTP ${response.status}`;
    };
    const reaches = (reference: string, status: string, via: Via = 'previous') =>
      until(
        `${reference} to be ${status} (${serving}, read through the ${via} API)`,
        90_000,
        async () => (await statusOf(reference, via)) === status,
      );
    const checkedOut = async (reference: string, via: Via = 'previous') => {
      if (!(await openCheckoutAtApi(reachOf(via), reference)))
        throw new Error(`checkout of ${reference} did not open through the ${via} API`);
    };
    const paid = async (reference: string) => {
      if (!(await payAtSimulatedGateway(reachOf('current'), reference)))
        throw new Error(`${reference} was not paid`);
    };

    const connection = await Connection.connect({ address: temporalAddress });
    cleanups.push(() => connection.close());
    const temporal = new TemporalClient({ connection });
    /** The identities of the workers that completed the workflow's tasks, in order of first appearance. */
    const workersOf = async (reference: string): Promise<string[]> => {
      const history = await temporal.workflow.getHandle(workflowIds.payment(reference)).fetchHistory();
      const identities = (history.events ?? [])
        .map((event) => event.workflowTaskCompletedEventAttributes?.identity)
        .filter((identity): identity is string => Boolean(identity));
      return [...new Set(identities)];
    };

    const closedStatusOf = async (reference: string): Promise<string> => {
      const handle = temporal.workflow.getHandle(workflowIds.payment(reference));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`rolling upgrade: ${handle.workflowId} did not close`)),
          DRILL_PATIENCE_MS,
        );
      });
      try {
        await Promise.race([handle.result(), timedOut]);
      } finally {
        clearTimeout(timer);
      }
      return (await handle.describe()).status.name;
    };

    // The previous release, serving on its own schema.
    const previousUp = await startRelease(`previous-${previous.version}`, previousRoot, 'previous');
    log(`previous release up in ${previousUp.seconds.toFixed(1)} s`);
    const paidByPrevious = await create('upgrade_paid_before', 3000);
    await checkedOut(paidByPrevious);
    await paid(paidByPrevious);
    await reaches(paidByPrevious, 'SUCCEEDED');
    await refund(paidByPrevious, 1000);
    await reaches(paidByPrevious, 'PARTIALLY_REFUNDED');
    const statusUnderPrevious = await statusOf(paidByPrevious);
    const inFlight = await create('upgrade_in_flight', 2200);
    await checkedOut(inFlight);
    const statusAtUpgrade = await statusOf(inFlight);
    const workersBefore = await workersOf(inFlight);
    log(
      `previous release: ${paidByPrevious} SUCCEEDED then PARTIALLY_REFUNDED; ${inFlight} ${statusAtUpgrade} at the gateway's page`,
    );

    // The migrations Job, while the previous release serves: this checkout's (expand-only) migrations.
    const migrationOrm = await createOrm({ databaseUrl: dbUrl, poolMax: 2 });
    let appliedWhileServing: string[];
    try {
      appliedWhileServing = await migrate(migrationOrm);
    } finally {
      await migrationOrm.close();
    }
    log(
      `this checkout's migrations while the previous release serves: ${appliedWhileServing.length} applied`,
    );

    // The rollout: this checkout's API and worker start beside the previous release's.
    serving = 'both releases';
    const overlapAt = Date.now();
    const currentUp = await startRelease(
      'current',
      ROOT,
      'current',
      options.workflowBundlePath ? { WORKFLOW_BUNDLE_PATH: options.workflowBundlePath } : {},
    );
    log(`this checkout up beside the previous release in ${currentUp.seconds.toFixed(1)} s`);
    // The task queue is this run's own: only the two releases' workers ever polled it.
    let pollers: string[] = [];
    await until('both workers to poll the task queue', 60_000, async () => {
      const { pollers: polling } = await connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
      });
      pollers = [...new Set(polling.map((poller) => poller.identity ?? ''))].filter(Boolean);
      return pollers.length >= 2;
    });
    // Payments through both APIs: created through one, the checkout opened and a refund asked
    // through the other, paid at the gateway, whose callbacks reach either API through the balancer.
    const overlapPlan: Array<{ createdThrough: Via; other: Via; amountMinor: number }> = [
      { createdThrough: 'previous', other: 'current', amountMinor: 1100 },
      { createdThrough: 'current', other: 'previous', amountMinor: 1200 },
      { createdThrough: 'previous', other: 'current', amountMinor: 1300 },
      { createdThrough: 'current', other: 'previous', amountMinor: 1400 },
    ];
    const overlapPayments = await Promise.all(
      overlapPlan.map(async ({ createdThrough, other, amountMinor }, i) => {
        const reference = await create(`upgrade_overlap_${i}`, amountMinor, createdThrough);
        await checkedOut(reference, other);
        await paid(reference);
        await reaches(reference, 'SUCCEEDED', createdThrough);
        await refund(reference, 100, other);
        await reaches(reference, 'PARTIALLY_REFUNDED', other);
        return { reference, createdThrough };
      }),
    );
    log(
      `both releases: ${overlapPayments.length} payments created through both APIs, paid and partly refunded; pollers ${pollers.join(', ')}`,
    );

    // The previous release's processes leave the balancer and drain.
    await stopRelease(previousUp);
    const overlapSeconds = (Date.now() - overlapAt) / 1000;
    serving = 'this checkout';
    await paid(inFlight);
    await reaches(inFlight, 'SUCCEEDED', 'current');
    // The row says SUCCEEDED once the gateway's notice is recorded; the workflow closes after.
    const workflowStatus = await closedStatusOf(inFlight);
    const workersAfter = await workersOf(inFlight);
    await refund(paidByPrevious, 2000, 'current');
    await reaches(paidByPrevious, 'REFUNDED', 'current');
    const paidByCurrent = await create('upgrade_paid_after', 1500, 'current');
    await checkedOut(paidByCurrent, 'current');
    await paid(paidByCurrent);
    await reaches(paidByCurrent, 'SUCCEEDED', 'current');
    await refund(paidByCurrent, 500, 'current');
    await reaches(paidByCurrent, 'PARTIALLY_REFUNDED', 'current');
    log(
      `this checkout: ${inFlight} SUCCEEDED, its workflow ${workflowStatus} (workflow tasks by ${workersAfter.join(', ')}), ${paidByPrevious} REFUNDED, ${paidByCurrent} PARTIALLY_REFUNDED`,
    );
    const overlap = {
      pollers,
      payments: await Promise.all(
        overlapPayments.map(async ({ reference, createdThrough }) => ({
          reference,
          createdThrough,
          status: await statusOf(reference, 'current'),
          workflowStatus: await closedStatusOf(reference),
          workers: await workersOf(reference),
        })),
      ),
    };

    // `npm run cli -- ledger:verify`'s checks on what both releases posted.
    const verifyOrm = await createOrm({ databaseUrl: dbUrl, poolMax: 2 });
    let ledgerBreaches: string[];
    try {
      const checks = await verifyLedger(verifyOrm.em.fork() as EntityManager);
      ledgerBreaches = checks.flatMap((check) =>
        check.breaches.map((breach) => `${check.name}: ${breach.subject}: ${breach.problem}`),
      );
    } finally {
      await verifyOrm.close();
    }
    log(`ledger:verify: ${ledgerBreaches.length ? ledgerBreaches.join('; ') : 'clean'}`);

    return {
      previous,
      dependencyDrift,
      paidByPrevious: {
        reference: paidByPrevious,
        statusUnderPrevious,
        statusUnderCurrent: await statusOf(paidByPrevious, 'current'),
      },
      inFlight: {
        reference: inFlight,
        statusAtUpgrade,
        statusUnderCurrent: await statusOf(inFlight, 'current'),
        workflowStatus,
        workersBefore,
        workersAfter,
      },
      paidByCurrent: { reference: paidByCurrent, status: await statusOf(paidByCurrent, 'current') },
      migrations: { previous: previousMigrations.length, appliedWhileServing },
      overlap,
      ledgerBreaches,
      seconds: {
        previousUp: previousUp.seconds,
        currentUp: currentUp.seconds,
        overlap: overlapSeconds,
        total: (Date.now() - started) / 1000,
      },
    };
  } catch (error) {
    failed = true;
    log(`logs of the rehearsal's processes: ${logDir}`);
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
