import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { PhpSdkManifest } from '../../../api/docs/sdk-package.js';
import { PHP_GENERATED_DIR, generatePhpSdk } from '../../../scripts/sdk/generate-php.js';
import { packPhpSdk } from '../../../scripts/sdk/pack-php.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { describeWithToolchain, PHP_MODELS_TOOLCHAIN, PHP_TOOLCHAIN } from '../../helpers/toolchains.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..', '..');

type Outcome = { code: number; output: string };

/** Runs a command; the exit code and everything printed, never a throw. */
async function outcomeOf(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { ...options, timeout: HANG_GUARD_MS });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message,
    };
  }
}

/** Every file under `dir`, by its path inside `dir`, with its text. */
async function filesUnder(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) files[relative(dir, path)] = await readFile(path, 'utf8');
  }
  return files;
}

describeWithToolchain(PHP_MODELS_TOOLCHAIN, 'the PHP SDK’s generated models', () => {
  it('are what `npm run sdk:generate:php` makes from the document the API builds today', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'oi-sdk-php-fresh-'));
    try {
      await generatePhpSdk(join(folder, 'Generated'));
      // On a difference, run `npm run sdk:generate:php` and commit what it writes.
      expect(await filesUnder(PHP_GENERATED_DIR)).toEqual(await filesUnder(join(folder, 'Generated')));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 180_000);
});

/**
 * The PHP SDK (sdk/php) against the real service: its PHPUnit suites and its example, run with
 * Debian's php and phpunit and the variables the guides tell a reader to set; then installed the
 * way an app team installs it, with Composer from the service's own Composer repository, into a
 * project of its own. Under CI a missing php, phpunit, composer or java fails here, so the SDK
 * never goes untested; elsewhere the suite is skipped with one line naming the README's install
 * command (test/helpers/toolchains.ts).
 */
