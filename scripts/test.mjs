// `npm test`: the type check, lint and the import-cycle check run beside the Jest suites instead of before them, at a lower
// CPU priority, in the time the suites spend waiting (a worker's activity timeout after a kill, a
// gateway's outage). Their output is held and printed when each ends; any failure fails the run.
// Arguments go to Jest (`npm test -- test/unit`).
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

const LOWER_PRIORITY = 10;

/** Runs a command; resolves to its exit code, and its output when `quiet` holds it back. */
function run(command, args, { quiet = false, nice = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (nice) setPriority(child.pid, LOWER_PRIORITY);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n`, started }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, started }));
  });
}

const checks = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  // No import cycle, type-only ones included: every file can be read before the files that use it.
  ['import cycles', 'npm', ['run', '--silent', 'cycles']],
].map(async ([name, command, args]) => {
  const { code, output, started } = await run(command, args, { quiet: true, nice: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (code === 0) {
    console.log(`${name}: passed in ${seconds} s`);
  } else {
    console.log(`${name}: FAILED in ${seconds} s\n${output}`);
  }
  return { name, passed: code === 0 };
});

const jest = await run('node_modules/.bin/jest', process.argv.slice(2));
const failedChecks = (await Promise.all(checks)).filter((check) => !check.passed).map((check) => check.name);
if (failedChecks.length > 0) console.log(`failed: ${failedChecks.join(', ')} (output above)`);
process.exit(jest.code !== 0 || failedChecks.length > 0 ? 1 : 0);
