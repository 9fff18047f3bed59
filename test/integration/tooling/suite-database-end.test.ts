import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { suiteDatabaseName } from '../../helpers/database-template.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'suite-end');
const run = promisify(execFile);

/** Jest on one fixture suite, with this run's template and server; its exit code and output. */
async function jestOn(fixture: string): Promise<{ code: number; output: string }> {
  const args = [
    path.join(ROOT, 'node_modules', '.bin', 'jest'),
    '-c',
    path.join(FIXTURES, 'jest.config.js'),
    '--runInBand',
    path.join(FIXTURES, fixture),
  ];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const admin = new Client({ connectionString: requireEnv(testEnv.adminUrl) });
  await admin.connect();
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    return rows.length > 0;
  } finally {
    await admin.end();
  }
}

/**
 * Each suite's database is checked by `ledger:verify` and dropped when the suite ends, while the
 * others still run (test/helpers/suite-database.ts, node-environment.js): a suite that leaves a
 * broken ledger fails, naming the rule and the row, and no suite leaves its database behind.
 */
describe("a suite's database when the suite ends", () => {
  const databaseOf = (fixture: string) =>
    suiteDatabaseName(requireEnv(testEnv.templateName), path.join(FIXTURES, fixture));

  it.concurrent('fails a suite that passed but left a breach, and drops its database', async () => {
    const { code, output } = await jestOn('leaves-a-breach.fixture.ts');
    expect(code).toBe(1);
    expect(output).toContain('ledger:verify found breaches in what this suite wrote');
    expect(output).toMatch(/balanced-entries: \d+: sums to 0 over 0 postings/);
    expect(await databaseExists(databaseOf('leaves-a-breach.fixture.ts'))).toBe(false);
  });

  it.concurrent('passes a suite whose ledger holds, and drops its database', async () => {
    const { code, output } = await jestOn('leaves-a-clean-ledger.fixture.ts');
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).not.toContain('ledger:verify');
    expect(await databaseExists(databaseOf('leaves-a-clean-ledger.fixture.ts'))).toBe(false);
  });
});