describeWithToolchain(PHP_TOOLCHAIN, 'the PHP SDK against the running service', () => {
  let stack: Stack;
  let creds: Credentials;
  let env: NodeJS.ProcessEnv;
  let manifest: PhpSdkManifest;

  beforeAll(async () => {
    manifest = await packPhpSdk(root);
    stack = await startStack();
    const app = await stack.registerApp();
    creds = app.test;
    const paid = await stack.paidPayment(app.test);
    env = {
      PATH: process.env.PATH,
      OI_PAYMENTS_URL: stack.apiUrl,
      OI_API_KEY: app.test.key,
      OI_API_SECRET: app.test.secret,
      OI_PAYMENT: paid.reference,
    };
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('passes its PHPUnit suites, against staged answers and against the service', async () => {
    const outcome = await outcomeOf('phpunit', ['-c', 'sdk/php/phpunit.xml.dist'], { cwd: root, env });
    expect(outcome).toEqual({ code: 0, output: expect.stringMatching(/OK \(\d+ tests, \d+ assertions\)/) });
    // Both suites ran: the service one is not left out by a configuration slip.
    expect(Number(/OK \((\d+) tests/.exec(outcome.output)?.[1])).toBeGreaterThanOrEqual(30);
  }, 180_000);

  it('takes a payment with the example', async () => {
    const outcome = await outcomeOf('php', ['sdk/php/examples/take_a_payment.php'], { cwd: root, env });
    expect(outcome).toEqual({ code: 0, output: expect.stringContaining('Checkout URL: ') });
    expect(outcome.output).toMatch(/pay_\w+ is CREATED, 85000 BDT minor units/);
  }, 60_000);

  it('serves a Composer repository listing the packed zip by its sha1, and exactly that zip', async () => {
    const listing = (await (await fetch(`${stack.apiUrl}/sdk/php/packages.json`)).json()) as {
      packages: Record<
        string,
        Record<string, { version: string; require: object; dist: Record<string, string> }>
      >;
    };
    const composer = JSON.parse(await readFile(join(root, 'sdk/php/composer.json'), 'utf8')) as {
      version: string;
      require: object;
    };
    const zipUrl = `${stack.apiUrl}/sdk/php/${manifest.filename}`;
    expect(listing.packages['oi-payments/sdk']?.[composer.version]).toMatchObject({
      name: 'oi-payments/sdk',
      version: composer.version,
      require: composer.require,
      dist: { type: 'zip', url: zipUrl, shasum: manifest.shasum },
    });
    const zip = await fetch(zipUrl);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(
      createHash('sha1')
        .update(Buffer.from(await zip.arrayBuffer()))
        .digest('hex'),
    ).toBe(manifest.shasum);

    const named = (await (await fetch(`${stack.apiUrl}/sdk/php`)).json()) as { install: string[] };
    expect(named.install).toEqual([
      expect.stringMatching(/^composer init --no-interaction --name your\/app +# in an empty folder/),
      `composer config repositories.oi composer ${stack.apiUrl}/sdk/php`,
      expect.stringMatching(/^composer config secure-http false +# this service answers on plain http$/),
      'composer require oi-payments/sdk',
    ]);
    const other = await fetch(`${stack.apiUrl}/sdk/php/..%2F..%2Fpackage.json`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { meta: { errorCode: string } }).meta.errorCode).toBe('NOT_FOUND');
  });

  it('installs with Composer from the service into an app of its own and calls the API', async () => {
    const app = await mkdtemp(join(tmpdir(), 'oi-php-app-'));
    try {
      const composerEnv = {
        PATH: process.env.PATH,
        // A Composer of its own: no user config, no cache of an earlier zip, no prompt; root is allowed.
        COMPOSER_HOME: join(app, '.composer-home'),
        COMPOSER_CACHE_DIR: join(app, '.composer-cache'),
        COMPOSER_NO_INTERACTION: '1',
        COMPOSER_ALLOW_SUPERUSER: '1',
      };
      // The lines the service serves, pasted as they are into a shell in an empty folder; before
      // the last, Packagist is switched off (this machine has no internet, and the SDK needs
      // nothing from it).
      const served = ((await (await fetch(`${stack.apiUrl}/sdk/php`)).json()) as { install: string[] })
        .install;
      const lines = [...served.slice(0, -1), 'composer config repo.packagist false', served.at(-1)!];
      // Quiet, as a script would be: no audit of the one package, no progress bars.
      const quiet = (line: string) =>
        line.startsWith('composer require ') ? `${line} --no-audit --no-progress` : line;
      for (const line of lines) {
        const outcome = await outcomeOf('sh', ['-c', quiet(line)], { cwd: app, env: composerEnv });
        expect({ line, ...outcome }).toEqual({ line, code: 0, output: expect.any(String) });
      }
      const lock = JSON.parse(await readFile(join(app, 'composer.lock'), 'utf8')) as {
        packages: Array<{ name: string; version: string; dist: { shasum: string } }>;
      };
      expect(lock.packages).toEqual([
        expect.objectContaining({
          name: 'oi-payments/sdk',
          version: manifest.version,
          dist: expect.objectContaining({ shasum: manifest.shasum }),
        }),
      ]);

      await writeFile(
        join(app, 'me.php'),
        `<?php
require __DIR__ . '/vendor/autoload.php';
$oi = new OiPayments\\OiPayments(getenv('OI_PAYMENTS_URL'), getenv('OI_API_KEY'), getenv('OI_API_SECRET'));
$me = $oi->me();
echo json_encode(['name' => $me->getName(), 'mode' => $me->getMode()]), "\\n";
`,
      );
      const outcome = await outcomeOf('php', ['me.php'], {
        cwd: app,
        env: {
          PATH: process.env.PATH,
          OI_PAYMENTS_URL: stack.apiUrl,
          OI_API_KEY: creds.key,
          OI_API_SECRET: creds.secret,
        },
      });
      expect(outcome.code).toBe(0);
      expect(JSON.parse(outcome.output.trim())).toEqual({ name: expect.any(String), mode: 'TEST' });
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  }, 240_000);
});
