import {
  createReportRunBody,
  listReportRunsQuery,
  MAX_REPORT_DAYS,
  reportFileQuery,
  reportRowsQuery,
} from '../reports/report-schemas.js';
import {
  APP_REPORT_TYPES,
  REPORT_CONTENT_TYPES,
  REPORT_FORMATS,
  REPORT_RETENTION_DAYS,
  REPORT_TYPE_SUMMARIES,
  REPORT_TYPES,
} from '../../domain/reports/report-types.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  withExamples,
  type Json,
} from './json-schema.js';
import { envelope, errorResponse, list, ok, withStandardAnswers } from './responses.js';
import { APP_TAGS } from './tags.js';

/** The report runs an app makes of its own money, their files and their rows; merged into the app API's document. */

const auth = [{ ApiKey: [], ApiSecret: [] }];
const tags = [APP_TAGS.reports.name];
const RUN_ID = '^rpt_[0-9a-hjkmnp-tv-z]{20}$';
const day = { type: 'string', format: 'date' };

const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried run safe: the same key in the same mode answers the run it made (for as long as the run is kept), never a second one; printable ASCII without spaces, 1 to 255 characters.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};

const runIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The run id (rpt_…), as the run was answered',
  schema: { type: 'string', pattern: RUN_ID },
};

const TYPES_DESCRIPTION = APP_REPORT_TYPES.map((type) => `\`${type}\`: ${REPORT_TYPE_SUMMARIES[type]}.`).join(
  ' ',
);

const REPORT_RUN = record({
  id: { type: 'string', pattern: RUN_ID, description: "The run's id" },
  type: { type: 'string', enum: [...REPORT_TYPES], description: 'What the report holds' },
  format: {
    type: 'string',
    enum: [...REPORT_FORMATS],
    description: "The file's format as asked for; either can be downloaded",
  },
  mode: { type: 'string', enum: ['TEST', 'LIVE'], description: 'The mode of the money it reports' },
  appId: { ...nullableInteger, description: 'The app whose money it reports' },
  from: { ...day, description: "The first day (in the company's time zone), included" },
  to: { ...day, description: 'The last day, included' },
  filters: {
    type: 'object',
    additionalProperties: true,
    description: 'Filters beyond the period; empty for a run an app makes',
  },
  rowCount: { ...integer, minimum: 0, description: 'Rows in the file, below its header' },
  columns: { type: 'array', items: text, description: "The file's header: the rows' keys, in order" },
  fileName: { ...text, description: 'The name the file is downloaded under, in the run’s format' },
  sha256: {
    type: 'string',
    pattern: '^[0-9a-f]{64}$',
    description: "SHA-256 of the CSV file's bytes: the same on every download",
  },
  requestedBy: { ...text, description: 'Who ran it: the app and key, or the schedule' },
  scheduleId: {
    ...nullableInteger,
    description: 'The schedule that ran it; null for a run an app asked for',
  },
  delivery: {
    ...record({
      status: { type: 'string', enum: ['NONE', 'PENDING', 'DELIVERED', 'FAILED'] },
      deliveredAt: nullableInstant,
      detail: nullableText,
    }),
    description: 'How a scheduled run was sent (email or SFTP); NONE for a run an app asked for',
  },
  createdAt: { ...instant, description: 'When it ran: its rows are the books as they were then' },
  expiresAt: {
    ...instant,
    description: `Until when it can be read and downloaded (${REPORT_RETENTION_DAYS} days after it ran)`,
  },
});

