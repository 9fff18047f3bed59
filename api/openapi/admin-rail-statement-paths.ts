import { MODES } from '../../domain/shared/mode.js';
import { PAYOUT_RAILS_WITH_STATEMENTS } from '../../domain/reconciliation/rail-statements.js';
import { railStatementsQuery } from '../admin/settlements/schemas.js';
import { operation } from './admin-paths.js';
import { instant, integer, nullableText, record, text, type Json } from './json-schema.js';
import { errorResponse, ok } from './responses.js';
import { UPLOAD_LIMIT_RESPONSES, uploadedFilePaths } from './uploaded-file-paths.js';

/** Payout rails' statements in: what each rail says it sent, matched to our payouts. */

const date = { type: 'string', format: 'date' };

const STATEMENT_PROPERTIES: Record<string, Json> = {
  id: integer,
  rail: { type: 'string', enum: [...PAYOUT_RAILS_WITH_STATEMENTS] },
  mode: { type: 'string', enum: [...MODES] },
  statementDate: { ...date, description: 'The day the statement speaks for (Bangladesh time)' },
  fileName: text,
  fileSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  lineCount: { type: 'integer', description: 'Lines of money moved the statement holds' },
  storedLineCount: { type: 'integer', description: 'Of those, lines no earlier statement had brought' },
  importedBy: { oneOf: [{ type: 'null' }, record({ id: integer, email: nullableText })] },
  createdAt: instant,
};

const LINE: Json = record({
  id: integer,
  valueDate: date,
  direction: { type: 'string', enum: ['DEBIT', 'CREDIT'], description: 'DEBIT: sent; CREDIT: returned' },
  railTransactionId: text,
  reference: { ...nullableText, description: 'Our payout reference, as the rail carried it' },
  amountMinor: { type: 'integer', minimum: 1 },
  amount: text,
  feeMinor: { type: 'integer', minimum: 0, description: 'What the rail charged for the transfer' },
  currency: text,
  lineKey: { type: 'string', pattern: '^[0-9a-f]{64}$' },
});

export const adminRailStatementSchemas = (): Record<string, Json> => ({
  RailStatementImport: record(STATEMENT_PROPERTIES),
});

const UPLOAD_BODY: Json = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file', 'rail', 'mode', 'statementDate'],
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            description:
              "The rail's statement of the day in its own layout (CSV or XLSX): bKash's B2C transaction statement, Nagad's disbursement statement, or the bank's account statement",
          },
          rail: { type: 'string', enum: [...PAYOUT_RAILS_WITH_STATEMENTS] },
          mode: { type: 'string', enum: [...MODES] },
          statementDate: date,
        },
      },
    },
  },
};

export const adminRailStatementPaths = (): Record<string, Json> => {
  const uploaded = (created: boolean) =>
    record({
      ...STATEMENT_PROPERTIES,
      created: { type: 'boolean', const: created },
      reconciliations: { type: 'array', items: text },
    });
  const upload = operation({
    id: 'adminImportRailStatement',
    summary: "Import a payout rail's statement of a day (multipart upload)",
    description:
      "Received and stored by the API, then read by the worker within the upload limits (docs/security/uploads.md). Validated whole before anything is stored: a problem (a line of another day among them) refuses the file with 422 SETTLEMENT_FILE_INVALID and details {row, column, problem}. The same file again (its SHA-256, per rail and mode) answers 200 with the earlier import. The rail's day (`recon-payout-<rail>-<mode>-<date>`) is then matched against our payouts: RAIL_UNEXPECTED_TRANSFER, RAIL_TRANSFER_MISSING (after the grace period), RAIL_AMOUNT_MISMATCH, RAIL_FEE_MISMATCH and RAIL_DUPLICATE_LINE exceptions are resolved as any reconciliation exception. Layouts: docs/processes/reconciliation.md, 'Payout rails' statements'.",
    action: 'settlements.import',
    responses: {
      201: ok('The new statement import', uploaded(true)),
      200: ok('The same file was imported before: that import', uploaded(false)),
      400: errorResponse(
        'VALIDATION_ERROR: no file, an unknown rail or mode, a statementDate that is no day, or a file imported before as the statement of another day',
      ),
      415: errorResponse('UNSUPPORTED_MEDIA_TYPE: not multipart/form-data'),
      ...UPLOAD_LIMIT_RESPONSES('SETTLEMENT_FILE_INVALID, with details {row, column, problem}'),
      503: errorResponse(
        "SERVICE_UNAVAILABLE: stored, but the rail's day could not be matched; import it again",
      ),
    },
  });
  return uploadedFilePaths({
    path: '/admin/settlements/rail-statements',
    schema: 'RailStatementImport',
    properties: STATEMENT_PROPERTIES,
    line: LINE,
    upload: { ...upload, requestBody: UPLOAD_BODY },
    query: railStatementsQuery,
    list: {
      id: 'adminListRailStatements',
      summary: 'Payout rail statement imports, newest first',
      description: 'A page of rail statement imports',
    },
    detail: {
      id: 'adminGetRailStatement',
      summary: 'One rail statement import, with the first 200 lines it stored',
      description: 'The rail statement import',
      notFound: 'RAIL_STATEMENT_NOT_FOUND',
      idDescription: 'The rail statement import id',
    },
  });
};
