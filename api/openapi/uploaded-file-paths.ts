import { settlementImportsQuery } from '../admin/settlements/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import { integer, queryParameters, record, ref, type Json } from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';

/**
 * The list and the detail of a kind of uploaded file (settlement reports, bank statements): the
 * same filters, paging and shape, each with its own names. `upload` is the kind's POST.
 */
export function uploadedFilePaths(kind: {
  path: string;
  /** The component schema of one import. */
  schema: string;
  properties: Record<string, Json>;
  line: Json;
  upload: Json;
  list: { id: string; summary: string; description: string };
  detail: { id: string; summary: string; description: string; notFound: string; idDescription: string };
}): Record<string, Json> {
  const id = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,14}$' }, kind.detail.idDescription);
  return {
    [kind.path]: {
      get: operation({
        id: kind.list.id,
        summary: kind.list.summary,
        action: 'reconciliation.read',
        parameters: queryParameters(settlementImportsQuery),
        responses: { 200: list(kind.list.description, ref(kind.schema)) },
      }),
      post: kind.upload,
    },
    [`${kind.path}/{id}`]: {
      get: operation({
        id: kind.detail.id,
        summary: kind.detail.summary,
        action: 'reconciliation.read',
        parameters: [id],
        responses: {
          200: ok(
            kind.detail.description,
            record({ ...kind.properties, lines: { type: 'array', items: kind.line }, linesShown: integer }),
          ),
          404: errorResponse(kind.detail.notFound),
        },
      }),
    },
  };
}
