// `npm test`: the type check, lint and the import-cycle check run beside the Jest suites instead of before them, at a lower
// CPU priority, in the time the suites spend waiting (a worker's activity timeout after a kill, a
// gateway's outage). Their output is held and printed when each ends; any failure fails the run.
// Arguments go to Jest (`npm test -- test/unit`).
//
// Everything runs on the service image's runtime, Node.js 24 (`.tools/node24`, which `npm install`
// puts there; TEST_NODE names another binary), Jest and every process a test starts (the CLI,
// `npm start`, the SDKs' commands) alike: its first in PATH. On the same suites it spends about a
// quarter less CPU than Node 20. Without it the suites run on this Node.js, said in one line.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LOWER_PRIORITY = 10;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE24 = path.join(ROOT, '.tools', 'node24', 'node_modules', 'node', 'bin', 'node');

/** The Node.js binary the run uses, and why. */
function testNode() {
  const named = process.env.TEST_NODE;
  if (named) return { binary: named, why: 'TEST_NODE' };
  if (existsSync(NODE24)) return { binary: NODE24, why: '.tools/node24' };
  return { binary: process.execPath, why: '.tools/node24 is missing (npm install puts it there)' };
}

const node = testNode();
const nodeVersion = execFileSync(node.binary, ['--version'], { encoding: 'utf8' }).trim();
console.log(`tests on Node.js ${nodeVersion} (${node.why})`);
const env = {
  ...process.env,
  PATH: `${path.dirname(node.binary)}${path.delimiter}${process.env.PATH ?? ''}`,
  // Node's on-disk cache of compiled modules, for every process the run starts: the CLI, the
  // service's processes and the checks compile the same modules dozens of times a run. Node checks
  // each entry against the source and its own version, so what runs is what would have run.
  NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.join(ROOT, '.cache', 'node-compile'),
};

/** Runs a command; resolves to its exit code, and its output when `quiet` holds it back. */
function run(command, args, { quiet = false, nice = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
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

const jest = await run(node.binary, [
  path.join(ROOT, 'node_modules', '.bin', 'jest'),
  ...process.argv.slice(2),
]);
const failedChecks = (await Promise.all(checks)).filter((check) => !check.passed).map((check) => check.name);
if (failedChecks.length > 0) console.log(`failed: ${failedChecks.join(', ')} (output above)`);
process.exit(jest.code !== 0 || failedChecks.length > 0 ? 1 : 0);
