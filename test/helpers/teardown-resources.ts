import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { dropClones } from './database-template.js';
import { ledgerBreachesIn } from './suite-ledger.js';
import { requireEnv, testEnv } from './test-env.js';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __temporalServer?: ChildProcess }).__temporalServer;
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    if (!(await exitedWithin(server, 10_000))) server.kill('SIGKILL');
  }
  const template = process.env[testEnv.templateName];
  // Each suite checks and drops its own database when it ends (test/helpers/suite-database.ts):
  // what is left here is a suite's that did not end (its process crashed), checked all the same.
  const breaches = template ? await ledgerBreaches(template) : [];
  if (template && !process.env.KEEP_TEST_DATABASE) await dropClones(template);
  // The embedded PostgreSQL stops cleanly on SIGTERM; its data directory was this run's alone.
  const embedded = (globalThis as { __embeddedPostgres?: { process: ChildProcess; dataDir: string } | null })
    .__embeddedPostgres;
  if (embedded) {
    if (embedded.process.exitCode === null) {
      embedded.process.kill('SIGTERM');
      await exitedWithin(embedded.process, 10_000);
    }
    rmSync(embedded.dataDir, { recursive: true, force: true });
  }
  if (breaches.length) {
    throw new Error(`ledger:verify found breaches in what the suites wrote:\n${breaches.join('\n')}`);
  }
}

/**
 * Whether the process exits within `ms`. The timer is cleared once it has: a pending one would keep
 * Jest's own process alive after the run for the rest of its time.
 */
async function exitedWithin(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([
    new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return exited;
}

/** `ledger:verify` on each suite's database still there, a few at a time. */
async function ledgerBreaches(template: string): Promise<string[]> {
  const adminUrl = requireEnv(testEnv.adminUrl);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>('select datname from pg_database order by datname');
  await admin.end();
  const suiteDatabases = rows.map((row) => row.datname).filter((name) => name.startsWith(`${template}_s`));
  const found = await inBatches(suiteDatabases, AUDITS_AT_ONCE, (datname) => {
    const url = new URL(adminUrl);
    url.pathname = `/${datname}`;
    return ledgerBreachesIn(url.toString(), datname);
  });
  return found.flat();
}

const AUDITS_AT_ONCE = 4;

/** `work` on every item, at most `size` at a time; the results in the items' order. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let from = 0; from < items.length; from += size)
    results.push(...(await Promise.all(items.slice(from, from + size).map(work))));
  return results;
}
