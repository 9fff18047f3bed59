import { MikroORM } from '@mikro-orm/postgresql';
import type * as Migrations from '@mikro-orm/migrations';
import type * as MigrationList from './migration-list.js';
import { parseDatabaseUrl } from './connection-url.js';
import { entities } from './entities.js';
import { migrationNames } from './migration-names.js';

export type Orm = MikroORM;

export interface OrmOptions {
  databaseUrl: string;
  poolMax?: number;
  debug?: boolean;
}

export async function createOrm(options: OrmOptions): Promise<Orm> {
  // The URL is read by the driver's parser, not passed as clientUrl: the ORM reads that with
  // WHATWG URL, which refuses or misreads forms the driver accepts (Unix sockets, sslmode).
  const { ssl, ...connection } = parseDatabaseUrl(options.databaseUrl);
  return MikroORM.init({
    ...connection,
    ...(ssl !== undefined && { driverOptions: { connection: { ssl } } }),
    entities,
    migrations: { transactional: true, allOrNothing: true, snapshot: false, silent: true },
    pool: { min: 0, max: options.poolMax ?? 20 },
    // Every unit of work forks its own EntityManager; the global one must never be used.
    allowGlobalContext: false,
    debug: options.debug ?? false,
    discovery: { warnWhenNoEntities: true },
  });
}

/**
 * The migrator (umzug and its command-line libraries) and every migration load here, in the one
 * step that runs them: the api, the worker and each test file start without them.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  if (await schemaIsCurrent(orm)) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Migrator } = require('@mikro-orm/migrations') as typeof Migrations;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { migrationsList } = require('./migration-list.js') as typeof MigrationList;
  orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList });
  const applied = await new Migrator(orm.em).up();
  return applied.map((m) => m.name);
}

/**
 * Whether every migration has been applied, from the migrator's own table: a process starting on a
 * current database (the usual case: each CLI command, each restart) skips loading the migrator.
 */
async function schemaIsCurrent(orm: Orm): Promise<boolean> {
  const connection = orm.em.getConnection();
  const [table] = await connection.execute<Array<{ present: boolean }>>(
    `select to_regclass('mikro_orm_migrations') is not null as present`,
  );
  if (!table?.present) return false;
  const rows = await connection.execute<Array<{ name: string }>>('select name from mikro_orm_migrations');
  const applied = new Set(rows.map((row) => row.name));
  return migrationNames.every((name) => applied.has(name));
}
