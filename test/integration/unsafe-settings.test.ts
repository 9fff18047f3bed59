import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { newSealingKeyEntry } from '../../domain/secret-box.js';
import { deploymentEnv } from '../helpers/config-env.js';

const ROOT = path.resolve(__dirname, '..', '..');

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
