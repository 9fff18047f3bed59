import type { EntityManager } from '@mikro-orm/postgresql';
import type { CallTally, MinuteCounts } from '../../domain/gateway-health/call-tally.js';
import type { WindowCounts } from '../../domain/gateway-health/health-rules.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { Orm } from '../../platform/orm/orm.js';
import type { Row } from '../../platform/orm/row-values.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

/**
 * Gateway call outcomes per gateway, mode and minute (gateway_call_minutes). Each process adds
 * what its tally counted in one statement every few seconds: the write cost follows the number
 * of gateways and minutes, not the number of calls.
 */

/** Adds counted minutes to their rows, one statement for all of them. */
export async function addCallMinutes(em: EntityManager, counts: readonly MinuteCounts[]): Promise<void> {
  if (counts.length === 0) return;
  // Prepared: pg sends each array as one array value (the query builder would spread it).
  await executePrepared(
    em,
    `insert into gateway_call_minutes as m (gateway, mode, minute, ok, rejected, unavailable, protocol_errors, errors)
     select * from unnest(?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[])
     on conflict (gateway, mode, minute) do update set
       ok = m.ok + excluded.ok,
       rejected = m.rejected + excluded.rejected,
       unavailable = m.unavailable + excluded.unavailable,
       protocol_errors = m.protocol_errors + excluded.protocol_errors,
       errors = m.errors + excluded.errors`,
    [
      counts.map((c) => c.gateway),
      counts.map((c) => c.mode),
      counts.map((c) => c.minute.toISOString()),
      counts.map((c) => c.ok),
      counts.map((c) => c.rejected),
      counts.map((c) => c.unavailable),
      counts.map((c) => c.protocolErrors),
      counts.map((c) => c.errors),
    ],
  );
}

export interface CallMinuteWriter {
  /** Writes what was counted so far (also run every `everyMs`). */
  flush(): Promise<void>;
  /** Stops the timer and writes the rest. */
  close(): Promise<void>;
}

/**
 * Writes a process's tally every `everyMs`, off every request's path. A write that fails gives
 * its counts back to the tally for the next one; `onError` hears of it.
 */
export function startCallMinuteWriter(
  orm: Orm,
  tally: CallTally,
  everyMs: number,
  onError: (error: unknown) => void = () => undefined,
): CallMinuteWriter {
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    running = running.then(async () => {
      const counts = tally.drain();
      try {
        await addCallMinutes(orm.em.fork() as EntityManager, counts);
      } catch (error) {
        tally.restore(counts);
        onError(error);
      }
    });
    return running;
  };
  const timer = setInterval(() => void flush(), everyMs);
  timer.unref();
  return {
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/** The calls and failed calls of every gateway and mode since `from`. */
export async function windowCounts(
  em: EntityManager,
  from: Date,
): Promise<Map<string, WindowCounts & { gateway: string; mode: Mode }>> {
  const rows = await em.execute<Row[]>(
    `select gateway, mode,
            sum(ok + rejected + unavailable + protocol_errors + errors)::int as calls,
            sum(unavailable + protocol_errors + errors)::int as failures
       from gateway_call_minutes where minute >= ? group by gateway, mode`,
    [from],
  );
  return new Map(
    rows.map((row) => [
      `${String(row.gateway)}|${String(row.mode)}`,
      {
        gateway: String(row.gateway),
        mode: row.mode as Mode,
        calls: Number(row.calls),
        failures: Number(row.failures),
      },
    ]),
  );
}

/** Minutes older than `before` are of no further use to any window. */
export async function pruneCallMinutes(em: EntityManager, before: Date): Promise<void> {
  await em.execute('delete from gateway_call_minutes where minute < ?', [before]);
}
