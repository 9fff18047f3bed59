import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { pipeLines, say } from './output.js';
import { crashesInARow, restartDelayMs } from './restart-policy.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export class Managed {
  exitInfo: ExitInfo | null = null;
  stopRequested = false;
  readonly exited: Promise<ExitInfo>;
  private readonly lineListeners: Array<(line: string) => void> = [];

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      const settle = (info: ExitInfo) => {
        this.exitInfo ??= info;
        resolve(this.exitInfo);
      };
      child.once('exit', (code, signal) => settle({ code, signal }));
      // A command that cannot be spawned at all never emits 'exit'.
      child.once('error', (error) => settle({ code: null, signal: null, error }));
    });
  }

  /** Called with each line the process prints (stdout and stderr). */
  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  emitLine(line: string): void {
    for (const listener of this.lineListeners) listener(line);
  }

  describeExit(): string {
    const info = this.exitInfo;
    if (!info) return 'still running';
    if (info.error) return info.error.message;
    return info.signal ? `killed by ${info.signal}` : `exit code ${info.code}`;
  }

  /** The process runs in its own process group, so this reaches its children too. */
  killGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Starts the service's processes and stops them in reverse order. Each runs in its own process
 * group: Ctrl-C in the terminal reaches only the launcher, which then stops the apps before
 * Temporal and Temporal before the database they both depend on.
 */
export class ProcessSupervisor {
  private readonly running: Managed[] = [];
  private readonly restarts = new Set<NodeJS.Timeout>();
  private stopping = false;

  constructor(
    private readonly onUnexpectedExit: (process: Managed) => void,
    /** What the terminal shows for a line a process printed (null: nothing); every line by default. */
    private readonly shownLine: (line: string) => string | null = (line) => line,
  ) {}

  start(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    options: { quietWhileStopping?: boolean; restartOnCrash?: boolean } = {},
  ): Managed {
    if (this.stopping) throw new Error(`not starting ${name}: shutting down`);
    const launch = (crashes: number): Managed => {
      const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const managed = new Managed(name, child);
      const startedAt = Date.now();
      const muted = () => Boolean(options.quietWhileStopping && managed.stopRequested);
      const emit = (line: string) => managed.emitLine(line);
      pipeLines(child.stdout!, name, process.stdout, muted, emit, this.shownLine);
      pipeLines(child.stderr!, name, process.stderr, muted, emit, this.shownLine);
      this.running.push(managed);
      void managed.exited.then(() => {
        if (this.stopping || managed.stopRequested) return;
        if (!options.restartOnCrash) return this.onUnexpectedExit(managed);
        // A crashed app process comes back on its own, so a crash can be rehearsed with kill -9.
        managed.killGroup('SIGKILL');
        const inARow = crashesInARow(crashes, Date.now() - startedAt);
        const wait = restartDelayMs(inARow);
        say(`${name} stopped unexpectedly (${managed.describeExit()}); restarting in ${wait / 1000} s`);
        const timer = setTimeout(() => {
          this.restarts.delete(timer);
          if (this.stopping) return;
          this.running.splice(this.running.indexOf(managed), 1);
          launch(inARow);
        }, wait);
        this.restarts.add(timer);
      });
      return managed;
    };
    return launch(0);
  }

  async stopAll(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const timer of this.restarts) clearTimeout(timer);
    this.restarts.clear();
    for (const managed of [...this.running].reverse()) await this.stop(managed, graceMs);
  }

  /** Last resort when the launcher itself is exiting abruptly: nothing may outlive it. */
  killAllNow(): void {
    for (const managed of this.running) if (!managed.exitInfo) managed.killGroup('SIGKILL');
  }

  private async stop(managed: Managed, graceMs: number): Promise<void> {
    if (!managed.exitInfo) {
      managed.stopRequested = true;
      managed.child.kill('SIGINT');
      const timer = new AbortController();
      const stopped = await Promise.race([
        managed.exited.then(() => true),
        delay(graceMs, false, { signal: timer.signal }).catch(() => true),
      ]);
      timer.abort();
      if (!stopped) {
        say(`${managed.name} did not stop within ${graceMs / 1000} s; killing it`);
        managed.killGroup('SIGKILL');
        await managed.exited;
      }
    }
    // A wrapper (tsx) that exited must not leave the program it ran behind.
    managed.killGroup('SIGTERM');
  }
}
