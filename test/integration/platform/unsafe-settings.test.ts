import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { ConfigError } from '../../../platform/config/index.js';
import { refusalLines } from '../../../platform/config/startup-failure.js';
import { loadStartupConfig } from '../../../platform/config/startup.js';
import { newSealingKeyEntry } from '../../../platform/sealing/secret-box.js';
import { cliEnvironment } from '../../../scripts/cli/database.js';
import { deploymentEnv, developmentStackProof } from '../../helpers/config-env.js';
import { sealTheFirstWay } from '../../helpers/legacy-seal.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

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
        timeout: HANG_GUARD_MS,
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

/** `npm run migrate` and its entry run directly. */
const MIGRATION_DOORS = DOORS.filter((door) => door.name.includes('migrate'));

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
        timeout: HANG_GUARD_MS,
      },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

/**
 * A port that tells when something first connects to it: a process given it as TEMPORAL_ADDRESS
 * connects there only once it is past every start-up check and has its database.
 */
async function firstConnection() {
  let connected!: () => void;
  const reached = new Promise<void>((resolve) => (connected = resolve));
  const server = createServer((socket) => {
    socket.destroy();
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    reached,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runs `door` (in a process group of its own) until it connects to `temporal`, then ends it: what
 * it printed until then, and whether it got there. Unstopped, it would go on retrying Temporal
 * for its connection timeout before it exits.
 */
function runUntilTemporal(
  door: Door,
  env: Record<string, string | undefined>,
  temporal: Awaited<ReturnType<typeof firstConnection>>,
) {
  return new Promise<{ reachedTemporal: boolean; code: number | null; stderr: string }>((resolve) => {
    const child = spawn(door.command, door.args, {
      cwd: ROOT,
      env: Object.fromEntries(
        Object.entries({
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...env,
          TEMPORAL_ADDRESS: temporal.address,
        }).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    let reachedTemporal = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(stop, 60_000);
    void temporal.reached.then(() => {
      reachedTemporal = true;
      stop();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ reachedTemporal, code, stderr });
    });
  });
}

/**
 * Processes of a test running at once: a few, the machine is shared. Most of a process's seconds
 * are its start (loading the sources), so a few side by side end sooner than pairs in turn.
 */
const AT_ONCE = 3;

/**
 * Runs `jobs` AT_ONCE at a time, each as soon as one before it ends (a slow one holds up no pair);
 * answers their results in the order of `jobs`.
 */
async function fewAtATime<T>(jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, jobs.length) }, lane));
  return results;
}

