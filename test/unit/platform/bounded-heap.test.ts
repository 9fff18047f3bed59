import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { heapLimitGiven, workerHeapFlags } from '../../../worker/bounded-heap.js';
import { hangGuardDeadline } from '../../helpers/patience.js';

const run = promisify(execFile);
const MB = 1024 * 1024;

describe('the worker’s bounded heap', () => {
  it('keeps a heap limit the operator gave, in node’s flags or NODE_OPTIONS', () => {
    expect(heapLimitGiven(['--max-old-space-size=512'], undefined)).toBe(true);
    expect(heapLimitGiven([], '--enable-source-maps --max-old-space-size=256')).toBe(true);
    expect(heapLimitGiven(['--enable-source-maps'], '--max-semi-space-size=4')).toBe(false);
    expect(heapLimitGiven([], undefined)).toBe(false);
  });

  it('gives compiled code 128 MB of old space and the sources more', () => {
    expect(workerHeapFlags(true)).toEqual(['--max-old-space-size=128', '--max-semi-space-size=2']);
    expect(workerHeapFlags(false)[0]).toBe('--max-old-space-size=384');
  });

  /** An entry that relaunches itself as the worker's does, then reports its heap limit and exits 3. */
  function entry(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'bounded-heap-'));
    const file = path.join(dir, 'entry.ts');
    const module = path.resolve(__dirname, '..', '..', '..', 'worker', 'bounded-heap.ts');
    writeFileSync(
      file,
      `import { getHeapStatistics } from 'node:v8';
       import { relaunchWithBoundedHeap } from ${JSON.stringify(module)};
       if (!relaunchWithBoundedHeap(__filename)) {
         console.log(JSON.stringify({ limit: getHeapStatistics().heap_size_limit, arenas: process.env.MALLOC_ARENA_MAX ?? null, tunables: process.env.GLIBC_TUNABLES ?? null }));
         process.exit(3);
       }`,
    );
    return file;
  }

  /** Runs entry() with no heap flags: it relaunches itself and reports from the relaunched process. */
  async function relaunched(
    env: NodeJS.ProcessEnv,
  ): Promise<{ limit: number; arenas: string | null; tunables: string | null }> {
    const failure = await run(process.execPath, ['--require', 'tsx/cjs', entry()], {
      env: { ...env, NODE_OPTIONS: '' },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure.code).toBe(3);
    return JSON.parse(failure.stdout) as { limit: number; arenas: string | null; tunables: string | null };
  }

  it('runs the entry again with the flags and one malloc arena mapping large blocks apart, and ends with its exit code', async () => {
    const { MALLOC_ARENA_MAX: _unset, GLIBC_TUNABLES: _unsetToo, ...env } = process.env;
    const report = await relaunched(env);
    expect(report.arenas).toBe('1');
    expect(report.tunables).toBe('glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072');
    // 384 MB of old space plus the young generation, against V8's default of 2 GB or more here.
    expect(report.limit).toBeGreaterThan(384 * MB);
    expect(report.limit).toBeLessThan(450 * MB);
  });

  it("keeps the operator's arena count and tunables", async () => {
    const report = await relaunched({
      ...process.env,
      MALLOC_ARENA_MAX: '4',
      GLIBC_TUNABLES: 'glibc.malloc.tcache_count=0',
    });
    expect(report).toMatchObject({ arenas: '4', tunables: 'glibc.malloc.tcache_count=0' });
  });

  it('runs in place when a limit was given', async () => {
    const failure = await run(
      process.execPath,
      // Both sizes: Node 24's young generation alone would add 192 MB to the limit.
      ['--max-old-space-size=200', '--max-semi-space-size=4', '--require', 'tsx/cjs', entry()],
      {
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure.code).toBe(3);
    const report = JSON.parse(failure.stdout) as { limit: number };
    expect(report.limit).toBeLessThan(260 * MB);
    expect(report.limit).toBeGreaterThan(200 * MB);
  });

  it('ends the relaunched worker when its relay is killed outright', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bounded-heap-'));
    const file = path.join(dir, 'entry.ts');
    const module = path.resolve(__dirname, '..', '..', '..', 'worker', 'bounded-heap.ts');
    writeFileSync(
      file,
      `import { relaunchWithBoundedHeap } from ${JSON.stringify(module)};
       if (!relaunchWithBoundedHeap(__filename)) {
         console.log(process.pid);
         setInterval(() => undefined, 1000);
       }`,
    );
    const relay = spawn(process.execPath, ['--require', 'tsx/cjs', file], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const workerPid = await new Promise<number>((resolve) =>
      relay.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    expect(alive(workerPid)).toBe(true);
    relay.kill('SIGKILL');
    const deadline = hangGuardDeadline(10_000);
    while (alive(workerPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(workerPid)).toBe(false);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
