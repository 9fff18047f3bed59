import type { RequestLogEntry } from '../../db/apps/request-log.js';

/** An entry of the request log as the app API and the dashboard show it. */
export function requestLogEntryView(entry: RequestLogEntry) {
  return {
    requestId: entry.requestId,
    mode: entry.mode,
    method: entry.method,
    route: entry.route,
    path: entry.path,
    query: entry.query,
    status: entry.status,
    errorCode: entry.errorCode,
    idempotencyKey: entry.idempotencyKey,
    durationMs: entry.durationMs,
    requestBody: entry.requestBody,
    responseBody: entry.responseBody,
    createdAt: entry.createdAt.toISOString(),
  };
}

export type RequestLogEntryView = ReturnType<typeof requestLogEntryView>;
