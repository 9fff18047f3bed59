import { SAVED_VIEW_LISTS } from '../../domain/reports/saved-views.js';
import { savedViewBody, savedViewsQuery } from '../admin/saved-views/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  instant,
  integer,
  queryParameters,
  record,
  ref,
  text,
  withExamples,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';

/** Saved views of the dashboard's lists, shared by the operators who may read each list. */

export const adminSavedViewSchemas = (): Record<string, Json> => ({
  SavedView: withExamples(
    record({
      id: integer,
      list: { type: 'string', enum: [...SAVED_VIEW_LISTS] },
      name: text,
      filters: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: "The list's query parameters as its page reads them; paging left out",
      },
      path: { ...text, description: 'The dashboard list with the filters applied: where the view opens' },
      createdBy: { ...text, description: 'The email of the operator who saved it' },
      createdAt: instant,
      mayDelete: {
        type: 'boolean',
        description: 'Whether the signed-in operator may delete it: whoever saved it, or an ADMIN',
      },
    }),
    {
      id: 7,
      list: 'payments',
      name: 'LIVE bKash failures',
      filters: { gateway: 'bkash', mode: 'LIVE', status: 'FAILED' },
      path: '/admin/payments?gateway=bkash&mode=LIVE&status=FAILED',
      createdBy: 'fay.finance@example.com',
      createdAt: '2027-03-14T09:30:00.000Z',
      mayDelete: true,
    },
  ),
});

const viewId = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,14}$' }, 'The saved view id');

export const adminSavedViewPaths = (): Record<string, Json> => ({
  '/admin/saved-views': {
    get: operation({
      id: 'adminListSavedViews',
      summary: "Saved views of the lists the operator's role may read, by list and then name",
      description:
        'A view is shared: every operator who may read its list sees it. Asking for a list the role may not read is 403 FORBIDDEN.',
      action: 'dashboard.read',
      parameters: queryParameters(savedViewsQuery),
      responses: {
        200: list('Every view of those lists, on one page', ref('SavedView')),
        403: errorResponse(
          "FORBIDDEN: the role may not read that list, or the request's CSRF token is missing",
        ),
      },
    }),
    post: operation({
      id: 'adminCreateSavedView',
      summary: "Save a list's filters under a name, for every operator who may read the list; audited",
      description:
        "Saving needs the list's read permission. Paging (`page`, `size`, cursors) and empty filters are left out of what is kept.",
      action: 'dashboard.read',
      body: fromZod(savedViewBody),
      responses: {
        201: ok('The view, saved', ref('SavedView')),
        403: errorResponse(
          "FORBIDDEN: the role may not read that list, or the request's CSRF token is missing",
        ),
        409: errorResponse('SAVED_VIEW_NAME_TAKEN: the list has a view of this name (in any case)'),
      },
    }),
  },
  '/admin/saved-views/{id}': {
    delete: operation({
      id: 'adminDeleteSavedView',
      summary: 'Delete a saved view: the operator who saved it, or an ADMIN; audited',
      action: 'dashboard.read',
      parameters: [viewId],
      responses: {
        200: ok('The view, deleted', ref('SavedView')),
        403: errorResponse('FORBIDDEN: someone else saved this view, and the role is not ADMIN'),
        404: errorResponse('SAVED_VIEW_NOT_FOUND: no such view among the lists the role may read'),
      },
    }),
  },
});
