import { MODES } from '../../domain/shared/mode.js';
import { REPORT_LAYOUTS, SETTLEMENT_LINE_TYPES } from '../../domain/reconciliation/settlements.js';
import { SETTLEMENT_GATEWAYS } from '../../gateways/settlement-reports.js';
import { disputeNoticesQuery } from '../admin/settlements/schemas.js';
import { operation } from './admin-paths.js';
import {
  integer,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  instant,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';
import { UPLOAD_LIMIT_RESPONSES, uploadStatusPath, uploadedFilePaths } from './uploaded-file-paths.js';

/** Settlement reports in: uploads of the gateways' reports, and the imports they made. */

const date = { type: 'string', format: 'date' };

const IMPORT_PROPERTIES: Record<string, Json> = {
  id: integer,
  gateway: { type: 'string', enum: [...SETTLEMENT_GATEWAYS] },
  mode: { type: 'string', enum: [...MODES] },
  fileName: text,
  fileSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  format: { type: 'string', description: '`<gateway or canonical>-<csv or xlsx>`, e.g. `bkash-xlsx`' },
  lineCount: { type: 'integer', description: 'Lines the report holds' },
  storedLineCount: { type: 'integer', description: 'Of those, lines no earlier report had brought' },
  settlementDates: { type: 'array', items: date },
  importedBy: {
    oneOf: [{ type: 'null' }, record({ id: integer, email: nullableText })],
    description: 'The operator; null when the service fetched the report itself (Stripe)',
  },
  createdAt: instant,
};

const LINE: Json = record({
  id: integer,
  gatewayTransactionId: text,
  reference: nullableText,
  type: { type: 'string', enum: [...SETTLEMENT_LINE_TYPES] },
  currency: text,
  grossMinor: integer,
  feeMinor: integer,
  netMinor: integer,
  gross: text,
  fee: text,
  net: text,
  settlementDate: date,
  payoutBatch: nullableText,
  lineKey: { type: 'string', pattern: '^[0-9a-f]{64}$' },
});

const nullableInteger: Json = { type: ['integer', 'null'] };
const nullableInstant: Json = { oneOf: [{ type: 'null' }, instant] };

const DISPUTE_NOTICE_PROPERTIES: Record<string, Json> = {
  id: integer,
  gateway: text,
  mode: { type: 'string', enum: [...MODES], description: 'The mode of the account whose secret signed it' },
  gatewayDisputeId: text,
  gatewayTransactionId: { type: 'string', description: "The gateway's transaction (Stripe's PaymentIntent)" },
  eventId: nullableText,
  eventType: { type: 'string', description: 'The latest notice of the dispute, e.g. charge.dispute.created' },
  amountMinor: nullableInteger,
  currency: nullableText,
  reason: nullableText,
  gatewayStatus: {
    ...nullableText,
    description: "The gateway's own word for the dispute's status, as its notice said",
  },
  noticeCount: integer,
  receivedAt: instant,
  lastReceivedAt: instant,
  checkedAt: { ...nullableInstant, description: 'When a payment with its transaction was last looked for' },
  appliedAt: {
    ...nullableInstant,
    description: 'When it became the dispute of the payment that took its transaction',
  },
  disputeReference: { ...nullableText, description: 'The dispute it became (dsp_…)' },
};

export const adminSettlementImportSchemas = (): Record<string, Json> => ({
  SettlementImport: record(IMPORT_PROPERTIES),
  DisputeNotice: record(DISPUTE_NOTICE_PROPERTIES),
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
            description: 'The report: CSV or XLSX (told by its bytes)',
          },
          gateway: { type: 'string', enum: [...SETTLEMENT_GATEWAYS] },
          mode: { type: 'string', enum: [...MODES] },
          format: {
            type: 'string',
            enum: [...REPORT_LAYOUTS],
            description:
              "gateway: the gateway's own export; canonical: the canonical CSV. Absent: canonical when the header row is canonical, else the gateway's",
          },
        },
      },
    },
  },
};

export const adminSettlementImportPaths = (): Record<string, Json> => {
  const upload = operation({
    id: 'adminImportSettlementReport',
    summary: "Import a gateway's settlement report (multipart upload)",
    description:
      "Received and stored by the API, then read by the worker within the upload limits (docs/security/uploads.md). Validated whole before anything is stored: a problem refuses the file with 422 SETTLEMENT_FILE_INVALID and details {row, column, problem} (row 1 is the header). The same file again (its SHA-256, per gateway and mode) answers 200 with the earlier import; a line an earlier report stored is not stored again. The reconciliation of each settlement date is then started or woken (`reconciliations`: their workflow ids). Layouts and column names: docs/processes/reconciliation.md, 'Report layouts'.",
    action: 'settlements.import',
    responses: {
      201: ok(
        'The new import',
        record({
          ...IMPORT_PROPERTIES,
          created: { type: 'boolean', const: true },
          reconciliations: { type: 'array', items: text },
        }),
      ),
      200: ok(
        'The same file was imported before: that import',
        record({
          ...IMPORT_PROPERTIES,
          created: { type: 'boolean', const: false },
          reconciliations: { type: 'array', items: text },
        }),
      ),
      400: errorResponse('VALIDATION_ERROR: no file, an unknown gateway, mode or format'),
      415: errorResponse('UNSUPPORTED_MEDIA_TYPE: not multipart/form-data'),
      ...UPLOAD_LIMIT_RESPONSES('SETTLEMENT_FILE_INVALID, with details {row, column, problem}'),
      503: errorResponse(
        'SERVICE_UNAVAILABLE: stored, but the reconciliation could not be started; import the same file again',
      ),
    },
  });
  return {
    ...uploadedFilePaths({
      path: '/admin/settlements/imports',
      schema: 'SettlementImport',
      properties: IMPORT_PROPERTIES,
      line: LINE,
      upload: { ...upload, requestBody: UPLOAD_BODY },
      list: {
        id: 'adminListSettlementImports',
        summary: 'Settlement report imports, newest first',
        description: 'A page of imports',
      },
      detail: {
        id: 'adminGetSettlementImport',
        summary: 'One import, with the first 200 lines it stored',
        description: 'The import',
        notFound: 'SETTLEMENT_IMPORT_NOT_FOUND',
        idDescription: 'The import id',
      },
    }),
    ...uploadStatusPath(),
    '/admin/settlements/dispute-notices': {
      get: operation({
        id: 'adminListDisputeNotices',
        summary: 'Dispute notices about a transaction no payment has, newest first',
        description:
          "A gateway's signed dispute notice (Stripe's charge.dispute.*) naming a transaction no payment of ours has is kept, not dropped: when a payment takes the transaction, the dispute schedule records it as that payment's dispute (appliedAt, disputeReference). Those still waiting are money a gateway took back from a charge this service cannot place.",
        action: 'reconciliation.read',
        parameters: queryParameters(disputeNoticesQuery),
        responses: { 200: list('A page of notices', ref('DisputeNotice')) },
      }),
    },
  };
};
