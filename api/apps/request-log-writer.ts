import type { EntityManager } from '@mikro-orm/postgresql';
import { insertRequestLogEntries, type RequestLogEntryDraft } from '../../db/apps/request-log.js';
import type { Logger } from '../../platform/config/logger.js';
import type { Orm } from '../../platform/orm/orm.js';

/** Entries held in memory at most; past it the oldest go, counted as dropped. */
export const REQUEST_LOG_BUFFER_LIMIT = 5000;
/** How often the buffer is written out; a full batch is written at once. */
export const REQUEST_LOG_FLUSH_MS = 1000;
const BATCH = 500;

export interface RequestLogWriter {
  /** Takes an entry into the buffer; never waits, never throws. */
  record(entry: RequestLogEntryDraft): void;
  /** Writes everything buffered now (the shutdown path, and tests that read at once). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
  /** Calls `listener` with the number of entries dropped each time some are. */
  onDropped(listener: (count: number) => void): void;
}

/**
 * The request log's writer: requests hand their entry to a bounded in-memory buffer and go on;
 * a timer writes the buffer in batches. A request never waits for the insert, and a failed insert
 * (the database away) loses that batch, logged, never the request. When the database cannot keep
 * up the buffer drops its oldest entries, counted in request_log_dropped_total.
 */
export function createRequestLogWriter(deps: {
  orm: Orm;
  logger: Logger;
  limit?: number;
  flushMs?: number;
}): RequestLogWriter {
  const limit = deps.limit ?? REQUEST_LOG_BUFFER_LIMIT;
  const listeners: Array<(count: number) => void> = [];
  let buffer: RequestLogEntryDraft[] = [];
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  const dropped = (count: number) => {
    for (const listener of listeners) listener(count);
  };

  const writeOut = async () => {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, BATCH);
      buffer = buffer.slice(BATCH);
      try {
        await insertRequestLogEntries(deps.orm.em.fork() as EntityManager, batch);
      } catch (error) {
        deps.logger.warn({ err: error, entries: batch.length }, 'request log batch not written');
        dropped(batch.length);
      }
    }
  };
  // One write at a time: a flush asked for while one is under way is queued once behind it, and
  // that one writes everything buffered by then.
  let queued = false;
  const flush = () => {
    if (!queued) {
      queued = true;
      writing = writing.then(() => {
        queued = false;
        return writeOut();
      });
    }
    return writing;
  };

  const timer = setInterval(() => void flush(), deps.flushMs ?? REQUEST_LOG_FLUSH_MS);
  // The log never keeps a process alive: shutdown flushes it on purpose.
  timer.unref();

  return {
    record(entry) {
      if (closed) return;
      buffer.push(entry);
      if (buffer.length > limit) {
        const excess = buffer.length - limit;
        buffer.splice(0, excess);
        dropped(excess);
      }
      if (buffer.length >= BATCH) void flush();
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
    onDropped(listener) {
      listeners.push(listener);
    },
  };
}