const key = () => randomBytes(32).toString('base64');
const EVERY_DOOR: Array<[string, string, Record<string, string | undefined>]> = [
  // Its inbox would show every operator's password-reset link to whoever may read the dashboard.
  ['a mail catcher inbox', 'MAIL_CATCHER_URL', { MAIL_CATCHER_URL: 'http://mailpit:8025' }],
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

const withoutUnset = (env: Record<string, string | undefined>): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/**
 * The lines start-up prints for `env`, from the check every entry point makes first
 * (platform/config/startup.ts: the launcher's, each entry's own, and the CLI's on its environment),
 * run here in the test's process; null when it would go on.
 */
function refusalsOf(env: Record<string, string | undefined>, cli = false): string[] | null {
  const settings = withoutUnset(env);
  try {
    loadStartupConfig(cli ? cliEnvironment(settings) : settings, { quiet: true });
    return null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return refusalLines(error);
  }
}

/**
 * Each setting against every NODE_ENV, through the start-up check itself: a process per setting,
 * entry point and NODE_ENV proved no more than this and took minutes. The processes below prove
 * that every entry point runs that check first and prints what it refuses as these lines.
 */
describe('the start-up check every entry point makes refuses each unsafe setting', () => {
  const ALL_NODE_ENVS = [undefined, 'development', 'test', 'production'];

  it('as start:api and start:worker run it, naming the setting, whatever NODE_ENV says', () => {
    for (const [what, name, change] of UNSAFE) {
      for (const NODE_ENV of ALL_NODE_ENVS) {
        const refusals = refusalsOf({ ...safe, NODE_ENV, ...change });
        expect({
          what,
          NODE_ENV,
          named: refusals?.some((line) => line.startsWith(`refusing to start: ${name}: `)),
        }).toEqual({ what, NODE_ENV, named: true });
      }
    }
  });

  it('as every entry point and the CLI run it, in one line naming the setting, whatever NODE_ENV says', () => {
    for (const [what, name, change] of EVERY_DOOR) {
      for (const NODE_ENV of ALL_NODE_ENVS) {
        for (const cli of [false, true]) {
          expect({
            what,
            NODE_ENV,
            cli,
            refusals: refusalsOf({ ...safe, NODE_ENV, ...change }, cli),
          }).toEqual({
            what,
            NODE_ENV,
            cli,
            refusals: [expect.stringMatching(new RegExp(`^refusing to start: ${name}: `))],
          });
        }
      }
    }
  });

  it('names every problem at once: unreadable settings beside the unsafe ones and the missing sealing keys', () => {
    const refusals = refusalsOf({
      ...safe,
      RATE_LIMIT_APP_PER_MINUTE: 'many',
      MAIL_CATCHER_URL: 'http://mailpit:8025',
      TEMPORAL_ALLOW_PLAINTEXT: undefined,
      SEALING_KEYS: undefined,
    });
    const named = (refusals ?? []).map((line) => /^refusing to start: ([A-Z_]+): /.exec(line)?.[1]);
    expect(named.sort()).toEqual(
      ['MAIL_CATCHER_URL', 'RATE_LIMIT_APP_PER_MINUTE', 'SEALING_KEYS', 'TEMPORAL_TLS'].sort(),
    );
  });

  it('lets safe settings through, under every NODE_ENV', () => {
    for (const NODE_ENV of ALL_NODE_ENVS) {
      expect({ NODE_ENV, refusals: refusalsOf({ ...safe, NODE_ENV }) }).toEqual({ NODE_ENV, refusals: null });
      expect({ NODE_ENV, refusals: refusalsOf({ ...safe, NODE_ENV }, true) }).toEqual({
        NODE_ENV,
        refusals: null,
      });
    }
  });
});

/** The settings a refusal is checked with in real processes: each of them, in turn. */
const nth = <T>(list: T[], index: number): T => list[index % list.length]!;

describe('a deployment fails closed', () => {
  jest.setTimeout(240_000);

  it('start:api and start:worker stop at an unsafe setting with one line naming it, under every NODE_ENV', async () => {
    const cases = (['start:api', 'start:worker'] as const).flatMap((entry, e) =>
      NODE_ENVS.map((NODE_ENV, n) => ({ entry, NODE_ENV, unsafe: nth(UNSAFE, e * NODE_ENVS.length + n) })),
    );
    const runs = await fewAtATime(
      cases.map(({ entry, NODE_ENV, unsafe: [what, name, change] }) => async () => {
        const { code, stderr } = await start(entry, { ...safe, NODE_ENV, ...change });
        return { entry, NODE_ENV, what, name, code, stderr };
      }),
    );
    for (const run of runs) {
      expect({ ...run, stderr: undefined }).toEqual({ ...run, stderr: undefined, code: 1 });
      expect(run.stderr).toMatch(new RegExp(`^refusing to start: ${run.name}: `, 'm'));
      // One line per refusal, no stack trace.
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('with safe settings both go on past their settings (to the database, which is not there)', async () => {
    const runs = await Promise.all(
      (['start:api', 'start:worker'] as const).map((entry) => start(entry, safe)),
    );
    for (const { code, stderr } of runs) {
      expect(code).not.toBe(0);
      expect(stderr).not.toMatch(/refusing to start/);
      expect(stderr).toMatch(/ECONNREFUSED/);
    }
  });
});

describe('every entry point fails closed', () => {
  jest.setTimeout(600_000);

  it('each stops at an unsafe setting with one line naming it, before it connects', async () => {
    // One process per entry point, each with another of the settings every entry point refuses.
    // A migration reads its database alone (below): none of these is its to refuse.
    const outcomes = await fewAtATime(
      DOORS.filter((door) => !MIGRATION_DOORS.includes(door)).map((door, index) => async () => {
        const [what, name, change] = nth(EVERY_DOOR, index);
        return { door: door.name, what, name, ...(await run(door, { ...safe, ...change })) };
      }),
    );
    for (const outcome of outcomes) {
      expect({ ...outcome, stderr: undefined }).toEqual({ ...outcome, stderr: undefined, code: 1 });
      const refusals = outcome.stderr.split('\n').filter((line) => line.startsWith('refusing to start: '));
      expect({ door: outcome.door, refusals }).toEqual({
        door: outcome.door,
        refusals: [expect.stringMatching(new RegExp(`^refusing to start: ${outcome.name}: `))],
      });
      expect(outcome.stderr).not.toMatch(/^\s+at /m);
      expect(outcome.stderr).not.toMatch(/ECONNREFUSED/);
    }
  });

  it('a migration reads its database alone: the service’s settings do not stop it, a missing DATABASE_URL does, in one line', async () => {
    const unsafeForTheService = { ...safe, MAIL_CATCHER_URL: 'http://mailpit:8025', SEALING_KEYS: undefined };
    const outcomes = await fewAtATime(
      MIGRATION_DOORS.flatMap((door) => [
        async () => ({ door: door.name, databaseUrl: true, ...(await run(door, unsafeForTheService)) }),
        async () => ({
          door: door.name,
          databaseUrl: false,
          ...(await run(door, { ...unsafeForTheService, DATABASE_URL: undefined })),
        }),
      ]),
    );
    for (const outcome of outcomes) {
      expect({ door: outcome.door, code: outcome.code }).toEqual({ door: outcome.door, code: 1 });
      const refusals = outcome.stderr.split('\n').filter((line) => line.startsWith('refusing to start: '));
      if (outcome.databaseUrl) {
        // Past its settings, to the database, which is not there.
        expect({ door: outcome.door, refusals }).toEqual({ door: outcome.door, refusals: [] });
        expect(outcome.stderr).toMatch(/ECONNREFUSED/);
      } else {
        expect({ door: outcome.door, refusals }).toEqual({
          door: outcome.door,
          refusals: [expect.stringMatching(/^refusing to start: DATABASE_URL: is not set/)],
        });
      }
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
    const doors = DOORS.filter((d) => /api|worker/.test(d.name));
    const outcomes = await fewAtATime(
      doors.flatMap((door) => [
        async () => ({ door: door.name, proven: true, ...(await run(door, stack)) }),
        async () => ({
          door: door.name,
          proven: false,
          ...(await run(door, { ...stack, OI_PAYMENTS_STACK_PROOF: randomBytes(32).toString('base64url') })),
        }),
      ]),
    );
    for (const outcome of outcomes) {
      if (outcome.proven) {
        expect(outcome.stderr).not.toMatch(/refusing to start/);
        expect(outcome.stderr).toMatch(/ECONNREFUSED/);
      } else {
        expect({ door: outcome.door, code: outcome.code }).toEqual({ door: outcome.door, code: 1 });
        expect(outcome.stderr).toMatch(/^refusing to start: OI_PAYMENTS_STACK: /m);
      }
    }
  });
});

describe('a retired legacy sealing key (a deployment retires it unless it says accepted)', () => {
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
    const doors = DOORS.filter((d) => d.name === 'npm run start:api' || d.name === 'npm run start:worker');
    // Retired when said so, and when unset: a deployment's default.
    const runs = [
      ...doors.map((door) => run(door, env)),
      run(doors[0]!, { ...env, SEALING_LEGACY_KEY: undefined }),
    ];
    for (const refused of await Promise.all(runs)) {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^refusing to start: SEALING_LEGACY_KEY: is retired but 1 value\(s\) are still sealed with the legacy key/m,
      );
    }
    await em.execute("update operators set totp_sealed = null where email = 'legacy@example.com'");
    // Past its checks the API goes on to Temporal: it is stopped there.
    const temporal = await firstConnection();
    try {
      const api = await runUntilTemporal(DOORS[0]!, env, temporal);
      expect(api.stderr).not.toMatch(/refusing to start/);
      expect(api.reachedTemporal).toBe(true);
    } finally {
      await temporal.close();
    }
  });
});
