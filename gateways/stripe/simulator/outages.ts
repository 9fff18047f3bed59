import { z } from 'zod';

/** The API groups a simulated outage can take away; the hosted page stays up, as Stripe's edge usually does. */
export const OUTAGE_APIS = ['sessions', 'refunds'] as const;
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

/** `{ sessions: { forMs: 60000 } }` answers 503 to session calls for a minute; null ends it. */
export const setOutagesSchema = z
  .object(
    Object.fromEntries(OUTAGE_APIS.map((api) => [api, window.optional()])) as Record<
      OutageApi,
      z.ZodOptional<typeof window>
    >,
  )
  .strict();

/** Outages timed on the simulator's clock. */
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
