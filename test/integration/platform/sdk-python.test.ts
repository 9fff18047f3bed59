import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PYTHON_GENERATED_DIR, generatePythonSdk } from '../../../scripts/sdk/generate-python.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..', '..');
const python = join(root, '.tools', 'python-sdk', 'bin', 'python');

type Outcome = { code: number; output: string };

/** Runs the venv's python in the repository root; the exit code and everything printed, never a throw. */
async function runPython(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(python, args, { cwd: root, env, timeout: HANG_GUARD_MS });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message,
    };
  }
}

/** Every file under `dir` (bytecode aside), by its path inside `dir`, with its text. */
async function filesUnder(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || path.includes('__pycache__')) continue;
    files[relative(dir, path)] = await readFile(path, 'utf8');
  }
  return files;
}

describe('the Python SDK’s generated package', () => {
  it('is what `npm run sdk:generate:python` makes from the document the API builds today', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'oi-sdk-python-fresh-'));
    try {
      await generatePythonSdk(join(folder, '_generated'));
      // On a difference, run `npm run sdk:generate:python` and commit what it writes.
      expect(await filesUnder(PYTHON_GENERATED_DIR)).toEqual(await filesUnder(join(folder, '_generated')));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 180_000);
});

/**
 * The Python SDK (sdk/python) against the real service: its pytest suite and its example, run by
 * the venv `npm install` makes (.tools/python-sdk), with the variables the guides tell a reader to
 * set. A missing venv fails here: the SDK would otherwise go untested.
 */
describe('the Python SDK against the running service', () => {
  let stack: Stack;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    stack = await startStack();
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    env = {
      PATH: process.env.PATH,
      // The checkout's own sources, whichever checkout the editable install was made from.
      PYTHONPATH: join(root, 'sdk', 'python', 'src'),
      PYTHONDONTWRITEBYTECODE: '1',
      OI_PAYMENTS_URL: stack.apiUrl,
      OI_API_KEY: app.test.key,
      OI_API_SECRET: app.test.secret,
      OI_PAYMENT: paid.reference,
    };
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('has the venv npm install makes', () => {
    if (!existsSync(python)) {
      throw new Error(
        `${python} is missing: run \`node scripts/install-tools.mjs\` (npm install runs it) to make the Python SDK's venv`,
      );
    }
  });

  it('passes its pytest suite', async () => {
    const outcome = await runPython(
      ['-m', 'pytest', 'sdk/python/tests', '-q', '-p', 'no:cacheprovider'],
      env,
    );
    expect(outcome).toEqual({ code: 0, output: expect.stringMatching(/\d+ passed/) });
  }, 150_000);

  it('takes a payment with the example', async () => {
    const outcome = await runPython(['sdk/python/examples/take_a_payment.py'], env);
    expect(outcome).toEqual({ code: 0, output: expect.stringContaining('Checkout URL: ') });
    expect(outcome.output).toMatch(/pay_\w+ is CREATED/);
  }, 60_000);
});
