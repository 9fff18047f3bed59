import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Libraries only some steps use (spreadsheets, PDFs, images, QR codes, email, guides, migrations,
 * trace export, Stripe's SDK, forge's RSA padding, SFTP) load with their first use. Loaded by every
 * process, they would cost each API process, worker and test file start-up time, and the worker
 * resident memory.
 */
const LOADED_ON_FIRST_USE = [
  'pdfkit',
  'sharp',
  'qrcode',
  'nodemailer',
  'markdown-it',
  '@mikro-orm/migrations',
  '@opentelemetry/exporter-trace-otlp-http',
  'stripe',
  'node-forge',
  'ssh2-sftp-client',
  'ssh2',
];

describe('start-up modules', () => {
  it('the API, the worker, their activities, the simulators and SFTP delivery load none of the libraries used on demand', async () => {
    const script = `
      require('./api/app.ts');
      require('./worker/create-worker.ts');
      require('./activities/index.ts');
      require('./gateways/simulator-kit/host.ts');
      require('./gateways/simulator-kit/mounts.ts');
      require('./platform/sftp/sftp-upload.ts');
      const loaded = new Set();
      for (const file of Object.keys(require.cache)) {
        const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
        if (match) loaded.add(match[1]);
      }
      console.log(JSON.stringify([...loaded]));`;
    const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const loaded = JSON.parse(stdout.trim().split('\n').pop()!) as string[];
    expect(loaded).toContain('@mikro-orm/core');
    expect(loaded.filter((name) => LOADED_ON_FIRST_USE.includes(name))).toEqual([]);
  });

  it("the API, the worker and their activities load no simulator's code", async () => {
    const script = `
      require('./api/app.ts');
      require('./worker/create-worker.ts');
      require('./activities/index.ts');
      const root = process.cwd() + '/';
      console.log(JSON.stringify(Object.keys(require.cache).filter((file) => !file.includes('/node_modules/')).map((file) => file.slice(root.length))));`;
    const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const loaded = JSON.parse(stdout.trim().split('\n').pop()!) as string[];
    expect(loaded).toContain('gateways/payouts/registry.ts');
    expect(loaded.filter((file) => /(^|\/)simulator(-kit)?\//.test(file))).toEqual([]);
  });
});
