import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import type { AppScope } from '../../db/payments/payments.js';
import {
  eventsAfter,
  newestSettledPosition,
  positionOfEvent,
  type StreamedEvent,
  type StreamPosition,
} from '../../db/webhooks/event-stream.js';
import { ApiError } from '../../domain/shared/errors.js';
import { eventRetentionCutoff } from '../../domain/webhooks/event-retention.js';
import { eventBody } from '../../activities/webhooks/event-body.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { parseWith } from '../validation.js';
import { eventIdParam, streamEventsQuery } from './event-queries.js';
import type { EventStreamHub } from './event-stream-hub.js';
import { sseComment, sseEvent, sseRetry } from './sse-frames.js';

export interface EventStreamTiming {
  /** How often the stream asks the database for new events. */
  pollMs: number;
  /** A comment after this much silence, so proxies and load balancers keep the connection. */
  heartbeatMs: number;
}

const DEFAULT_TIMING: EventStreamTiming = { pollMs: 1_000, heartbeatMs: 15_000 };
const BATCH = 100;

/** Where the stream starts: after the event the client names, else after the newest one now. */
async function startPosition(
  em: EntityManager,
  scope: AppScope,
  after: string | undefined,
  visibleFrom: Date,
): Promise<StreamPosition | null> {
  if (after === undefined) return newestSettledPosition(em, scope);
  // Another app's or mode's event, or one past retention, names no place in this stream.
  const position = await positionOfEvent(em, scope, after, visibleFrom);
  if (!position) throw new ApiError('EVENT_NOT_FOUND', 'No such event to go on after in this app and mode');
  return position;
}

/** The Last-Event-ID header, when the client sent one; an id of ours or nothing. */
function lastEventId(ctx: Context): string | undefined {
  const header = ctx.get('Last-Event-ID').trim();
  if (!header) return undefined;
  const parsed = eventIdParam.safeParse(header);
  if (!parsed.success) throw new ApiError('EVENT_NOT_FOUND', 'Last-Event-ID names no event of this stream');
  return parsed.data;
}

/**
 * GET /api/v1/events/stream: the app's TEST events as server-sent events, each the body its
 * webhook delivers, with the event id as the SSE id. Resumable: a client that sends the last id it
 * took (Last-Event-ID, or ?after=) gets every event after it, none skipped (at least once: the
 * last one before a cut may come again, with its same id). Events are read from the outbox by
 * polling (a trigger's NOTIFY would cost every event's write for a development tool), only once
 * their transaction is settled (db/webhooks/event-stream.ts). TEST only: a laptop never receives
 * live customers' data.
 */
export function eventStreamRoutes(
  deps: RouteDeps,
  hub: EventStreamHub,
  timing: EventStreamTiming = DEFAULT_TIMING,
): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const visibleFrom = () => eventRetentionCutoff(currentTime(deps), deps.config.EVENT_RETENTION_DAYS);

  router.get('/events/stream', async (ctx) => {
    const scope = ctx.state.scope as AppScope;
    if (scope.mode !== 'TEST') throw new ApiError('EVENT_STREAM_TEST_ONLY');
    const query = parseWith(streamEventsQuery, ctx.query);
    const types = query.type;
    let position = await startPosition(em(), scope, lastEventId(ctx) ?? query.after, visibleFrom());

    let open = true;
    const stopped = new AbortController();
    // Written straight to the response, not piped by Koa: a client that goes away is how every
    // stream ends, not an error to report.
    const res = ctx.res;
    const end = () => {
      if (!open) return;
      open = false;
      stopped.abort();
      res.end();
    };
    const admitted = hub.open(scope.appId, end);
    if (!admitted) throw new ApiError('EVENT_STREAM_LIMIT');
    res.once('close', end);

    ctx.respond = false;
    ctx.status = 200;
    ctx.type = 'text/event-stream';
    ctx.set('Cache-Control', 'no-cache, no-transform');
    // nginx would otherwise buffer the stream until its buffer fills.
    ctx.set('X-Accel-Buffering', 'no');
    res.flushHeaders();

    let lastWrite = Date.now();
    const write = async (frame: string) => {
      if (!open) return;
      lastWrite = Date.now();
      if (!res.write(frame)) await once(res, 'drain', { signal: stopped.signal }).catch(() => {});
    };

    void (async () => {
      try {
        await write(sseRetry(2_000));
        // The position the stream starts from, as an id the client can resume after before any
        // event came (none when the app has no event yet).
        await write(
          sseEvent({
            id: position?.eventId ?? null,
            event: 'ready',
            data: JSON.stringify({ appId: scope.appId, mode: scope.mode, after: position?.eventId ?? null }),
          }),
        );
        let failing = false;
        while (open) {
          let batch: StreamedEvent[];
          try {
            batch = await eventsAfter(em(), scope, {
              after: position,
              visibleFrom: visibleFrom(),
              types,
              limit: BATCH,
            });
            failing = false;
          } catch (error) {
            // A database restarting is waited out; the client keeps its connection.
            if (!failing)
              deps.logger.warn({ err: error, appId: scope.appId }, 'event stream cannot read events');
            failing = true;
            batch = [];
          }
          for (const event of batch) {
            if (!open) break;
            await write(
              sseEvent({ id: event.id, event: event.type, data: JSON.stringify(eventBody(event)) }),
            );
            position = event.position;
          }
          if (batch.length === BATCH) continue;
          if (Date.now() - lastWrite >= timing.heartbeatMs) await write(sseComment('heartbeat'));
          await sleep(timing.pollMs, undefined, { signal: stopped.signal }).catch(() => {});
        }
      } catch (error) {
        deps.logger.warn({ err: error, appId: scope.appId }, 'event stream ended by an error');
        end();
      } finally {
        admitted.release();
      }
    })();
  });

  return router;
}
