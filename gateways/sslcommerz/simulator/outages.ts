import { z } from 'zod';

/**
 * The gateway's server-side APIs a simulated outage can take away. `refund` is refund initiation
 * and the refund status query; they share the transaction query's URL, so a `query` outage takes
 * them away too, while a `refund` outage leaves the transaction query answering.
 */
export const OUTAGE_APIS = ['validation', 'query', 'session', 'refund'] as const;
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

/** `{ validation: { forMs: 180000 } }` takes the validation API away for three minutes; null ends it. */
export const setOutagesSchema = z
  .object(
    Object.fromEntries(OUTAGE_APIS.map((api) => [api, window.optional()])) as Record<
      OutageApi,
      z.ZodOptional<typeof window>
    >,
  )
  .strict();

/**
 * Outages of the gateway's APIs, for every store at once, timed on the simulator's clock (which
 * tests on Temporal's time-skipping server set to the server's time). While one lasts, the API
 * answers 503 as the real gateway does behind its load balancer.
 */
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
