/**
 * The event streams this API process holds open (GET /api/v1/events/stream): at most
 * `perApp` at a time for one app, so a runaway script cannot take the database's connections
 * with polls, and every one ended at shutdown, since a server closes only once its last
 * connection has.
 */
export interface EventStreamHub {
  /** Admits a stream for the app; null when the app already holds its most. */
  open(appId: number, close: () => void): { release: () => void } | null;
  /** Ends every open stream (the clients reconnect elsewhere with Last-Event-ID). */
  closeAll(): void;
  readonly size: number;
}

/** Enough for a developer's listener, a teammate's and a test run at once. */
export const EVENT_STREAMS_PER_APP = 5;

export function createEventStreamHub(perApp = EVENT_STREAMS_PER_APP): EventStreamHub {
  const byApp = new Map<number, Set<() => void>>();
  let closing = false;
  return {
    open(appId, close) {
      const held = byApp.get(appId) ?? new Set<() => void>();
      if (closing || held.size >= perApp) return null;
      held.add(close);
      byApp.set(appId, held);
      return {
        release() {
          held.delete(close);
          if (held.size === 0 && byApp.get(appId) === held) byApp.delete(appId);
        },
      };
    },
    closeAll() {
      closing = true;
      for (const held of [...byApp.values()]) for (const close of [...held]) close();
    },
    get size() {
      let total = 0;
      for (const held of byApp.values()) total += held.size;
      return total;
    },
  };
}
