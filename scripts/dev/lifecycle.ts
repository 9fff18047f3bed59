import { say } from './output.js';

/**
 * Stops the launcher exactly once, whatever asks first (a signal, a crashed process, a failed
 * start-up), and tells the entry point the exit code when everything is down.
 */
export class Lifecycle {
  readonly done: Promise<number>;
  private resolveDone!: (code: number) => void;
  private stopping = false;

  constructor(private readonly teardown: () => Promise<void>) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  stop(code: number, reason: string): void {
    if (this.stopping) return;
    this.stopping = true;
    say(reason);
    this.teardown().then(
      () => {
        say(code === 0 ? 'stopped' : 'stopped after a failure');
        this.resolveDone(code);
      },
      (error: unknown) => {
        say(`error while stopping: ${String(error)}`);
        this.resolveDone(code || 1);
      },
    );
  }
}
