/**
 * Which events a follower of the outbox has still to read. An event's created_at is taken before
 * its transaction commits, so one may appear after younger ones were read: each read reaches back
 * `lookbackMs` behind the newest event seen and leaves out the ids already seen there. Pure: the
 * caller reads and forwards.
 */
export interface EventWindow {
  /** Nothing written before this is read (the listener's start, or --since). */
  readonly since: Date;
  readonly lookbackMs: number;
  /** The newest created_at seen so far, or null before the first event. */
  newest: Date | null;
  /** Ids seen, with their created_at, as far back as the window reaches. */
  seen: Map<string, number>;
}

export function openWindow(since: Date, lookbackMs: number): EventWindow {
  return { since, lookbackMs, newest: null, seen: new Map() };
}

/** Where the next read starts. */
export function readFrom(window: EventWindow): Date {
  if (!window.newest) return window.since;
  const back = window.newest.getTime() - window.lookbackMs;
  return new Date(Math.max(window.since.getTime(), back));
}

/** The ids the next read leaves out. */
export function seenIds(window: EventWindow): string[] {
  return [...window.seen.keys()];
}

/**
 * Takes what a read returned: answers the events not seen before, in the order read, and moves
 * the window on (forgetting ids it no longer reaches).
 */
export function admit<T extends { id: string; createdAt: Date }>(window: EventWindow, events: T[]): T[] {
  const fresh = events.filter((event) => !window.seen.has(event.id));
  for (const event of fresh) {
    window.seen.set(event.id, event.createdAt.getTime());
    if (!window.newest || event.createdAt > window.newest) window.newest = event.createdAt;
  }
  const from = readFrom(window).getTime();
  for (const [id, at] of window.seen) if (at < from) window.seen.delete(id);
  return fresh;
}