/** A month's statement an app ran with its TEST key. */
const REPORT_RUN_EXAMPLE: Json = {
  id: 'rpt_7k2m9q4xv1c8d3f6h0jn',
  type: 'statement',
  format: 'xlsx',
  mode: 'TEST',
  appId: 12,
  from: '2026-11-01',
  to: '2026-11-30',
  filters: {},
  rowCount: 214,
  columns: [
    'date',
    'kind',
    'reference',
    'payment_reference',
    'gateway',
    'currency',
    'gross_minor',
    'fee_minor',
    'net_minor',
    'gross',
    'fee',
    'net',
    'at',
  ],
  fileName: 'statement-app-12-TEST-2026-11-01-to-2026-11-30.xlsx',
  sha256: '3f1c9a7e52b04d86a1e0c4f7b29d5e83c6a4f0e1d7b38c925e6a0f4d1b7c8e29',
  requestedBy: 'storefront (TEST) key oi_test_3b9f0c5271d44e2a9c1e5a8d',
  scheduleId: null,
  delivery: { status: 'NONE', deliveredAt: null, detail: null },
  createdAt: '2026-12-01T04:15:02.000Z',
  expiresAt: '2027-03-01T04:15:02.000Z',
};

const CREATE_REPORT_RUN_EXAMPLE: Json = {
  type: 'statement',
  from: '2026-11-01',
  to: '2026-11-30',
  format: 'xlsx',
};

const REPORT_ROWS = record({
  columns: { type: 'array', items: text, description: "The file's header, in order" },
  rows: {
    type: 'array',
    description:
      'The rows from `offset`, each keyed by column: whole numbers for ids, counts and `*_minor` amounts; text otherwise (decimal amounts, dates, references); null for an empty cell',
    items: { type: 'object', additionalProperties: { type: ['string', 'integer', 'null'] } },
  },
});

const REPORT_ROWS_EXAMPLE: Json = {
  columns: REPORT_RUN_EXAMPLE.columns,
  rows: [
    {
      date: '2026-11-03',
      kind: 'PAYMENT',
      reference: 'pay_4n8c2k7x0v5m1q9z3b6d',
      payment_reference: null,
      gateway: 'bkash',
      currency: 'BDT',
      gross_minor: 125000,
      fee_minor: 1875,
      net_minor: 123125,
      gross: '1250.00',
      fee: '18.75',
      net: '1231.25',
      at: '2026-11-03T10:42:17.000Z',
    },
    {
      date: '2026-11-30',
      kind: 'TOTAL',
      reference: null,
      payment_reference: null,
      gateway: null,
      currency: 'BDT',
      gross_minor: 8425000,
      fee_minor: 126375,
      net_minor: 8298625,
      gross: '84250.00',
      fee: '1263.75',
      net: '82986.25',
      at: null,
    },
  ],
};

export const reportSchemas = (): Record<string, Json> => ({
  ReportRun: withExamples(REPORT_RUN, REPORT_RUN_EXAMPLE),
  ReportRows: withExamples(REPORT_ROWS, REPORT_ROWS_EXAMPLE),
  CreateReportRun: withExamples(fromZod(createReportRunBody), CREATE_REPORT_RUN_EXAMPLE),
});

const notFound = errorResponse(
  `REPORT_RUN_NOT_FOUND: no such run in this app and mode, or it ran more than ${REPORT_RETENTION_DAYS} days ago`,
);

export const binary = (type: string) => ({
  schema: { type: 'string', format: 'binary', contentMediaType: type },
});

const runLinks = {
  GetReportRun: { operationId: 'getReportRun', parameters: { id: '$response.body#/data/id' } },
  GetReportRunFile: { operationId: 'getReportRunFile', parameters: { id: '$response.body#/data/id' } },
  GetReportRunRows: { operationId: 'getReportRunRows', parameters: { id: '$response.body#/data/id' } },
};

