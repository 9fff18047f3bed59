import { ApiError } from '../../domain/shared/errors.js';

/**
 * At most `concurrent` jobs run at once and `queued` wait; beyond that a job is refused with
 * 429 RATE_LIMITED at once, so a flood of sign-ins cannot pile up CPU-heavy hashing.
 */
export class BoundedWork {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: { concurrent: number; queued: number }) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrent) {
      if (this.waiting.length >= this.limits.queued) throw new ApiError('RATE_LIMITED');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
