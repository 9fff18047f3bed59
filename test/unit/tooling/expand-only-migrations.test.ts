import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Migration } from '@mikro-orm/migrations';
import { migrationsList } from '../../../platform/orm/migration-list.js';
import {
  contractMarkers,
  contractingStatements,
  type ContractingKind,
} from '../../../scripts/release/contracting-statements.js';
import { readPreviousRelease } from '../../../scripts/release/previous-release.js';
import { changelogReleases, compareVersions } from '../../../scripts/release/versions.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The SQL a migration's up() adds, as the migrator would run it (no database needed to collect it). */
async function upStatements(migrationClass: (typeof migrationsList)[number]['class']): Promise<string[]> {
  const migration = new (migrationClass as unknown as new (driver: never, config: never) => Migration)(
    undefined as never,
    undefined as never,
  );
  await migration.up();
  return migration.getQueries().map((query) => (typeof query === 'string' ? query : query.toString()));
}

/**
 * docs/operations/upgrades.md: the migrations of the release being built run while the previous
 * release's code still serves, so they only expand the schema, unless a migration is a contract
 * step naming the release that stopped reading what it removes, at or before the previous one.
 */
describe('migrations since the previous release', () => {
  const previous = readPreviousRelease();
  const at = migrationsList.findIndex((migration) => migration.name === previous.lastMigration);
  const released = new Set(
    changelogReleases(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).map(
      (release) => release.version,
    ),
  );

  it('start after a migration the previous release shipped', () => {
    expect(at).toBeGreaterThanOrEqual(0);
  });

  it('only expand the schema, or say which release stopped reading what they remove', async () => {
    const problems: string[] = [];
    for (const { name, class: migrationClass } of migrationsList.slice(at + 1)) {
      const found = contractingStatements(await upStatements(migrationClass));
      if (found.length === 0) continue;
      const source = readFileSync(path.join(ROOT, 'db', 'migrations', `${name}.ts`), 'utf8');
      const markers = contractMarkers(source);
      if (markers.length === 0) {
        problems.push(
          ...found.map(
            ({ kind, statement }) =>
              `${name}: ${kind} (${statement.slice(0, 120)}) while ${previous.version} still runs; expand instead, or mark a contract step: // contract: <release> stopped reading <what>`,
          ),
        );
      }
      for (const release of markers) {
        if (!released.has(release))
          problems.push(`${name}: contract names ${release}, which CHANGELOG.md has no entry for`);
        else if (compareVersions(release, previous.version) > 0) {
          problems.push(
            `${name}: contract names ${release}, later than ${previous.version}, which still runs during the rollout`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('contracting statements', () => {
  const kinds = (sql: string | string[]): ContractingKind[] =>
    contractingStatements(sql).map((found) => found.kind);

  it.each<[string, ContractingKind[]]>([
    ['drop table refund_approval_policies;', ['DROP TABLE']],
    ['DROP TABLE IF EXISTS "legacy";', ['DROP TABLE']],
    ['drop view open_payments', ['DROP VIEW']],
    ['alter table payments drop column legacy_status;', ['DROP COLUMN']],
    ['alter table payments drop legacy_status', ['DROP COLUMN']],
    ['alter table payments drop column if exists a, drop b', ['DROP COLUMN', 'DROP COLUMN']],
    ['alter table payments rename column status to state', ['RENAME']],
    ['alter table payments rename to charges', ['RENAME']],
    ['alter table payments alter column amount_minor type numeric', ['ALTER TYPE']],
    ['alter table payments alter amount_minor set data type numeric(20)', ['ALTER TYPE']],
    ['alter table ledger_accounts alter column type set not null', ['SET NOT NULL without default']],
    ['alter table payments add column region text not null', ['ADD COLUMN NOT NULL without default']],
  ])('finds %s', (sql, expected) => {
    expect(kinds(sql)).toEqual(expected);
  });

  it.each([
    'create table payment_notes (id bigserial primary key, note text not null)',
    'alter table payments add column region text',
    "alter table payments add column region text not null default 'BD'",
    'alter table payments add column seq bigint not null generated always as identity',
    'alter table events add column xact_id xid8; alter table events alter column xact_id set default pg_current_xact_id();',
    "alter table payments add column region text; alter table payments alter column region set default 'BD'; alter table payments alter column region set not null",
    'alter table payments alter column note drop not null, drop constraint payments_note_check, alter column note drop default',
    'alter table payments rename constraint a_check to b_check',
    'drop index payments_created_idx; drop trigger if exists t on payments; drop function f()',
    'create index concurrently payments_region_idx on payments (region)',
    // Words inside comments, strings and function bodies are not statements.
    "-- drop table payments\ncomment on column payments.region is 'drop table payments'",
    'create function f() returns trigger language plpgsql as $$ begin drop table x; end $$',
    'create function g() returns trigger language plpgsql as $body$ begin alter table x drop y; end $body$',
  ])('lets %s through', (sql) => {
    expect(kinds(sql)).toEqual([]);
  });

  it('reads a contract step and the release it names', () => {
    expect(contractMarkers('// contract: 0.3.0 stopped reading payments.legacy_status\n')).toEqual(['0.3.0']);
    expect(contractMarkers('// drops payments.legacy_status (0.3.0)')).toEqual([]);
  });
});
