import { z } from 'zod';

/**
 * Outages of a simulated gateway's APIs, timed on the simulator's clock (which tests on Temporal's
 * time-skipping server set to the server's time). While one lasts, that API answers 503.
 */

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

/** `{ <api>: { forMs: 180000 } }` takes that API away for three minutes; null ends its outage. */
export function outagesSchema<Api extends string>(apis: readonly Api[]) {
  return z
    .object(
      Object.fromEntries(apis.map((api) => [api, window.optional()])) as Record<
        Api,
        z.ZodOptional<typeof window>
      >,
    )
    .strict();
}

export type OutageChanges<Api extends string> = Partial<Record<Api, { forMs: number } | null>>;

export class OutageBook<Api extends string> {
  private readonly until = new Map<Api, number>();

  constructor(
    private readonly apis: readonly Api[],
    private readonly now: () => number,
  ) {}

  set(changes: OutageChanges<Api>): void {
    for (const api of this.apis) {
      const change = changes[api];
      if (change === null) this.until.delete(api);
      else if (change) this.until.set(api, this.now() + change.forMs);
    }
  }

  isDown(api: Api): boolean {
    const until = this.until.get(api);
    return until !== undefined && this.now() < until;
  }

  /** When a taken-away API answers again (on the simulator's clock), or null while it answers. */
  downUntil(api: Api): number | null {
    return this.isDown(api) ? (this.until.get(api) ?? null) : null;
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.until].map(([api, until]) => [api, new Date(until).toISOString()]));
  }

  /** When each taken-away API answers again: what outlives a restart (the book itself holds a clock). */
  saved(): Array<[Api, number]> {
    return [...this.until];
  }

  restore(saved: unknown): void {
    if (!Array.isArray(saved)) throw new Error('saved outages are not a list');
    this.until.clear();
    for (const [api, until] of saved as Array<[Api, number]>) {
      if (this.apis.includes(api) && typeof until === 'number') this.until.set(api, until);
    }
  }

  clear(): void {
    this.until.clear();
  }
}

/** A simulator's outages as its tester page's fault panel takes them away and gives them back. */
export function outagesOnPanel<Api extends string>(book: OutageBook<Api>, labels: Record<Api, string>) {
  const apis = Object.keys(labels) as Api[];
  return {
    apis: apis.map((api) => [api, labels[api]] as const),
    take: (api: string, forMs: number) => book.set({ [api]: { forMs } } as OutageChanges<Api>),
    restore: (api: string) => book.set({ [api]: null } as OutageChanges<Api>),
    downUntil: (api: string) => book.downUntil(api as Api),
    clear: () => book.clear(),
  };
}
