import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, Client as TemporalClient } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { registerApp } from '../../db/apps/apps.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { issueDevelopmentStackProof } from '../../platform/config/development-stack.js';
import { migrationNames } from '../../platform/orm/migration-names.js';
import { createOrm, migrate } from '../../platform/orm/orm.js';
import { newSealingKeyEntry } from '../../platform/sealing/secret-box.js';
import { ROOT, freePort, spawnTsx, stopChild, type Child } from '../bench/processes.js';
import { startTemporal } from '../bench/temporal.js';
import { openCheckoutAtApi, payAtSimulatedGateway } from '../chaos/driver.js';
import {
  extractRelease,
  migrationNamesIn,
  readPreviousRelease,
  type PreviousRelease,
} from '../release/previous-release.js';
import { databaseUrl, onAdmin, waiter } from './drill-database.js';

const until = waiter('rolling upgrade');

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
  seconds: { previousUp: number; currentUp: number; total: number };
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
 * checkout, on real processes (docs/operations/upgrades.md): this checkout's migrations bring a
 * fresh database to the new schema first, as the migrations Job does; the previous release's API
 * and worker, run from that commit's tree, then take a payment to SUCCEEDED and refund part of it
 * on the new schema, and leave a second payment waiting at the gateway's page. They stop, this
 * checkout's API and worker start on the same database and Temporal task queue, and the waiting
 * payment's workflow, started by the previous release's worker, is finished by this one's.
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

    // The migrations Job: this checkout's migrations, before any process of either release starts.
    await onAdmin(adminUrl, (db) => db.query(`create database ${database}`));
    const pepper = randomBytes(32).toString('base64url');
    const sealingKeys = newSealingKeyEntry('upgrade');
    const orm = await createOrm({ databaseUrl: dbUrl, poolMax: 2 });
    let credentials: { key: string; secret: string };
    try {
      await migrate(orm);
      const em = orm.em.fork() as EntityManager;
      const registered = await registerApp(em, { name: 'upgrade', displayName: 'Rolling Upgrade' }, pepper);
      credentials = { key: registered.credentials.TEST.apiKey, secret: registered.credentials.TEST.secret };
    } finally {
      await orm.close();
    }

    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      const temporal = await startTemporal('memory', [], workDir, logDir);
      cleanups.push(() => stopChild(temporal.child));
      temporalAddress = temporal.address;
    }
    const taskQueue = `upgrade-${tag}`;
    const [apiPort, simulatorPort] = [await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
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
      PORT: String(apiPort),
      PUBLIC_URL: apiUrl,
      CREDENTIAL_PEPPER: pepper,
      SEALING_KEYS: sealingKeys,
      SSLCOMMERZ_SANDBOX_URL: simulatorUrl,
      SSLCOMMERZ_TEST_STORE_ID: store.id,
      SSLCOMMERZ_TEST_STORE_PASSWORD: store.password,
      SSLCOMMERZ_SIMULATOR_PORT: String(simulatorPort),
      SSLCOMMERZ_SIMULATOR_PUBLIC_URL: simulatorUrl,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      OPERATOR_SECOND_FACTOR: 'optional',
      // No sweeper schedule left behind on a shared Temporal; nothing here waits on the sweeper.
      SWEEPER_INTERVAL_SECONDS: '0',
    };
    const answers = (url: string) => async () =>
      (await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => null))?.ok ?? false;

    // The gateway outlives the upgrade, as a real one does.
    const simulator = await spawnTsx(
      'simulator',
      'gateways/sslcommerz/simulator/main.ts',
      { ...env, DATA_DIR: path.join(workDir, 'simulator') },
      logDir,
    );
    cleanups.push(() => stopChild(simulator));
    await until('the SSLCOMMERZ simulator', 60_000, answers(`${simulatorUrl}/__simulator/faults`));

    /** An API and a worker of one release, up once the API answers. */
    const startRelease = async (label: string, root: string, extraEnv: NodeJS.ProcessEnv = {}) => {
      const at = Date.now();
      const api = await spawnTsx(`api-${label}`, 'api/main.ts', { ...env, ...extraEnv }, logDir, [], root);
      const worker = await spawnTsx(
        `worker-${label}`,
        'worker/main.ts',
        { ...env, ...extraEnv },
        logDir,
        [],
        root,
      );
      cleanups.push(
        () => stopChild(api),
        () => stopChild(worker),
      );
      await until(`the ${label} API`, 120_000, answers(`${apiUrl}/health`));
      return { children: [api, worker] as Child[], seconds: (Date.now() - at) / 1000 };
    };

    /** Which release's processes answer: named in a failure, so it says whose code broke. */
    let serving = `the previous release ${previous.version}`;
    const auth = { 'x-api-key': credentials!.key, 'x-api-secret': credentials!.secret };
    const reach = { apiUrl, simulatorUrl, stepPatienceMs: 90_000 };
    const create = async (customer: string, amountMinor: number): Promise<string> => {
      const response = await fetch(`${apiUrl}/api/v1/payments`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ gateway: 'sslcommerz', amountMinor, customerReference: customer }),
      });
      if (response.status !== 201)
        throw new Error(`${serving}: create answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { data: { reference: string } }).data.reference;
    };
    const refund = async (reference: string, amountMinor: number) => {
      const response = await fetch(`${apiUrl}/api/v1/payments/${reference}/refunds`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ amountMinor, reason: 'rolling upgrade' }),
      });
      if (response.status !== 201)
        throw new Error(`${serving}: refund answered ${response.status}: ${await response.text()}`);
    };
    const statusOf = async (reference: string): Promise<string> => {
      const response = await fetch(`${apiUrl}/api/v1/payments/${reference}`, { headers: auth });
      return response.ok
        ? ((await response.json()) as { data: { status: string } }).data.status
        : `HTTP ${response.status}`;
    };
    const reaches = (reference: string, status: string) =>
      until(
        `${reference} to be ${status} (${serving})`,
        90_000,
        async () => (await statusOf(reference)) === status,
      );
    const checkedOut = async (reference: string) => {
      if (!(await openCheckoutAtApi(reach, reference)))
        throw new Error(`checkout of ${reference} did not open`);
    };
    const paid = async (reference: string) => {
      if (!(await payAtSimulatedGateway(reach, reference))) throw new Error(`${reference} was not paid`);
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
          90_000,
        );
      });
      try {
        await Promise.race([handle.result(), timedOut]);
      } finally {
        clearTimeout(timer);
      }
      return (await handle.describe()).status.name;
    };

    // The previous release on the new schema.
    const previousUp = await startRelease(`previous-${previous.version}`, previousRoot);
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

    // The rollout: the previous release's processes drain and stop; this checkout's take over.
    for (const child of previousUp.children) await stopChild(child);
    serving = 'this checkout';
    const currentUp = await startRelease(
      'current',
      ROOT,
      options.workflowBundlePath ? { WORKFLOW_BUNDLE_PATH: options.workflowBundlePath } : {},
    );
    log(`this checkout up in ${currentUp.seconds.toFixed(1)} s`);
    await paid(inFlight);
    await reaches(inFlight, 'SUCCEEDED');
    // The row says SUCCEEDED once the gateway's notice is recorded; the workflow closes after.
    const workflowStatus = await closedStatusOf(inFlight);
    const workersAfter = await workersOf(inFlight);
    await refund(paidByPrevious, 2000);
    await reaches(paidByPrevious, 'REFUNDED');
    const paidByCurrent = await create('upgrade_paid_after', 1500);
    await checkedOut(paidByCurrent);
    await paid(paidByCurrent);
    await reaches(paidByCurrent, 'SUCCEEDED');
    await refund(paidByCurrent, 500);
    await reaches(paidByCurrent, 'PARTIALLY_REFUNDED');
    log(
      `this checkout: ${inFlight} SUCCEEDED, its workflow ${workflowStatus} (workflow tasks by ${workersAfter.join(', ')}), ${paidByPrevious} REFUNDED, ${paidByCurrent} PARTIALLY_REFUNDED`,
    );

    return {
      previous,
      dependencyDrift,
      paidByPrevious: {
        reference: paidByPrevious,
        statusUnderPrevious,
        statusUnderCurrent: await statusOf(paidByPrevious),
      },
      inFlight: {
        reference: inFlight,
        statusAtUpgrade,
        statusUnderCurrent: await statusOf(inFlight),
        workflowStatus,
        workersBefore,
        workersAfter,
      },
      paidByCurrent: { reference: paidByCurrent, status: await statusOf(paidByCurrent) },
      seconds: {
        previousUp: previousUp.seconds,
        currentUp: currentUp.seconds,
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
