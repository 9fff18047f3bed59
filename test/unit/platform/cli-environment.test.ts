import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliEnvironment } from '../../../scripts/cli/database.js';
import { databaseIdentity, writeRuntimeState } from '../../../scripts/dev/runtime-state.js';

/**
 * The CLI beside a running `npm start` takes that stack's settings (its proof, its pepper) when it
 * works on the stack's database: the embedded one, or the external one the stack was given.
 */
describe('the CLI beside npm start', () => {
  let dataDir: string;
  const stackDatabase = 'postgres://oi_owner:secret@db.internal:5433/oi_payments?sslmode=require';

  const launcher = (state: { embeddedPostgresPort: number | null; database: string | null }) =>
    writeRuntimeState(dataDir, {
      pid: process.pid,
      stackProof: 'proof-of-this-stack',
      startedAt: new Date().toISOString(),
      apiUrl: 'http://127.0.0.1:3000',
      temporalAddress: '127.0.0.1:7233',
      ...state,
    });

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'oi-cli-env-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('names a database by host, port and name, whoever connects', () => {
    expect(databaseIdentity(stackDatabase)).toBe('db.internal:5433/oi_payments');
    expect(databaseIdentity('postgres://oi_app:other@DB.internal:5433/oi_payments')).toBe(
      'db.internal:5433/oi_payments',
    );
    expect(databaseIdentity('postgres://postgres@localhost/oi_payments')).toBe('127.0.0.1:5432/oi_payments');
    expect(databaseIdentity('not a url')).toBeNull();
  });

  it("takes the stack's proof with a DATABASE_URL of its own naming the stack's database", () => {
    launcher({ embeddedPostgresPort: null, database: databaseIdentity(stackDatabase) });
    const runtimeRoleUrl = 'postgres://oi_app:runtime@db.internal:5433/oi_payments';
    const env = cliEnvironment({ DATA_DIR: dataDir, DATABASE_URL: runtimeRoleUrl });
    expect(env).toMatchObject({
      DATABASE_URL: runtimeRoleUrl,
      OI_PAYMENTS_STACK: 'development',
      OI_PAYMENTS_STACK_PROOF: 'proof-of-this-stack',
    });
    expect(env.CREDENTIAL_PEPPER).toEqual(expect.any(String));
  });

  it('keeps its own settings on another database than the stack’s', () => {
    launcher({ embeddedPostgresPort: null, database: databaseIdentity(stackDatabase) });
    const elsewhere = { DATA_DIR: dataDir, DATABASE_URL: 'postgres://oi_app:x@db.internal:5433/other_db' };
    expect(cliEnvironment(elsewhere)).toEqual(elsewhere);
  });

  it('takes the embedded database’s stack without a DATABASE_URL, and nothing when no stack runs', () => {
    launcher({ embeddedPostgresPort: 54329, database: null });
    expect(cliEnvironment({ DATA_DIR: dataDir })).toMatchObject({
      OI_PAYMENTS_STACK_PROOF: 'proof-of-this-stack',
    });
    const other = mkdtempSync(path.join(tmpdir(), 'oi-cli-env-none-'));
    try {
      expect(cliEnvironment({ DATA_DIR: other })).toEqual({ DATA_DIR: other });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
