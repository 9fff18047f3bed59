import { adminRequestLogQuery } from '../admin/request-log/schemas.js';
import { REQUEST_LOG_RETENTION_DAYS } from '../../domain/apps/request-log.js';
import { operation, pathParam } from './admin-paths.js';
import { integer, queryParameters, record, ref, text, type Json } from './json-schema.js';
import { requestLogEntryProperties } from './request-log-paths.js';
import { errorResponse, list, ok } from './responses.js';

/** The request log in the admin JSON API: apps' entries as the app reads them, plus whose. */

export const adminRequestLogSchemas = (): Record<string, Json> => ({
  AdminRequestLogEntry: record({
    id: { ...integer, description: 'The entry id (GET /admin/request-log/{id})' },
    appId: integer,
    appName: text,
    ...requestLogEntryProperties(),
  }),
});

export const adminRequestLogPaths = (): Record<string, Json> => ({
  '/admin/request-log': {
    get: operation({
      id: 'adminListRequestLog',
      summary: `Apps' API requests, newest first (the last ${REQUEST_LOG_RETENTION_DAYS} days), with redacted bodies`,
      action: 'apps.read',
      parameters: queryParameters(adminRequestLogQuery),
      responses: { 200: list('A page of requests', ref('AdminRequestLogEntry')) },
    }),
  },
  '/admin/request-log/{id}': {
    get: operation({
      id: 'adminGetRequestLogEntry',
      summary: 'One request of the log, by its entry id',
      action: 'apps.read',
      parameters: [pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, 'The entry id')],
      responses: {
        200: ok('The request', ref('AdminRequestLogEntry')),
        404: errorResponse(
          `REQUEST_NOT_FOUND: no such entry, or it is older than ${REQUEST_LOG_RETENTION_DAYS} days`,
        ),
      },
    }),
  },
});
