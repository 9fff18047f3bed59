import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { newSealingKeyEntry } from '../../../platform/sealing/secret-box.js';
import { deploymentEnv, developmentStackProof } from '../../helpers/config-env.js';
import { sealTheFirstWay } from '../../helpers/legacy-seal.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * `npm run start:api` and `npm run start:worker`, as a deployment starts them, with each unsafe
 * setting: each refuses at start-up (before connecting anywhere), exits non-zero and names the
 * setting, whatever NODE_ENV says. The environment is built from nothing, so no setting of the
 * machine running the tests leaks in.
 */
function start(entry: 'start:api' | 'start:worker', env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      'npm',
      ['run', '--silent', entry],
      {
        cwd: ROOT,
        env: Object.fromEntries(
          Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }).filter(
            (entry): entry is [string, string] => entry[1] !== undefined,
          ),
        ),
        timeout: 60_000,
      },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

/** A deployment's settings with which both processes would go on to connect (DATABASE_URL set). */
const safe = {
  ...deploymentEnv,
  SEALING_KEYS: newSealingKeyEntry('k1'),
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
};

const UNSAFE: Array<[string, string, Record<string, string | undefined>]> = [
  ['no pepper', 'CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: undefined }],
  [
    'the old development pepper',
    'CREDENTIAL_PEPPER',
    { CREDENTIAL_PEPPER: 'local-development-pepper-change-me' },
  ],
  ['a pepper of 32 × "a"', 'CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: 'a'.repeat(32) }],
  ['a Stripe test key on LIVE', 'STRIPE_LIVE_SECRET_KEY', { STRIPE_LIVE_SECRET_KEY: 'sk_test_51abcdef' }],
  ['a Stripe live key on TEST', 'STRIPE_TEST_SECRET_KEY', { STRIPE_TEST_SECRET_KEY: 'sk_live_51abcdef' }],
  [
    'a sandbox as the LIVE host',
    'SSLCOMMERZ_LIVE_URL',
    { SSLCOMMERZ_LIVE_URL: 'https://sandbox.sslcommerz.com' },
  ],
  ['a simulator as the LIVE host', 'BKASH_LIVE_URL', { BKASH_LIVE_URL: 'http://simulators:8081/bkash' }],
  ['https without a trusted proxy', 'TRUSTED_PROXY_HOPS', { TRUSTED_PROXY_HOPS: undefined }],
  ['an http PUBLIC_URL', 'PUBLIC_URL', { PUBLIC_URL: 'http://pay.example.com' }],
  [
    'plain SMTP',
    'SMTP_URL',
    { SMTP_URL: 'smtp://mailer:secret@smtp.example.com:587', EMAIL_FROM: 'billing@example.com' },
  ],
  ['operators without a second factor', 'OPERATOR_SECOND_FACTOR', { OPERATOR_SECOND_FACTOR: 'optional' }],
  ['the development stack marker', 'OI_PAYMENTS_STACK', { OI_PAYMENTS_STACK: 'development' }],
];

/**
 * NODE_ENV=production runs the compiled code (dist/, from `npm run build`, which CI runs before
 * the tests); without a build, the other values run the same checks from the sources.
 */
const compiled = existsSync(path.join(ROOT, 'dist', 'api', 'main.js'));
if (process.env.CI && !compiled)
  throw new Error('dist/ is missing: CI runs `npm run build` before the tests');
const NODE_ENVS = [undefined, 'development', 'test', ...(compiled ? ['production'] : [])];

describe('a deployment fails closed', () => {
  jest.setTimeout(240_000);

  it.each(UNSAFE)(
    'start:api and start:worker refuse %s, naming %s, whatever NODE_ENV says',
    async (_what, name, change) => {
      const runs = (['start:api', 'start:worker'] as const).flatMap((entry) =>
        NODE_ENVS.map(async (NODE_ENV) => {
          const { code, stderr } = await start(entry, { ...safe, NODE_ENV, ...change });
          return { entry, NODE_ENV, code, stderr };
        }),
      );
      for (const run of await Promise.all(runs)) {
        expect({ ...run, stderr: undefined }).toEqual({ ...run, stderr: undefined, code: 1 });
        expect(run.stderr).toMatch(new RegExp(`^refusing to start: ${name}: `, 'm'));
        // One line per refusal, no stack trace.
        expect(run.stderr).not.toMatch(/^\s+at /m);
      }
    },
  );

  it('with safe settings both go on past their settings (to the database, which is not there)', async () => {
    for (const entry of ['start:api', 'start:worker'] as const) {
      const { code, stderr } = await start(entry, safe);
      expect(code).not.toBe(0);
      expect(stderr).not.toMatch(/refusing to start/);
      expect(stderr).toMatch(/ECONNREFUSED/);
    }
  });
});

/**
 * Every entry point, as `npm run` starts it (scripts/start.cjs) and as `node dist/…` or tsx would
 * without it (the check each makes itself), refuses each setting a deployment must not run with,
 * in one line naming it, before it connects anywhere.
 */
type Door = { name: string; command: string; args: string[] };
const DOORS: Door[] = [
  { name: 'npm run start:api', command: 'npm', args: ['run', '--silent', 'start:api'] },
  { name: 'npm run start:worker', command: 'npm', args: ['run', '--silent', 'start:worker'] },
  { name: 'npm run migrate', command: 'npm', args: ['run', '--silent', 'migrate'] },
  { name: 'npm run cli', command: 'npm', args: ['run', '--silent', 'cli', '--', 'keys:status'] },
  ...['api/main.ts', 'worker/main.ts', 'platform/orm/migrate.ts'].map((entry) => ({
    name: `node ${entry} (no launcher)`,
    command: process.execPath,
    args: ['--require', 'tsx/cjs', entry],
  })),
  {
    name: 'node scripts/cli.ts',
    command: process.execPath,
    args: ['--require', 'tsx/cjs', 'scripts/cli.ts', 'keys:status'],
  },
];

function run(door: Door, env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      door.command,
      door.args,
      {
        cwd: ROOT,
        env: Object.fromEntries(
          Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }).filter(
            (entry): entry is [string, string] => entry[1] !== undefined,
          ),
        ),
        timeout: 60_000,
      },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

const key = () => randomBytes(32).toString('base64');
const EVERY_DOOR: Array<[string, string, Record<string, string | undefined>]> = [
  [
    'webhooks to every private address',
    'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
    { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
  ],
  ['a sign-in limit of 0', 'RATE_LIMIT_SIGN_IN_PER_MINUTE', { RATE_LIMIT_SIGN_IN_PER_MINUTE: '0' }],
  ['an app limit of 0', 'RATE_LIMIT_APP_PER_MINUTE', { RATE_LIMIT_APP_PER_MINUTE: '0' }],
  ['a proxy hop without its address', 'TRUSTED_PROXY_ADDRESSES', { TRUSTED_PROXY_ADDRESSES: undefined }],
  ['plaintext Temporal', 'TEMPORAL_TLS', { TEMPORAL_ALLOW_PLAINTEXT: undefined }],
  ['no SEALING_KEYS', 'SEALING_KEYS', { SEALING_KEYS: undefined }],
  ['a key id used twice', 'SEALING_KEYS', { SEALING_KEYS: `k1:${key()},k1:${key()}` }],
  [
    'the development stack marker with a made-up proof',
    'OI_PAYMENTS_STACK',
    { OI_PAYMENTS_STACK: 'development', OI_PAYMENTS_STACK_PROOF: 'made-up' },
  ],
];

describe('every entry point fails closed', () => {
  jest.setTimeout(600_000);

  it.each(EVERY_DOOR)('refuses %s, naming %s, in one line', async (_what, name, change) => {
    // Two at a time: the machine is shared.
    const outcomes: Array<{ door: string; code: number | null; stderr: string }> = [];
    for (let i = 0; i < DOORS.length; i += 2) {
      const batch = DOORS.slice(i, i + 2);
      outcomes.push(
        ...(await Promise.all(
          batch.map(async (door) => ({ door: door.name, ...(await run(door, { ...safe, ...change })) })),
        )),
      );
    }
    for (const outcome of outcomes) {
      expect({ ...outcome, stderr: undefined }).toEqual({ ...outcome, stderr: undefined, code: 1 });
      const refusals = outcome.stderr.split('\n').filter((line) => line.startsWith('refusing to start: '));
      expect({ door: outcome.door, refusals }).toEqual({
        door: outcome.door,
        refusals: [expect.stringMatching(new RegExp(`^refusing to start: ${name}: `))],
      });
      expect(outcome.stderr).not.toMatch(/^\s+at /m);
      expect(outcome.stderr).not.toMatch(/ECONNREFUSED/);
    }
  });

  it('the API and the worker honour the development stack only with the proof of the process that started them', async () => {
    const proof = developmentStackProof();
    const stack = {
      ...safe,
      ...proof,
      PUBLIC_URL: 'http://localhost:8080',
      OPERATOR_SECOND_FACTOR: 'optional',
      TRUSTED_PROXY_HOPS: undefined,
    };
    for (const door of DOORS.filter((d) => /api|worker/.test(d.name))) {
      const proven = await run(door, stack);
      expect(proven.stderr).not.toMatch(/refusing to start/);
      expect(proven.stderr).toMatch(/ECONNREFUSED/);
      const copied = await run(door, {
        ...stack,
        OI_PAYMENTS_STACK_PROOF: randomBytes(32).toString('base64url'),
      });
      expect(copied.code).toBe(1);
      expect(copied.stderr).toMatch(/^refusing to start: OI_PAYMENTS_STACK: /m);
    }
  });
});

describe('a retired legacy sealing key', () => {
  jest.setTimeout(240_000);
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  beforeAll(async () => {
    scratch = await scratchDatabase();
  });
  afterAll(() => scratch?.drop());

  it('stops the API and the worker while any value is still sealed with it, and not once none is', async () => {
    const sealedTheFirstWay = sealTheFirstWay('JBSWY3DPEHPK3PXP', safe.CREDENTIAL_PEPPER);
    const em = scratch.orm.em.fork();
    await em.execute(
      `insert into operators (email, role, password_hash, totp_sealed) values ('legacy@example.com', 'VIEWER', 'x', ?)`,
      [sealedTheFirstWay],
    );
    const env = {
      ...safe,
      DATABASE_URL: scratch.url,
      SEALING_LEGACY_KEY: 'retired',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    };
    for (const door of DOORS.filter(
      (d) => d.name === 'npm run start:api' || d.name === 'npm run start:worker',
    )) {
      const refused = await run(door, env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^refusing to start: SEALING_LEGACY_KEY: is retired but 1 value\(s\) are still sealed with the legacy key/m,
      );
    }
    await em.execute("update operators set totp_sealed = null where email = 'legacy@example.com'");
    const api = await run(DOORS[0]!, env);
    expect(api.stderr).not.toMatch(/refusing to start/);
  });
});
