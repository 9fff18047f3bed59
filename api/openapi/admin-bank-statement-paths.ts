import { MODES } from '../../domain/shared/mode.js';
import { SETTLEMENT_GATEWAYS } from '../../gateways/settlement-reports.js';
import { operation } from './admin-paths.js';
import { instant, integer, nullableText, record, text, type Json } from './json-schema.js';
import { errorResponse, ok } from './responses.js';
import { UPLOAD_LIMIT_RESPONSES, uploadedFilePaths } from './uploaded-file-paths.js';

/** Bank statements in: what reached the bank account each gateway settles to, matched to its payouts. */

const date = { type: 'string', format: 'date' };
const nullableDate = { type: ['string', 'null'], format: 'date' };

const STATEMENT_PROPERTIES: Record<string, Json> = {
  id: integer,
  gateway: { type: 'string', enum: [...SETTLEMENT_GATEWAYS] },
  mode: { type: 'string', enum: [...MODES] },
  accountName: {
    type: 'string',
    description: 'The bank account named for the gateway and mode when imported',
  },
  fileName: text,
  fileSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  lineCount: { type: 'integer', description: 'Entries the statement holds' },
  storedLineCount: { type: 'integer', description: 'Of those, entries no earlier statement had brought' },
  periodFrom: { ...nullableDate, description: 'Its first value date' },
  periodTo: { ...nullableDate, description: 'Its last value date' },
  importedBy: { oneOf: [{ type: 'null' }, record({ id: integer, email: nullableText })] },
  createdAt: instant,
};

const LINE: Json = record({
  id: integer,
  valueDate: date,
  amountMinor: { type: 'integer', description: 'Credits positive, debits negative' },
  amount: text,
  currency: text,
  description: text,
  bankReference: nullableText,
  payoutBatch: nullableText,
  lineKey: { type: 'string', pattern: '^[0-9a-f]{64}$' },
});

export const adminBankStatementSchemas = (): Record<string, Json> => ({
  BankStatementImport: record(STATEMENT_PROPERTIES),
});

const UPLOAD_BODY: Json = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file', 'gateway', 'mode'],
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            description:
              'The statement as CSV with the columns date, amount (decimal, major units; credits positive), currency, description, and optionally bank_reference and payout_batch',
          },
          gateway: { type: 'string', enum: [...SETTLEMENT_GATEWAYS] },
          mode: { type: 'string', enum: [...MODES] },
        },
      },
    },
  },
};

export const adminBankStatementPaths = (): Record<string, Json> => {
  const uploaded = (created: boolean) =>
    record({
      ...STATEMENT_PROPERTIES,
      created: { type: 'boolean', const: created },
      reconciliations: { type: 'array', items: text },
    });
  const upload = operation({
    id: 'adminImportBankStatement',
    summary: 'Import the statement of the bank account a gateway settles to (multipart upload)',
    description:
      "Received and stored by the API, then read by the worker within the upload limits (docs/security/uploads.md). Validated whole before anything is stored: a problem refuses the file with 422 SETTLEMENT_FILE_INVALID and details {row, column, problem}. The same file again (its SHA-256, per gateway and mode) answers 200 with the earlier import; an entry an earlier statement stored is not stored again. Each settlement day the statement may change is then matched again (`reconciliations`): a payout batch whose credits (every transfer naming it, else one of its amount) add up to its net within RECON_PAYOUT_WINDOW_DAYS is received, one with no credit is PAYOUT_MISSING, one whose credits add up to another amount PAYOUT_MISMATCH, a credit no payout explains UNKNOWN_CREDIT. Format: docs/processes/reconciliation.md, 'Bank statements'.",
    action: 'settlements.import',
    responses: {
      201: ok('The new statement import', uploaded(true)),
      200: ok('The same file was imported before: that import', uploaded(false)),
      400: errorResponse('VALIDATION_ERROR: no file, an unknown gateway or mode'),
      415: errorResponse('UNSUPPORTED_MEDIA_TYPE: not multipart/form-data'),
      ...UPLOAD_LIMIT_RESPONSES(
        'SETTLEMENT_FILE_INVALID, with details {row, column, problem}; BANK_ACCOUNT_NOT_NAMED: no account is named for the gateway and mode',
      ),
      503: errorResponse(
        'SERVICE_UNAVAILABLE: stored, but its days could not be matched again; import it again',
      ),
    },
  });
  return uploadedFilePaths({
    path: '/admin/settlements/bank-statements',
    schema: 'BankStatementImport',
    properties: STATEMENT_PROPERTIES,
    line: LINE,
    upload: { ...upload, requestBody: UPLOAD_BODY },
    list: {
      id: 'adminListBankStatements',
      summary: 'Bank statement imports, newest first',
      description: 'A page of statement imports',
    },
    detail: {
      id: 'adminGetBankStatement',
      summary: 'One statement import, with the first 200 entries it stored',
      description: 'The statement import',
      notFound: 'BANK_STATEMENT_NOT_FOUND',
      idDescription: 'The statement import id',
    },
  });
};
