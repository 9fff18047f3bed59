import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { testEnv } from './test-env.js';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __temporalServer?: ChildProcess }).__temporalServer;
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  const adminUrl = process.env[testEnv.adminUrl];
  const dbName = process.env[testEnv.databaseName];
  if (adminUrl && dbName && !process.env.KEEP_TEST_DATABASE) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  // The embedded PostgreSQL stops cleanly on SIGTERM; its data directory was this run's alone.
  const embedded = (globalThis as { __embeddedPostgres?: { process: ChildProcess; dataDir: string } | null })
    .__embeddedPostgres;
  if (embedded) {
    if (embedded.process.exitCode === null) {
      const exited = new Promise((resolve) => embedded.process.once('exit', resolve));
      embedded.process.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    rmSync(embedded.dataDir, { recursive: true, force: true });
  }
}
