import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

interface Stack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * A clone of this checkout's HEAD (`git worktree add --detach`), as a second developer's clone on
 * the same machine: its own files, the installed node_modules and .tools linked in (no install).
 */
async function cloneAt(dir: string): Promise<string> {
  await run('git', ['-C', ROOT, 'worktree', 'add', '--detach', '--quiet', dir, 'HEAD']);
  for (const shared of ['node_modules', '.tools']) {
    if (existsSync(path.join(ROOT, shared)))
      symlinkSync(path.join(ROOT, shared), path.join(dir, shared), 'dir');
  }
  return dir;
}

/**
 * `npm start` in a clone, in a network namespace of its own (`unshare --net`, loopback only), with
 * its default ports and its default data directory (`.data/` in the clone: no DATA_DIR). Its own
 * session, so SIGINT to the group is Ctrl-C in its terminal.
 */
function npmStart(clone: string): Stack {
  const child = spawn('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up && exec npm start'], {
    cwd: clone,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // On 'close', once its output is all read: at 'exit' the last lines ("stopped") may still be in the pipe.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function upOrExited(stack: Stack, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stack.output().includes('OI Payments is up')) {
    if (stack.child.exitCode !== null) throw new Error(`npm start exited:\n${stack.output()}`);
    if (Date.now() > deadline) throw new Error(`npm start was not up in time:\n${stack.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function stop(stack: Stack): Promise<void> {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  process.kill(-stack.child.pid!, 'SIGINT');
  await stack.exited;
}

/**
 * Two clones' `npm start` on one machine, each in its own network namespace with the default
 * ports and its default `.data/`: both come up (their embedded PostgreSQL servers keep socket,
 * lock and cluster under their own clone's `.data/`, none in the shared /tmp), and a second start
 * in a clone whose stack runs stops at once, saying why and what to do. Network namespaces need
 * root, as CI runs. The clones are of HEAD: what is committed is what runs.
 */
describe('two clones running npm start side by side', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'oi-two-clones-'));
  // As root the embedded PostgreSQL runs as the `postgres` user, who must reach the data directories.
  chmodSync(workDir, 0o755);
  const clones = [path.join(workDir, 'first'), path.join(workDir, 'second')];
  const stacks: Stack[] = [];

  afterAll(async () => {
    await Promise.all(stacks.map(stop));
    for (const clone of clones) {
      await run('git', ['-C', ROOT, 'worktree', 'remove', '--force', clone]).catch(() => undefined);
    }
    rmSync(workDir, { recursive: true, force: true });
    await run('git', ['-C', ROOT, 'worktree', 'prune']).catch(() => undefined);
  }, 60_000);

  it('runs both, on the same ports, in two network namespaces, each on its own .data/', async () => {
    if (process.getuid?.() !== 0) throw new Error('needs root: `unshare --net` makes the network namespaces');
    for (const clone of clones) await cloneAt(clone);
    stacks.push(npmStart(clones[0]!), npmStart(clones[1]!));
    await Promise.all(stacks.map((stack) => upOrExited(stack, 240_000)));
    const ports = stacks.map(
      (stack) => /PostgreSQL ready on 127\.0\.0\.1:(\d+)/.exec(stack.output())?.[1] ?? 'none',
    );
    expect(ports[0]).toMatch(/^\d+$/);
    expect(ports[1]).toBe(ports[0]);
    for (const [index, stack] of stacks.entries()) {
      const cluster = path.join(clones[index]!, '.data', 'postgres');
      // Socket, its lock and the server's own lock under the clone's own .data/, not in the shared /tmp.
      expect({
        socketLock: existsSync(path.join(cluster, `.s.PGSQL.${ports[index]}.lock`)),
        serverLock: existsSync(path.join(cluster, 'postmaster.pid')),
      }).toEqual({ socketLock: true, serverLock: true });
      expect(stack.output()).toContain(`data in ${cluster}`);
      // Each API answers inside its own namespace (curl -f: a 2xx, or it throws).
      await run('nsenter', [
        `--net=/proc/${stack.child.pid}/ns/net`,
        'curl',
        '-fsS',
        'http://127.0.0.1:8080/health',
      ]);
    }
    expect(existsSync(`/tmp/.s.PGSQL.${ports[0]}.lock`)).toBe(false);
  }, 300_000);

  it('stops a second start in a clone whose stack runs at once, with one line naming the cause and the fix', async () => {
    const third = npmStart(clones[0]!);
    stacks.push(third);
    const code = await third.exited;
    expect(code).not.toBe(0);
    const lines = third.output().split('\n');
    expect(lines.filter((line) => line.includes('already running on'))).toEqual([
      expect.stringMatching(
        /npm start is already running on .*first\/\.data \(pid \d+\); stop it, or give this one its own data directory \(e\.g\. DATA_DIR=\.data-2 npm start\)/,
      ),
    ]);
  }, 120_000);

  it('stops both cleanly on Ctrl-C', async () => {
    for (const stack of stacks.slice(0, 2)) {
      await stop(stack);
      expect(stack.output()).toMatch(/^start +\| stopped$/m);
    }
  }, 60_000);
});
