import { spawn } from 'node:child_process';

/**
 * The worker's heap flags: a 128 MB old space and 2 MB semi-spaces. With V8's default limit the
 * worker keeps garbage it has no reason to collect (about 1 GB with 10,000 open payments); with
 * these it stays under 250 MB, and each scavenge is cheaper. The flags hold for both of its
 * isolates (the main thread and the workflow thread): 2 MB semi-spaces against 4 took the worker
 * from 252.9 to 248.3 MB with 10,000 checkouts open, at the same CPU per lifecycle (decision 0027). Under tsx the loader's transform cache
 * needs more room (128 MB runs out), so the sources get more.
 */
export function workerHeapFlags(compiled: boolean): string[] {
  return [`--max-old-space-size=${compiled ? 128 : 384}`, '--max-semi-space-size=2'];
}

/**
 * glibc's allocator settings for the worker (decision 0027). glibc gives each thread that
 * allocates at once an arena of its own, up to 8 per core, and keeps their freed pages; the
 * worker's native threads (Temporal's core, libuv, V8's helpers) fill them. One arena, and blocks
 * of 128 KB or more mapped on their own and returned when freed (with the heap's free top given
 * back from 128 KB): glibc otherwise raises its mapping threshold each time a large block is
 * freed, so the histories Temporal's core decodes while open payments wake for their checks land
 * in the heap and stay there, fragmented. An operator's own MALLOC_ARENA_MAX or GLIBC_TUNABLES
 * stands.
 */
export const WORKER_GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072';

export function workerAllocatorEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '1',
    GLIBC_TUNABLES: env.GLIBC_TUNABLES ?? WORKER_GLIBC_TUNABLES,
  };
}

/** Marks the relaunched process, which ends with its relay. */
const RELAUNCHED = 'OI_WORKER_RELAUNCHED';

/** Whether node was started with a heap limit (its own flags or NODE_OPTIONS): the operator's choice stands. */
export function heapLimitGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) =>
    flag.startsWith('--max-old-space-size'),
  );
}

/**
 * Runs the worker's entry (`entryFile`, compiled or TypeScript) in a child node process with the
 * heap flags, when node was started without a limit: a heap limit can only be set when a process
 * starts. Returns true when the child runs the worker (this process then only relays signals and
 * the exit), false when this process is to run it.
 */
export function relaunchWithBoundedHeap(entryFile: string): boolean {
  if (heapLimitGiven(process.execArgv, process.env.NODE_OPTIONS)) {
    // Relaunched: a relay killed outright (SIGKILL, a crash) must not leave its worker running.
    if (process.env[RELAUNCHED] === '1' && process.channel) {
      process.on('disconnect', () => process.exit(1));
      process.channel.unref();
    }
    return false;
  }
  const compiled = entryFile.endsWith('.js');
  // The sources need tsx in the child too, unless node already loads it (the tsx command line).
  const tsx = compiled || process.execArgv.some((arg) => arg.includes('tsx')) ? [] : ['--require', 'tsx/cjs'];
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...workerHeapFlags(compiled), ...tsx, entryFile, ...process.argv.slice(2)],
    // The IPC channel closes when this process ends however it ends: the child follows it.
    {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...workerAllocatorEnv(process.env), [RELAUNCHED]: '1' },
    },
  );
  // The child is the worker: signals go to it, and its end is this process's end.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
  return true;
}
