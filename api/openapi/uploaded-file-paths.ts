import { settlementImportsQuery } from '../admin/settlements/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  type Json,
} from './json-schema.js';
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
  /** The list's filters; a settlement import's unless set. */
  query?: Parameters<typeof queryParameters>[0];
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
        parameters: queryParameters(kind.query ?? settlementImportsQuery),
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

/** An upload the worker reads: while it is read (202), and on its status page. */
export const UPLOAD_PROPERTIES: Record<string, Json> = {
  uploadId: integer,
  kind: { type: 'string', enum: ['settlement_report', 'bank_statement', 'rail_statement', 'payout_batch'] },
  status: { type: 'string', enum: ['RECEIVED', 'IMPORTED', 'REFUSED'] },
  gateway: text,
  mode: text,
  fileName: text,
  fileSha256: text,
  byteCount: integer,
  importId: {
    ...nullableInteger,
    description: "The import it made, once IMPORTED (a payout batch file's: the batch's id)",
  },
  errorCode: nullableText,
  message: nullableText,
  details: { type: ['object', 'null'] },
  statusUrl: { ...text, description: 'Where to look for the outcome' },
  createdAt: instant,
  finishedAt: nullableInstant,
};

const LIMITS =
  'UPLOAD_DECOMPRESSED_TOO_LARGE (UPLOAD_MAX_DECOMPRESSED_BYTES, UPLOAD_MAX_COMPRESSION_RATIO), UPLOAD_TOO_MANY_ROWS (UPLOAD_MAX_ROWS), UPLOAD_TOO_MANY_CELLS (UPLOAD_MAX_COLUMNS), UPLOAD_ARCHIVE_INVALID (a zip whose sizes or layout are false), UPLOAD_PARSER_FAILED (UPLOAD_PARSER_HEAP_MB, UPLOAD_READER_STALL_SECONDS), each with details {limit, value, uploadId}';

/** The answers every upload adds to its kind's own: still being read, too large, past a limit. */
export const UPLOAD_LIMIT_RESPONSES = (problems: string): Record<string, Json> => ({
  202: ok(
    'Received and stored, still being read by the worker after UPLOAD_WAIT_SECONDS: the outcome is at statusUrl',
    record(UPLOAD_PROPERTIES),
  ),
  413: errorResponse('UPLOAD_TOO_LARGE: the file is larger than UPLOAD_MAX_BYTES (details {limit, value})'),
  422: errorResponse(`${problems}; ${LIMITS}`),
});

/** An upload's outcome, for one answered 202. */
export const uploadStatusPath = (): Record<string, Json> => ({
  '/admin/settlements/uploads/{id}': {
    get: operation({
      id: 'adminGetFileUpload',
      summary: 'An uploaded file: still being read, imported, or refused',
      description:
        "200 while the worker reads it, and once imported (importId; the reconciliation of its days is started at the first look; a payout batch file's importId is its batch, whose workflow the worker started); a refused upload answers its refusal: 422 with the limit's or the problem's errorCode (a payout batch file's bad lines: PAYOUT_BATCH_LINES_INVALID with details {lines, issueCount}, each line's number, reference, errorCode, field and message).",
      action: 'reconciliation.read',
      parameters: [pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,14}$' }, 'The upload id')],
      responses: {
        200: ok('The upload', record(UPLOAD_PROPERTIES)),
        404: errorResponse('UPLOAD_NOT_FOUND'),
        422: errorResponse(
          `The upload was refused: SETTLEMENT_FILE_INVALID, BANK_ACCOUNT_NOT_NAMED, PAYOUT_BATCH_LINES_INVALID, VALIDATION_ERROR, APP_NOT_FOUND, APP_SUSPENDED, VELOCITY_LIMITED, ${LIMITS}`,
        ),
      },
    }),
  },
});
