import { z } from 'zod';

/** `{ forMs: 60000 }` takes every API (tokens and checkout) away for a minute; `{ forMs: null }` ends it. */
export const setOutageSchema = z
  .object({
    forMs: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3_600_000)
      .nullable(),
  })
  .strict();

/**
 * A maintenance window on the simulator's clock: while it lasts every API call answers HTTP 503
 * with bKash's maintenance code. The hosted page stays up.
 */
export class Outage {
  private untilMs: number | null = null;

  constructor(private readonly now: () => number) {}

  set(forMs: number | null): void {
    this.untilMs = forMs === null ? null : this.now() + forMs;
  }

  isDown(): boolean {
    return this.untilMs !== null && this.now() < this.untilMs;
  }

  /** When the APIs answer again (on the simulator's clock), or null while they answer. */
  downUntil(): number | null {
    return this.isDown() ? this.untilMs : null;
  }

  snapshot(): { until: string | null } {
    return { until: this.isDown() && this.untilMs !== null ? new Date(this.untilMs).toISOString() : null };
  }

  /** When the APIs answer again: what outlives a restart (the outage itself holds a clock). */
  saved(): number | null {
    return this.untilMs;
  }

  restore(saved: unknown): void {
    if (saved !== null && typeof saved !== 'number') throw new Error('saved outage is not a time');
    this.untilMs = saved;
  }

  clear(): void {
    this.untilMs = null;
  }
}
