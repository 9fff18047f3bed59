import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs one of the package's commands with exactly these settings (nothing of the machine's leaks in). */
export function npmRun(script: string, env: Record<string, string>, timeoutMs = 90_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      'npm',
      ['run', '--silent', script],
      { cwd: ROOT, env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env }, timeout: timeoutMs },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}
