import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { registerApp } from '../../db/apps/apps.js';
import { createOperator } from '../../db/operators/operators.js';
import { createOrm } from '../../platform/orm/orm.js';
import { ROOT } from '../bench/processes.js';
import { ChaosReceiver } from '../chaos/receiver.js';
import { PEPPER, startChaosStack, type ChaosStack } from '../chaos/stack.js';
import { signInOperator } from '../operator-session.js';

const TOOLS = path.join(ROOT, '.tools', 'schemathesis');
const FUZZER = path.join(TOOLS, 'bin', 'st');
const OPERATOR_PASSWORD = 'fuzz-admin-password-0123';

/**
 * Each pass signs in as an ADMIN of its own, created just before it. A pass may lock out every
 * operator it can see the way any user could (it lists operators and signs in as them with
 * generated passwords until their emails are throttled, suspends them, changes their roles): the
 * product doing its job must not end the passes after it.
 */
const operatorFor = (passIndex: number) => ({
  email: `fuzz-admin-${passIndex + 1}@oi-payments.local`,
  password: OPERATOR_PASSWORD,
});

export interface FuzzOptions {
  /** Generated cases per operation and phase (schemathesis --max-examples). */
  examples: number;
  seed: number;
}

export function readFuzzOptions(argv: string[]): FuzzOptions {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const examples = Number(value('--examples') ?? process.env.FUZZ_EXAMPLES ?? (quick ? 25 : 200));
  const seed = Number(value('--seed') ?? process.env.FUZZ_SEED ?? Date.now() % 100_000);
  if (!Number.isSafeInteger(examples) || examples < 1) throw new Error('--examples takes a whole number ≥ 1');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('--seed takes a whole number ≥ 0');
  return { examples, seed };
}

/** A second app, whose endpoint the fuzz may change. */
async function prepare(stack: ChaosStack): Promise<{ sandboxAppId: number }> {
  const orm = await createOrm({ databaseUrl: stack.databaseUrl, poolMax: 2 });
  let sandboxAppId: number;
  try {
    const em = orm.em.fork() as EntityManager;
    const sandbox = await registerApp(em, { name: 'fuzz-sandbox', displayName: 'Fuzz sandbox' }, PEPPER);
    sandboxAppId = sandbox.app.id;
  } finally {
    await orm.close();
  }
  return { sandboxAppId: sandboxAppId! };
}

async function addOperator(stack: ChaosStack, operator: { email: string; password: string }): Promise<void> {
  const orm = await createOrm({ databaseUrl: stack.databaseUrl, poolMax: 1 });
  try {
    await createOperator(orm.em.fork() as EntityManager, { ...operator, role: 'ADMIN' });
  } finally {
    await orm.close();
  }
}

function schemathesis(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(FUZZER, args, {
      stdio: 'inherit',
      env: { ...process.env, ...env, PYTHONPATH: TOOLS, SCHEMATHESIS_HOOKS: 'hooks' },
      // schemathesis.toml and hooks.py are found in the working directory.
      cwd: path.join(ROOT, 'scripts', 'fuzz'),
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * Passes in an order such that no pass takes away what the next one needs: the app API (before the admin
 * pass can suspend the app or revoke its credentials), the admin API without the operations that
 * end the session, then step-up and password change (wrong passwords end the session) and signing
 * out, each on its own.
 */
const ONLY_STATELESS = ['--phases', 'examples,coverage,fuzzing'];
const PASSES: Array<{ name: string; filter: string[] }> = [
  // The probes sit at the service's root, beside the /api/v1 the fuzzer is pointed at.
  { name: 'app API', filter: ['--exclude-tag', 'admin', '--exclude-tag', 'Health'] },
  {
    name: 'admin API',
    filter: [
      '--include-tag',
      'admin',
      '--exclude-operation-id-regex',
      '^(adminSignOut|adminStepUp|adminChangePassword)$',
    ],
  },
  { name: 'admin step-up', filter: ['--include-operation-id', 'adminStepUp', ...ONLY_STATELESS] },
  {
    name: 'admin password change',
    filter: ['--include-operation-id', 'adminChangePassword', ...ONLY_STATELESS],
  },
  { name: 'admin sign-out', filter: ['--include-operation-id', 'adminSignOut', ...ONLY_STATELESS] },
];

export async function runFuzz(options: FuzzOptions): Promise<number> {
  if (!existsSync(FUZZER)) {
    console.error(
      `schemathesis is not installed in ${path.relative(ROOT, TOOLS)}: run npm install (it needs python3 with pip)`,
    );
    return 2;
  }
  const receiver = new ChaosReceiver();
  await receiver.listen();
  const stack = await startChaosStack(receiver, path.join(ROOT, 'bench-results', 'fuzz-logs'));
  try {
    const { sandboxAppId } = await prepare(stack);
    const env: Record<string, string> = {
      OI_FUZZ_API_KEY: stack.credentials.key,
      OI_FUZZ_API_SECRET: stack.credentials.secret,
      OI_FUZZ_APP_ID: String(stack.appId),
      OI_FUZZ_SANDBOX_APP_ID: String(sandboxAppId),
      OI_FUZZ_ORIGIN: stack.apiUrl,
    };
    const failed: string[] = [];
    for (const [index, pass] of PASSES.entries()) {
      console.log(
        `\n=== fuzz: ${pass.name} (seed ${options.seed}, ${options.examples} examples per operation)`,
      );
      // Each pass starts signed in, with step-up fresh: the one before may have ended the session.
      await addOperator(stack, operatorFor(index));
      const admin = await signInOperator(stack.apiUrl, operatorFor(index));
      env.OI_FUZZ_SESSION = admin.token;
      env.OI_FUZZ_CSRF = admin.csrfToken;
      const code = await schemathesis(
        [
          'run',
          `${stack.apiUrl}/api/v1/openapi.json`,
          '--checks',
          'all',
          '--max-examples',
          String(options.examples),
          '--seed',
          String(options.seed),
          // One worker: hypothesis' source inspection is not thread-safe (internal errors with two).
          '--workers',
          '1',
          '--no-color',
          ...pass.filter,
        ],
        env,
      );
      if (code !== 0) failed.push(`${pass.name} (exit ${code})`);
    }
    console.log(failed.length === 0 ? '\nfuzz: 0 failures' : `\nfuzz: FAILED in ${failed.join(', ')}`);
    console.log(`service logs: ${path.relative(ROOT, stack.logDir)}/`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    await stack.teardown();
    await receiver.close();
  }
}
