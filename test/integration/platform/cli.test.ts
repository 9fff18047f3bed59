import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cliCommandLine, cliEnvironment } from '../../helpers/cli.js';
import { startStack, TEST_PEPPER, type Stack } from '../../helpers/stack.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

/**
 * The operator CLI, run as `npm run cli` runs it, against the real database. Each test works on
 * apps of its own, so they run side by side (Jest's maxConcurrency at a time): a CLI process
 * spends a second or more of CPU starting, and one test's start-ups need not wait for another's.
 */
describe('npm run cli', () => {
  let stack: Stack;
  const cli = (...args: string[]) =>
    run(...cliCommandLine(args), {
      cwd: ROOT,
      env: cliEnvironment(),
    });

  /** A pepper that is also a valid key: base64 of 32 random bytes. */
  const PEPPER_AS_KEY = randomBytes(32).toString('base64');
  /** The CLI run with sealing settings it must refuse: the keys, the pepper beside them, the message. */
  const refusedSealing: Array<[string, string | undefined, string, RegExp]> = [
    ['missing', undefined, TEST_PEPPER, /SEALING_KEYS: not set/],
    [
      'weak',
      `k1:${Buffer.alloc(32).toString('base64')}`,
      TEST_PEPPER,
      /SEALING_KEYS: key "k1" is not random enough/,
    ],
    [
      'equal to the HMAC pepper',
      `k1:${PEPPER_AS_KEY}`,
      PEPPER_AS_KEY,
      /SEALING_KEYS: key "k1" is also CREDENTIAL_PEPPER/,
    ],
  ];
  /**
   * Runs that need nothing the stack holds (refused before the database is reached) start beside
   * the stack, each its own process; every CLI start costs a second or more of CPU, and these
   * need not wait for one another. Failures resolve to the error, for the tests to read.
   */
  let standalone: {
    badInput: Promise<any>;
    sealing: Map<string, Promise<any>>;
  };

  beforeAll(async () => {
    standalone = {
      badInput: cli('webhooks:set', '--app', 'x', '--mode', 'PROD', '--url', 'nope').catch((e) => e),
      sealing: new Map(
        refusedSealing.map(([label, keys, pepper]) => [
          label,
          run(...cliCommandLine(['keys:status']), {
            cwd: ROOT,
            env: cliEnvironment({ CREDENTIAL_PEPPER: pepper, SEALING_KEYS: keys }),
          }).catch((e) => e),
        ]),
      ),
    };
    stack = await startStack({ worker: false });
  });
  afterAll(async () => {
    // Whatever a failed test left unread still ends before the suite does.
    await Promise.allSettled([standalone?.badInput, ...(standalone?.sealing.values() ?? [])]);
    await stack?.close();
  });

  it.concurrent(
    'apps:create prints the app and its TEST pair once, and it authenticates; no LIVE pair',
    async () => {
      const { stdout } = await cli('apps:create', '--name', 'Billing', '--json');
      const created = JSON.parse(stdout);
      // The LIVE pair holds every scope, money ones included: an operator asks for it and a money
      // role approves it; the shell prints none.
      expect(created).toEqual({
        app: { id: expect.any(Number), name: 'Billing' },
        credentials: {
          TEST: { key: expect.stringMatching(/^oi_test_/), secret: expect.any(String) },
          LIVE: null,
        },
      });
      const me = await stack.api('GET', '/api/v1/app/me', { creds: created.credentials.TEST });
      expect(me.body.data).toEqual({ id: created.app.id, name: 'Billing', mode: 'TEST' });
      const live = await stack
        .em()
        .execute(`select id from credentials where app_id = ? and mode = 'LIVE'`, [created.app.id]);
      expect(live).toEqual([]);
      const [row] = await stack
        .em()
        .execute<Array<{ secret_hash: string }>>('select secret_hash from credentials where api_key = ?', [
          created.credentials.TEST.key,
        ]);
      expect(row!.secret_hash).not.toContain(created.credentials.TEST.secret);
    },
    120_000,
  );

  it.concurrent(
    'webhooks:set prints the endpoint and its whsec_ secret once',
    async () => {
      // The app is set up directly; creating one through the CLI is the test above's.
      const app = await stack.registerApp('Hooks');
      const { stdout } = await cli(
        'webhooks:set',
        '--app',
        String(app.app.id),
        '--mode',
        'TEST',
        '--url',
        'https://hooks.example/oi',
        '--json',
      );
      expect(JSON.parse(stdout)).toEqual({
        appId: app.app.id,
        mode: 'TEST',
        url: 'https://hooks.example/oi',
        secret: expect.stringMatching(/^whsec_/),
      });
    },
    120_000,
  );

  it.concurrent(
    'records what it changes in the audit trail as cli:<user>@<host>',
    async () => {
      const actor = `cli:${userInfo().username}@${hostname()}`;
      const app = JSON.parse((await cli('apps:create', '--name', 'Audited', '--json')).stdout);
      await cli(
        'webhooks:set',
        '--app',
        String(app.app.id),
        '--mode',
        'LIVE',
        '--url',
        'https://hooks.example/a',
      );
      await cli(
        'webhooks:set',
        '--app',
        String(app.app.id),
        '--mode',
        'LIVE',
        '--url',
        'https://hooks.example/b',
      );
      const rows = await stack
        .em()
        .execute<
          Array<{ action: string; actor_type: string; actor_label: string; before: unknown; after: any }>
        >(
          `select action, actor_type, actor_label, before, after from audit_log
          where target_type = 'app' and target_id = ? order by id`,
          [String(app.app.id)],
        );
      expect(rows.map((r) => [r.action, r.actor_type, r.actor_label])).toEqual([
        ['app.create', 'SYSTEM', actor],
        ['webhook.endpoint_set', 'SYSTEM', actor],
        ['webhook.endpoint_set', 'SYSTEM', actor],
      ]);
      expect(rows[0]!.after).toMatchObject({
        name: 'Audited',
        keys: { TEST: app.credentials.TEST.key, LIVE: null },
      });
      expect(rows[2]).toMatchObject({
        before: { mode: 'LIVE', url: 'https://hooks.example/a' },
        after: { mode: 'LIVE', url: 'https://hooks.example/b' },
      });
      // No secret reaches the trail.
      const trail = JSON.stringify(rows);
      expect(trail).not.toContain(app.credentials.TEST.secret);
    },
    120_000,
  );

  it.concurrent(
    'refuses a plain-http LIVE webhook endpoint',
    async () => {
      const app = await stack.registerApp('Plain');
      const failure = await cli(
        'webhooks:set',
        '--app',
        String(app.app.id),
        '--mode',
        'LIVE',
        '--url',
        'http://hooks.example/oi',
      ).catch((e) => e);
      expect(failure.code).toBeGreaterThan(0);
      expect(failure.stderr).toMatch(/https/);
    },
    120_000,
  );

  it.concurrent(
    'rejects bad input with a clear message and exit code 2',
    async () => {
      const failure = await standalone.badInput;
      expect(failure.code).toBe(2);
      expect(failure.stderr).toMatch(/--app|--mode|--url/);
    },
    120_000,
  );

  it.concurrent(
    'keys:status counts the values under each key id; keys:rotate re-seals none twice',
    async () => {
      // A sealed value (a webhook secret) to count, set up directly as webhooks:set seals it.
      const app = await stack.registerApp('Sealed');
      await stack.setWebhook(app.app.id, 'https://hooks.example/k');
      // Every value is already under the primary key: the rotation rewrites none, so the three
      // commands read the same state and run side by side.
      const [statusRun, rotateRun, humanRun] = await Promise.all([
        cli('keys:status', '--json'),
        cli('keys:rotate', '--json'),
        cli('keys:status'),
      ]);
      const status = JSON.parse(statusRun.stdout);
      expect(status.primaryKeyId).toBe('test');
      expect(status.keys).toEqual([
        { keyId: 'test', values: expect.any(Number), primary: true, opens: true },
      ]);
      expect(status.keys[0].values).toBeGreaterThanOrEqual(1);
      expect(status.unreadable).toEqual([]);
      const rotated = JSON.parse(rotateRun.stdout);
      expect(rotated).toMatchObject({ primaryKeyId: 'test', examined: 0, rewritten: 0, unreadable: 0 });
      const human = humanRun.stdout;
      expect(human).toContain('Primary key (seals new values): test');
      expect(human).toContain('Every value is under the primary key');
    },
    120_000,
  );

  it.concurrent.each(refusedSealing)(
    'refuses to run with a sealing key %s, naming the setting',
    async (label, _keys, _pepper, message) => {
      const failure = await standalone.sealing.get(label);
      expect(failure.code).toBe(1);
      expect(failure.stderr).toMatch(message);
    },
    120_000,
  );
});
