import { spawn } from 'node:child_process';
import path from 'node:path';
import { hangGuardDeadline, noteSlowWait } from './patience.js';
import { developmentStackProof } from './config-env.js';
import { TEST_PEPPER, TEST_SEALING_KEYS } from './stack-secrets.js';
import { compiledEntry } from './compiled-tree.js';
import { requireEnv, testEnv } from './test-env.js';

const ROOT = path.resolve(__dirname, '..', '..');

/** The command line `npm run cli -- <args>` runs: node, and the CLI through scripts/start.cjs. */
export function cliCommandLine(args: string[]): [string, string[]] {
  return [process.execPath, ['scripts/start.cjs', 'scripts/cli', ...args]];
}

/**
 * The CLI as a test runs it: the same entry, compiled once for the run as `npm run build` compiles
 * it, instead of through tsx in every process (about a second of CPU less each).
 */
function compiledCliCommandLine(args: string[]): [string, string[]] {
  return [process.execPath, [compiledEntry('scripts/cli'), ...args]];
}

/** The CLI's environment: this process's, the test database and secrets, and then `env`. */
export function cliEnvironment(env: Record<string, string | undefined> = {}) {
  return {
    ...process.env,
    DATABASE_URL: requireEnv(testEnv.databaseUrl),
    CREDENTIAL_PEPPER: TEST_PEPPER,
    SEALING_KEYS: TEST_SEALING_KEYS,
    ...developmentStackProof(),
    ...env,
  };
}

/**
 * The operator CLI, run as `npm run cli -- …` runs it, against the test database, with `stdin`
 * piped in (a password) and any extra environment (the Temporal a command reaches).
 */
export function runCli(args: string[], stdin: string | null, env: Record<string, string | undefined> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(...compiledCliCommandLine(args), {
      cwd: ROOT,
      // As the test stack: a second factor only for operators a test enrols.
      env: cliEnvironment({ OPERATOR_SECOND_FACTOR: 'optional', ...env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/**
 * A long-running CLI command (`listen`), started as `runCli` starts one: its output so far, a wait
 * for a line of it, and a stop by signal (Ctrl-C) that resolves to the exit code.
 */
export function startCli(args: string[], env: Record<string, string | undefined> = {}) {
  const child = spawn(...compiledCliCommandLine(args), {
    cwd: ROOT,
    env: cliEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    /** The first match of `pattern` in stdout, once it appears (a quiet machine: within `expectedMs`). */
    async waitFor(pattern: RegExp, expectedMs = 30_000): Promise<RegExpMatchArray> {
      const startedAt = Date.now();
      const deadline = hangGuardDeadline(expectedMs);
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) {
          noteSlowWait(`${pattern} in the CLI's output`, expectedMs, startedAt);
          return match;
        }
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`no ${pattern} in the CLI's output:\n${stdout}\n${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
