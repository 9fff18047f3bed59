import type { ClientBase } from 'pg';
import { APPEND_ONLY_TABLES, DECIDED_ONCE_TABLES, MIGRATIONS_TABLE } from './append-only-tables.js';
import { migrationNames } from './migration-names.js';
import { scramSha256Verifier } from './scram-verifier.js';

export interface RuntimeRoleOptions {
  /** The role the API and worker connect as, e.g. oi_app. */
  role: string;
  /** Its password; null keeps an existing role's password (or a role signing in another way). */
  password: string | null;
}

export interface RuntimeRoleResult {
  created: boolean;
  passwordSet: boolean;
  owner: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A role name PostgreSQL takes without quoting: the setting is rejected rather than quoted into something surprising. */
export function runtimeRoleNameProblem(role: string): string | null {
  return ROLE_NAME.test(role)
    ? null
    : 'DATABASE_RUNTIME_ROLE: must be a lower-case PostgreSQL name (letters, digits, _; at most 63)';
}

/**
 * Creates or updates the runtime role, connected as the role that owns the schema (the one
 * migrations run as): it may read and write every table's rows and use every sequence, but only
 * read and append to the append-only tables, and read the migrator's table. Default privileges
 * for the owner give it the same on every table and sequence later migrations create, so a
 * release needs no second step. Safe to run again: every statement states the end result.
 */
export async function applyRuntimeRole(
  db: ClientBase,
  options: RuntimeRoleOptions,
): Promise<RuntimeRoleResult> {
  const nameProblem = runtimeRoleNameProblem(options.role);
  if (nameProblem) throw new Error(nameProblem);
  const role = db.escapeIdentifier(options.role);
  const { owner, database } = (
    await db.query<{ owner: string; database: string }>(
      'select current_user as owner, current_database() as database',
    )
  ).rows[0]!;
  const missing = await missingMigrations(db);
  if (missing.length) {
    // Privileges granted before the tables exist guard nothing: the append-only tables would come
    // later, writable.
    throw new Error(
      `DATABASE_URL: the schema lacks this release's migrations (${missing[0]}${missing.length > 1 ? ` and ${missing.length - 1} more` : ''}); run npm run migrate first, then db:roles`,
    );
  }
  if (owner === options.role) {
    throw new Error(
      `DATABASE_RUNTIME_ROLE: ${options.role} is the role this command connects as; run it with the owner (migration) role's DATABASE_URL`,
    );
  }
  const ownerId = db.escapeIdentifier(owner);
  const [existing] = (
    await db.query<{ superuser: boolean }>('select rolsuper as superuser from pg_roles where rolname = $1', [
      options.role,
    ])
  ).rows;
  const exists = existing !== undefined;
  if (existing?.superuser) {
    // A superuser passes every privilege check: nothing below would bind it.
    throw new Error(
      `DATABASE_RUNTIME_ROLE: ${options.role} is a superuser; name a role of its own for the service`,
    );
  }
  if (!exists && options.password === null) {
    throw new Error(
      `DATABASE_RUNTIME_PASSWORD: role ${options.role} does not exist yet; give its password (DATABASE_RUNTIME_PASSWORD or DATABASE_RUNTIME_PASSWORD_FILE)`,
    );
  }

  await db.query('begin');
  try {
    // Created with PostgreSQL's defaults: no superuser, no roles, no databases of its own. (Only a
    // role holding an attribute may name it, even to deny it, so an existing role is not restated:
    // the superuser check above is the one that matters.)
    await db.query(`${exists ? 'alter' : 'create'} role ${role} login`);
    if (options.password !== null) {
      // A literal, not a parameter (utility statements take none); the verifier, never the password.
      const verifier = scramSha256Verifier(options.password);
      await db.query(`alter role ${role} password ${db.escapeLiteral(verifier)}`);
    }
    await db.query(`grant connect, temporary on database ${db.escapeIdentifier(database)} to ${role}`);
    await db.query(`grant usage on schema public to ${role}`);
    await db.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    await db.query(`grant usage, select on all sequences in schema public to ${role}`);
    // Tables and sequences the owner creates from now on (later migrations) come with the same.
    await db.query(
      `alter default privileges for role ${ownerId} in schema public grant select, insert, update, delete on tables to ${role}`,
    );
    await db.query(
      `alter default privileges for role ${ownerId} in schema public grant usage, select on sequences to ${role}`,
    );
    // Whatever an earlier run or a hand-made grant gave beyond that, taken back.
    await db.query(`revoke truncate, references, trigger on all tables in schema public from ${role}`);
    await db.query(`revoke create on schema public from ${role}`);
    for (const table of APPEND_ONLY_TABLES) {
      await db.query(`revoke update, delete on ${db.escapeIdentifier(table)} from ${role}`);
    }
    for (const table of DECIDED_ONCE_TABLES) {
      await db.query(`revoke delete on ${db.escapeIdentifier(table)} from ${role}`);
    }
    await db.query(`revoke insert, update, delete on ${db.escapeIdentifier(MIGRATIONS_TABLE)} from ${role}`);
    await db.query('commit');
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
  return { created: !exists, passwordSet: options.password !== null, owner };
}

/** The migrations of this release the schema has not had (all of them on an empty schema). */
async function missingMigrations(db: ClientBase): Promise<string[]> {
  const { rows } = await db.query<{ present: boolean }>(`select to_regclass($1) is not null as present`, [
    `public.${MIGRATIONS_TABLE}`,
  ]);
  if (!rows[0]!.present) return [...migrationNames];
  const applied = new Set(
    (await db.query<{ name: string }>(`select name from ${MIGRATIONS_TABLE}`)).rows.map((row) => row.name),
  );
  return migrationNames.filter((name) => !applied.has(name));
}
