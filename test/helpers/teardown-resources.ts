import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { testEnv } from './test-env.js';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __temporalServer?: ChildProcess }).__temporalServer;
  server?.kill('SIGTERM');
  const adminUrl = process.env[testEnv.adminUrl];
  const dbName = process.env[testEnv.databaseName];
  if (adminUrl && dbName && !process.env.KEEP_TEST_DATABASE) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}
