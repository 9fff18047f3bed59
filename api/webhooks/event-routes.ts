import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAppEvent, listAppEvents, type AppEvent } from '../../db/webhooks/app-events.js';
import type { AppScope } from '../../db/payments/payments.js';
import { ApiError } from '../../domain/shared/errors.js';
import { eventRetentionCutoff } from '../../domain/webhooks/event-retention.js';
import { encodeTextCursor } from '../../domain/shared/list-cursor.js';
import { eventBody } from '../../activities/webhooks/event-body.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { sendData, sendList } from '../envelope.js';
import { eventIdParam, listEventsQuery } from './event-queries.js';
import { parseWith } from '../validation.js';

/** The body a webhook delivered for the event, and where its delivery to the app's endpoint stands. */
function eventView(event: AppEvent) {
  return { ...eventBody(event), deliveryStatus: event.deliveryStatus };
}

/**
 * /api/v1/events: every event the app was sent in its credential's mode, for the retention
 * window (EVENT_RETENTION_DAYS), so an app that missed deliveries can catch up on its own.
 */
export function eventRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const visibleFrom = () => eventRetentionCutoff(currentTime(deps), deps.config.EVENT_RETENTION_DAYS);

  router.get('/events', async (ctx) => {
    const query = parseWith(listEventsQuery, ctx.query);
    const result = await listAppEvents(
      em(),
      ctx.state.scope as AppScope,
      { ...query, types: query.type },
      visibleFrom(),
    );
    sendList(
      ctx,
      { items: result.items.map(eventView) },
      {
        page: query.page,
        size: query.size,
        totalItems: result.total,
        nextCursor: result.lastId === null ? null : encodeTextCursor(result.lastId),
      },
    );
  });

  router.get('/events/:id', async (ctx) => {
    const id = eventIdParam.safeParse(ctx.params.id);
    // Another app's or mode's event, or one past retention, is as absent as one never written.
    const event = id.success
      ? await findAppEvent(em(), ctx.state.scope as AppScope, id.data, visibleFrom())
      : null;
    if (!event) throw new ApiError('EVENT_NOT_FOUND');
    sendData(ctx, 200, eventView(event));
  });

  return router;
}
