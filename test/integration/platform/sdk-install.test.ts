import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import MarkdownIt from 'markdown-it';
import { servedCodeBlocks, writeExamples } from '../../../scripts/sdk/guide-examples.js';
import { packNodeSdk } from '../../../scripts/sdk/pack.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The install line the getting-started guide, as this deployment serves it, tells a developer to paste. */
async function guideInstallUrl(apiUrl: string): Promise<string> {
  const guide = await (await fetch(`${apiUrl}/docs/getting-started`)).text();
  const match = /npm install (http:\/\/\S+\/sdk\/node\/[^\s<]+\.tgz)/.exec(guide);
  if (!match) throw new Error('the getting-started guide has no install line for the served SDK');
  return match[1]!;
}

/**
 * An app developer installs the Node SDK the way the guides say, from the service itself, in a
 * repository of their own, and takes a payment with it: the served tarball is the one the
 * manifest names, by its integrity, and npm records that integrity in the app's lockfile.
 */
describe('the Node SDK served by the service', () => {
  let stack: Stack;
  let creds: Credentials;
  let manifest: ReturnType<typeof packNodeSdk>;
  let appDir: string;

  beforeAll(async () => {
    manifest = packNodeSdk(ROOT);
    stack = await startStack();
    creds = (await stack.registerApp()).test;
    appDir = mkdtempSync(path.join(tmpdir(), 'sdk-app-'));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  it('names its tarball, version and integrity, and serves exactly those bytes', async () => {
    const named = (await (await fetch(`${stack.apiUrl}/sdk/node`)).json()) as Record<string, string>;
    expect(named).toMatchObject({
      name: '@oi-payments/node',
      version: JSON.parse(readFileSync(path.join(ROOT, 'sdk', 'package.json'), 'utf8')).version,
      integrity: manifest.integrity,
      tarball: `${stack.apiUrl}/sdk/node/${manifest.filename}`,
      install: `npm install ${stack.apiUrl}/sdk/node/${manifest.filename}`,
    });
    const tarball = await fetch(named.tarball!);
    expect(tarball.status).toBe(200);
    expect(tarball.headers.get('content-type')).toBe('application/gzip');
    const bytes = Buffer.from(await tarball.arrayBuffer());
    expect(`sha512-${createHash('sha512').update(bytes).digest('base64')}`).toBe(manifest.integrity);

    const other = await fetch(`${stack.apiUrl}/sdk/node/..%2F..%2Fpackage.json`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { meta: { errorCode: string } }).meta.errorCode).toBe('NOT_FOUND');
  });

  it("installs by the guide's line into an app of its own and runs the guide's examples on it as written", async () => {
    // The deployment's own address (the stack's PUBLIC_URL), not a laptop's.
    const url = await guideInstallUrl(stack.apiUrl);
    expect(url).toBe(`${stack.apiUrl}/sdk/node/${manifest.filename}`);
    writeFileSync(
      path.join(appDir, 'package.json'),
      JSON.stringify({ name: 'shop', version: '1.0.0', private: true }),
    );
    await run('npm', ['install', url, '--no-audit', '--no-fund'], {
      cwd: appDir,
      timeout: HANG_GUARD_MS,
    });
    const lock = JSON.parse(readFileSync(path.join(appDir, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@oi-payments/node'].integrity).toBe(manifest.integrity);

    // The getting-started guide's SDK examples as this deployment serves them, which are the
    // guide's source as written, copied into the app and run on the SDK it just installed.
    const page = await (await fetch(`${stack.apiUrl}/docs/getting-started`)).text();
    const examples = servedCodeBlocks(page, 'ts');
    const written = new MarkdownIt()
      .parse(readFileSync(path.join(ROOT, 'docs/guides/getting-started.md'), 'utf8'), {})
      .filter((token) => token.type === 'fence' && token.info.trim() === 'ts')
      .map((token) => token.content);
    expect(examples).toHaveLength(2);
    expect(examples).toEqual(written);
    const files = writeExamples(examples, appDir, 'ts');

    // Strict TypeScript against the installed package's own types, as an app's build would check them.
    const checked = await run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/typescript/bin/tsc'),
        ...['--strict', '--noEmit', '--skipLibCheck', '--target', 'es2022'],
        ...['--module', 'nodenext', '--moduleResolution', 'nodenext'],
        ...['--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules/@types')],
        ...files,
      ],
      { cwd: appDir },
    ).then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(checked).toBe('');

    const env = {
      PATH: process.env.PATH,
      OI_PAYMENTS_URL: stack.apiUrl,
      OI_API_KEY: creds.key,
      OI_API_SECRET: creds.secret,
    };
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const { stdout } = await run(tsx, [files[0]!], { cwd: appDir, env, timeout: HANG_GUARD_MS });
    const reference = /Send the customer to http\S+\/checkout\/(pay_[0-9a-z]{20})\n/.exec(stdout)?.[1];
    expect(stdout).toMatch(/^\S.* \(TEST\)\n/);
    expect(reference).toBeDefined();
    expect(stdout).toContain(`${reference} is CREATED\n`);
    expect(stdout).toContain('Refused: amountMinor');
    // The webhook example loads on the installed SDK (it only defines the handler).
    await run(tsx, [files[1]!], {
      cwd: appDir,
      env: { ...env, OI_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 1).toString('base64')}` },
      timeout: HANG_GUARD_MS,
    });
  }, 240_000);
});
