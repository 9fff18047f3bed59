import { execFile } from 'node:child_process';
import { copyFileSync, createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { packPythonSdk } from '../../../scripts/sdk/pack-python.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TOOLS_PYTHON = path.join(ROOT, '.tools', 'python-sdk', 'bin', 'python');

const sha256Of = (file: string) =>
  new Promise<string>((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

/** The environment without pip's own settings from it: pip then asks only the index it is given. */
function withoutPipSettings(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  // Not a configuration file either (a mirror an extra-index-url names, say).
  env.PIP_CONFIG_FILE = '/dev/null';
  return env;
}

/**
 * An app developer installs the Python SDK the way the guides say, from the service itself, into a
 * virtualenv of their own with no checkout of the service, and takes a payment with it: the wheel
 * is the one the manifest names, by its SHA-256, and the simple index offers that wheel alone.
 */
describe('the Python SDK served by the service', () => {
  let stack: Stack;
  let creds: Credentials;
  let manifest: ReturnType<typeof packPythonSdk>;
  let work: string;

  beforeAll(async () => {
    manifest = packPythonSdk(ROOT);
    stack = await startStack();
    creds = (await stack.registerApp()).test;
    work = mkdtempSync(path.join(tmpdir(), 'sdk-python-app-'));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('names its wheel, version and SHA-256 with the install lines, and serves exactly those bytes', async () => {
    const named = (await (await fetch(`${stack.apiUrl}/sdk/python`)).json()) as Record<string, string>;
    const wheel = `${stack.apiUrl}/sdk/python/${manifest.filename}`;
    const version = /^version\s*=\s*"([^"]+)"/m.exec(
      readFileSync(path.join(ROOT, 'sdk', 'python', 'pyproject.toml'), 'utf8'),
    )![1];
    expect(named).toMatchObject({
      name: 'oi-payments',
      version,
      filename: `oi_payments-${version}-py3-none-any.whl`,
      sha256: manifest.sha256,
      wheel,
      index: `${stack.apiUrl}/sdk/python/simple/`,
      requirement: `oi-payments @ ${wheel}#sha256=${manifest.sha256}`,
      install: `pip install "oi-payments @ ${wheel}#sha256=${manifest.sha256}"`,
      pipx: `pipx install ${wheel}#sha256=${manifest.sha256}`,
    });
    const served = await fetch(wheel);
    expect(served.status).toBe(200);
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.sha256);

    for (const other of ['..%2F..%2Fpackage.json', 'python.json', 'oi_payments-0.0.1-py3-none-any.whl']) {
      const refused = await fetch(`${stack.apiUrl}/sdk/python/${other}`);
      expect(refused.status).toBe(404);
      expect(((await refused.json()) as { meta: { errorCode: string } }).meta.errorCode).toBe('NOT_FOUND');
    }
  });

  it('serves a PEP 503 simple index that holds this one package, by its hash', async () => {
    const root = await fetch(`${stack.apiUrl}/sdk/python/simple/`);
    expect(root.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await root.text()).toContain('<a href="oi-payments/">oi-payments</a>');
    const page = await (await fetch(`${stack.apiUrl}/sdk/python/simple/oi-payments/`)).text();
    expect(page).toContain(
      `<a href="../../${manifest.filename}#sha256=${manifest.sha256}" data-requires-python="&gt;=3.10">${manifest.filename}</a>`,
    );
    // Any spelling of the name (PEP 503 normalisation) leads to the one page.
    const spelled = await fetch(`${stack.apiUrl}/sdk/python/simple/OI_Payments/`, { redirect: 'manual' });
    expect(spelled.status).toBe(301);
    expect(new URL(spelled.headers.get('location')!, spelled.url).pathname).toBe(
      '/sdk/python/simple/oi-payments/',
    );
    const other = await fetch(`${stack.apiUrl}/sdk/python/simple/requests/`);
    expect(other.status).toBe(404);

    // pip itself, asking this index alone, finds this wheel and checks its hash.
    const into = path.join(work, 'downloaded');
    await run(
      TOOLS_PYTHON,
      [
        ...['-m', 'pip', 'download', '--no-deps', '--no-cache-dir', '--dest', into],
        ...['--index-url', `${stack.apiUrl}/sdk/python/simple/`, 'OI_Payments'],
      ],
      { env: withoutPipSettings({}), timeout: HANG_GUARD_MS },
    );
    expect(readdirSync(into)).toEqual([manifest.filename]);
    expect(await sha256Of(path.join(into, manifest.filename))).toBe(manifest.sha256);
  }, 60_000);

  it("installs by the guide's line into a virtualenv of its own and takes a payment", async () => {
    // The guide as this deployment serves it: its own address in the line.
    const guide = (await (await fetch(`${stack.apiUrl}/docs/sdks`)).text()).replaceAll('&quot;', '"');
    const documented = `pip install "oi-payments @ ${stack.apiUrl}/sdk/python/${manifest.filename}#sha256=`;
    expect(guide).toContain(documented);
    const { install } = (await (await fetch(`${stack.apiUrl}/sdk/python`)).json()) as { install: string };
    expect(install).toMatch(
      new RegExp(`^${documented.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f]{64}"$`),
    );

    const venv = path.join(work, 'venv');
    await run(TOOLS_PYTHON, ['-m', 'venv', venv], { timeout: HANG_GUARD_MS });
    // The served line as a shell would split it; the dependencies come from the machine's index.
    const requirement = /^pip install "(.+)"$/.exec(install)![1]!;
    await run(path.join(venv, 'bin', 'pip'), ['install', '--no-cache-dir', requirement], {
      timeout: HANG_GUARD_MS,
    });

    // The example as an app's own script, away from the service's checkout (-I: nor its path).
    const script = path.join(mkdtempSync(path.join(work, 'shop-')), 'take_a_payment.py');
    copyFileSync(path.join(ROOT, 'sdk', 'python', 'examples', 'take_a_payment.py'), script);
    const { stdout } = await run(path.join(venv, 'bin', 'python'), ['-I', script], {
      cwd: path.dirname(script),
      env: {
        PATH: process.env.PATH,
        OI_PAYMENTS_URL: stack.apiUrl,
        OI_API_KEY: creds.key,
        OI_API_SECRET: creds.secret,
      },
      timeout: HANG_GUARD_MS,
    });
    expect(stdout).toContain('Checkout URL: ');
    expect(stdout).toMatch(/pay_\w+ is CREATED/);

    // The wheel installed the command line too.
    const help = await run(path.join(venv, 'bin', 'oi-payments'), ['--help']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(help).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('oi-payments listen --forward-to'),
    });
  }, 240_000);
});
