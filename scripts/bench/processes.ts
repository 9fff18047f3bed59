import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { serviceNode } from './service-node.js';

export const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A child process the benchmark started; its output goes to a log file, never to the table. */
export interface Child {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** The process doing the work: for tsx, the node process tsx spawned; otherwise the child itself. */
  workPid: number;
  exited: boolean;
}

export function spawnChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logDir: string,
  /** Another checkout of the service (a previous release's tree) runs from its own folder. */
  cwd = ROOT,
): Omit<Child, 'workPid'> {
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // Its own process group, so teardown can reach whatever the child spawned (tsx's node).
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Two sources into one file: neither may end it, the child's exit does.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('close', () => log.end());
  const handle = { name, process: child, logFile, exited: false };
  child.once('exit', () => {
    handle.exited = true;
  });
  return handle;
}

/** `tsx <entry>`, resolved to the node process that runs the entry (tsx's own is only a relay). */
/**
 * One of the service's entry points as production runs it: the compiled JavaScript in dist/ (and,
 * for the worker, the workflow bundle `npm run build` wrote), without a TypeScript loader.
 */
export async function spawnCompiled(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  nodeArgs: string[] = [],
): Promise<Child> {
  const compiled = path.join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'));
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run \`npm run build\` first`);
  const child = spawnChild(name, serviceNode(ROOT).path, [...nodeArgs, compiled], env, logDir);
  // The worker runs itself again with a bounded heap (worker/bounded-heap.ts): that child does the work.
  // The handle itself, not a copy: its `exited` is set when the process exits.
  return Object.assign(child, {
    workPid: (await settledNodeDescendant(child.process.pid!)) ?? child.process.pid!,
  });
}

/**
 * The deepest node process under `root` once no deeper one has appeared for a while: an entry
 * that relaunches itself (the worker, for its heap flags) is measured in the process that works.
 */
async function settledNodeDescendant(root: number, quietMs = 1_000): Promise<number | null> {
  let found = deepestNodeDescendant(root);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await sleep(50);
    const now = deepestNodeDescendant(root);
    if (now !== found) {
      found = now;
      since = Date.now();
    }
  }
  return found;
}

export async function spawnTsx(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  nodeArgs: string[] = [],
  cwd = ROOT,
): Promise<Child> {
  const child = spawnChild(name, TSX, [...nodeArgs, entry], env, logDir, cwd);
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exited) throw new Error(`${name} exited at start; see ${child.logFile}`);
    const node = deepestNodeDescendant(child.process.pid!);
    if (node !== null)
      // The handle itself, not a copy: its `exited` is set when the process exits.
      return Object.assign(child, { workPid: (await settledNodeDescendant(child.process.pid!)) ?? node });
    if (Date.now() > deadline) {
      // Not yet handed to the caller's teardown: left running, it would keep the bench alive.
      await stopChild(child);
      throw new Error(`${name}: tsx did not start its node process`);
    }
    await sleep(50);
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * Whether a process runs Node: by the program it was started as. Its command name does not tell
 * (Node 24 names its main thread, and so the process, `MainThread`).
 */
function isNode(pid: number): boolean {
  try {
    const program = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return path.basename(program) === 'node';
  } catch {
    return false;
  }
}

export function listPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/**
 * The process doing a child's work now: its deepest node descendant. Read again once the child
 * is known to work, a relaunch that took longer than `settledNodeDescendant`'s quiet second (a
 * slow machine loading modules before relaunching) is then measured in the right process.
 */
export function currentWorkPid(child: Pick<Child, 'process' | 'workPid'>): number {
  return deepestNodeDescendant(child.process.pid!) ?? child.workPid;
}

function deepestNodeDescendant(root: number): number | null {
  const children = new Map<number, number[]>();
  for (const pid of listPids()) {
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  let current = root;
  let found: number | null = null;
  for (;;) {
    const next = (children.get(current) ?? []).find(isNode);
    if (next === undefined) return found;
    found = next;
    current = next;
  }
}

/**
 * SIGTERM to the child alone (tsx relays it once to its node process; a second copy would skip
 * the graceful handler), then SIGKILL to the whole group for anything still there.
 */
export async function stopChild(
  child: Pick<Child, 'name' | 'process' | 'exited'>,
  graceMs = 12_000,
): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined || child.exited) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  // A timer cleared once the child exits: a pending one would keep the caller's process alive.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) console.warn(`${child.name} did not stop within ${graceMs} ms; killing it`);
  try {
    // Also reaches a grandchild left behind by a relay that exited first.
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
  if (timedOut) await Promise.race([exited, sleep(2_000)]);
}