export const reportPaths = (): Record<string, Json> => ({
  '/reports/runs': {
    post: {
      operationId: 'createReportRun',
      tags,
      summary:
        'Run a report of your own money for the days you name: payments, refunds, payouts or your statement',
      description: [
        `The rows are read from the books when it runs, in this key's mode, for the days \`from\` to \`to\` (both included, in the company's time zone, at most ${MAX_REPORT_DAYS} days; a period reaching past today holds what exists when it runs). The run answers at once with its columns and row count; download its file (CSV or XLSX, the same rows) or read its rows as JSON for ${REPORT_RETENTION_DAYS} days.`,
        '',
        TYPES_DESCRIPTION,
      ].join('\n'),
      security: auth,
      parameters: [idempotencyHeader],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('CreateReportRun') } },
      },
      responses: withStandardAnswers(
        {
          201: {
            ...ok('The run (or, for a repeated Idempotency-Key, the one it made)', ref('ReportRun')),
            links: runLinks,
          },
          400: errorResponse(
            `VALIDATION_ERROR: an unknown type or format, a day that is not YYYY-MM-DD, \`to\` before \`from\`, or more than ${MAX_REPORT_DAYS} days; INVALID_JSON or INVALID_IDEMPOTENCY_KEY`,
          ),
          409: errorResponse('IDEMPOTENCY_REQUEST_IN_PROGRESS'),
          422: errorResponse('IDEMPOTENCY_KEY_REUSED: the key was used for another body'),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
    get: {
      operationId: 'listReportRuns',
      tags,
      summary: `List the runs of the last ${REPORT_RETENTION_DAYS} days in this key's mode, newest first`,
      description:
        "The runs the app asked for and those its schedules made. Continue with `after` = pagination.nextCursor (the page's last run id).",
      security: auth,
      parameters: queryParameters(listReportRunsQuery, {
        type: { examples: ['statement'] },
        size: { default: 20 },
      }),
      responses: withStandardAnswers(
        {
          200: list('A page of runs', ref('ReportRun')),
          404: errorResponse('REPORT_RUN_NOT_FOUND: `after` names no run of this app and mode'),
        },
        { authenticated: true },
      ),
    },
  },
  '/reports/runs/{id}': {
    get: {
      operationId: 'getReportRun',
      tags,
      summary: 'Read a run: what it covers, its columns, row count and file name',
      security: auth,
      parameters: [runIdParam],
      responses: withStandardAnswers(
        { 200: ok('The run', ref('ReportRun')), 404: notFound },
        { authenticated: true },
      ),
    },
  },
  '/reports/runs/{id}/file': {
    get: {
      operationId: 'getReportRunFile',
      tags,
      summary: "Download a run's file: CSV (UTF-8 with a BOM, for spreadsheets) or XLSX",
      description:
        "The same rows in either format, whichever the run was asked for: `format` chooses. The CSV is the same bytes on every download (its SHA-256 is the run's `sha256`); in the XLSX, ids, counts and `*_minor` amounts are numbers and the rest is text. Nothing caches it (`Cache-Control: private, no-store`).",
      security: auth,
      parameters: [runIdParam, ...queryParameters(reportFileQuery)],
      responses: withStandardAnswers(
        {
          200: {
            description: 'The file, as an attachment under the run’s file name',
            headers: {
              'Content-Disposition': {
                description: 'attachment; filename="<type>-app-<appId>-<mode>-<from>-to-<to>.<format>"',
                schema: { type: 'string' },
              },
              'X-Report-Run': {
                description: 'The run id (rpt_…)',
                schema: { type: 'string', pattern: RUN_ID },
              },
            },
            content: {
              'text/csv': binary(REPORT_CONTENT_TYPES.csv.split(';')[0]!),
              [REPORT_CONTENT_TYPES.xlsx]: binary(REPORT_CONTENT_TYPES.xlsx),
            },
          },
          404: notFound,
        },
        { authenticated: true },
      ),
    },
  },
  '/reports/runs/{id}/rows': {
    get: {
      operationId: 'getReportRunRows',
      tags,
      summary: "Read a run's rows as JSON, a page at a time",
      description:
        'The rows of the file, from `offset`, at most `limit` of them. Continue with `offset` = pagination.nextCursor (null after the last row).',
      security: auth,
      parameters: [
        runIdParam,
        ...queryParameters(reportRowsQuery, { offset: { default: 0 }, limit: { default: 100 } }),
      ],
      responses: withStandardAnswers(
        {
          200: {
            description: 'The columns, and the rows from offset',
            content: {
              'application/json': { schema: envelope(ref('ReportRows'), { paginated: true }) },
            },
          },
          404: notFound,
        },
        { authenticated: true },
      ),
    },
  },
});
