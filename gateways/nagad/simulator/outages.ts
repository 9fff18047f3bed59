import { z } from 'zod';

export const OUTAGE_APIS = ['initialize', 'complete', 'verify'] as const;
export type OutageApi = (typeof OUTAGE_APIS)[number];

const window = z
  .object({
    forMs: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3_600_000),
  })
  .strict()
  .nullable();

/** `{ verify: { forMs: 180000 } }` takes verify away for three minutes; null ends an outage. */
export const setOutagesSchema = z
  .object({ initialize: window.optional(), complete: window.optional(), verify: window.optional() })
  .strict();

/** Outages of Nagad's APIs, timed on the simulator's clock; while one lasts the API answers 503. */
export class OutageBook {
  private readonly until = new Map<OutageApi, number>();

  constructor(private readonly now: () => number) {}

  set(changes: z.infer<typeof setOutagesSchema>): void {
    for (const api of OUTAGE_APIS) {
      const change = changes[api];
      if (change === null) this.until.delete(api);
      else if (change) this.until.set(api, this.now() + change.forMs);
    }
  }

  isDown(api: OutageApi): boolean {
    const until = this.until.get(api);
    return until !== undefined && this.now() < until;
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.until].map(([api, until]) => [api, new Date(until).toISOString()]));
  }

  clear(): void {
    this.until.clear();
  }
}
