import type { EntityManager } from '@mikro-orm/postgresql';
import {
  appNamesOf,
  findRequestLogEntryById,
  listRequestLog,
  type RequestLogEntry,
} from '../../../db/apps/request-log.js';
import { requestLogCutoff } from '../../../domain/apps/request-log.js';
import { encodeCursor } from '../../../domain/shared/list-cursor.js';
import { requestLogEntryView } from '../../apps/request-log-view.js';
import { currentTime, type RouteDeps } from '../../deps.js';
import type { AdminRequestLogQuery } from './schemas.js';

/** The request log as the JSON API and the dashboard both show it: the app's view plus whose. */

export function adminRequestLogView(entry: RequestLogEntry, appName: string) {
  return { id: entry.id, appId: entry.appId, appName, ...requestLogEntryView(entry) };
}

export type AdminRequestLogView = ReturnType<typeof adminRequestLogView>;

const em = (deps: RouteDeps) => deps.orm.em.fork() as EntityManager;
const nameOr = (names: Map<number, string>, appId: number) => names.get(appId) ?? `app ${appId}`;

export async function adminRequestLog(deps: RouteDeps, query: AdminRequestLogQuery) {
  const db = em(deps);
  const result = await listRequestLog(
    db,
    {
      appId: query.appId,
      mode: query.mode,
      status: query.status,
      method: query.method,
      pathPrefix: query.path,
      requestId: query.requestId,
      idempotencyKey: query.idempotencyKey,
      since: query.since,
      until: query.until,
      page: query.page,
      size: query.size,
      after: query.after,
    },
    requestLogCutoff(currentTime(deps)),
  );
  const names = await appNamesOf(
    db,
    result.items.map((entry) => entry.appId),
  );
  return {
    items: result.items.map((entry) => adminRequestLogView(entry, nameOr(names, entry.appId))),
    total: result.total,
    nextCursor: result.lastId === null ? null : encodeCursor(result.lastId),
  };
}

/** One entry by its id, within the week, or null. */
export async function adminRequestLogEntry(deps: RouteDeps, id: number): Promise<AdminRequestLogView | null> {
  const db = em(deps);
  const entry = await findRequestLogEntryById(db, id, requestLogCutoff(currentTime(deps)));
  if (!entry) return null;
  const names = await appNamesOf(db, [entry.appId]);
  return adminRequestLogView(entry, nameOr(names, entry.appId));
}
