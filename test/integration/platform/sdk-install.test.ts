import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { packNodeSdk } from '../../../scripts/sdk/pack.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

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

  it("installs by the guide's line into an app of its own and takes a payment", async () => {
    // The deployment's own address (the stack's PUBLIC_URL), not a laptop's.
    const url = await guideInstallUrl(stack.apiUrl);
    expect(url).toBe(`${stack.apiUrl}/sdk/node/${manifest.filename}`);
    writeFileSync(
      path.join(appDir, 'package.json'),
      JSON.stringify({ name: 'shop', version: '1.0.0', private: true }),
    );
    await run('npm', ['install', url, '--no-audit', '--no-fund'], {
      cwd: appDir,
      timeout: 180_000,
    });
    const lock = JSON.parse(readFileSync(path.join(appDir, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@oi-payments/node'].integrity).toBe(manifest.integrity);

    // The getting-started guide's SDK example, as an app's own script would run it.
    writeFileSync(
      path.join(appDir, 'pay.js'),
      `const { OiPayments } = require('@oi-payments/node');
const oi = new OiPayments({ baseUrl: process.env.OI_URL, apiKey: process.env.OI_KEY, apiSecret: process.env.OI_SECRET });
(async () => {
  const payment = await oi.payments.create({ amountMinor: 10000, customerReference: 'cust_123', productName: 'Pro plan' });
  const read = await oi.payments.retrieve(payment.reference);
  console.log(JSON.stringify({ reference: read.reference, status: read.status, checkoutUrl: payment.checkoutUrl }));
})().catch((error) => { console.error(error); process.exit(1); });
`,
    );
    const { stdout } = await run(process.execPath, ['pay.js'], {
      cwd: appDir,
      env: { PATH: process.env.PATH, OI_URL: stack.apiUrl, OI_KEY: creds.key, OI_SECRET: creds.secret },
      timeout: 60_000,
    });
    const paid = JSON.parse(stdout.trim()) as { reference: string; status: string; checkoutUrl: string };
    expect(paid.reference).toMatch(/^pay_[0-9a-z]{20}$/);
    expect(paid.status).toBe('CREATED');
    expect(paid.checkoutUrl).toContain(`/checkout/${paid.reference}`);
  }, 240_000);
});
