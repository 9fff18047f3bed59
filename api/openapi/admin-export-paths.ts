import { EXPORT_KINDS } from '../admin/exports/catalogue.js';
import { emptyMeansAny, operation, refundStatusFilter } from './admin-paths.js';
import { paymentListParameters } from './app-paths.js';
import { queryParameters, type Json } from './json-schema.js';

/** The CSV exports for accountants' tools: one operation per export, each streamed as an attachment. */

const csvFile = (file: string): Json => ({
  description:
    'The CSV file, streamed: UTF-8 with a byte order mark, comma-separated, CRLF line ends, a header row; fields quoted per RFC 4180; text starting with =, +, -, @, tab or CR (other than a plain number) is prefixed with an apostrophe so no spreadsheet runs it as a formula. Amounts come as integer minor units and as decimals. The export is recorded in the audit log.',
  headers: {
    'Content-Disposition': {
      description: `attachment; filename="${file.replace('.csv', '')}-<mode>-<from>-to-<to>.csv"`,
      schema: { type: 'string' },
    },
  },
  content: { 'text/csv': { schema: { type: 'string', format: 'binary', contentMediaType: 'text/csv' } } },
});

/** An export takes its list's filters, described as the list describes them. */
const exportParameters = (file: string, query: Parameters<typeof queryParameters>[0]): Json[] => {
  if (file === 'payments.csv') return paymentListParameters(query);
  if (file === 'refunds.csv') return queryParameters(query, { status: refundStatusFilter });
  if (file === 'audit.csv') return queryParameters(query).map(emptyMeansAny);
  return queryParameters(query);
};

const operationId = (file: string) =>
  `adminExport${file.replace('.csv', '').replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`;

export const adminExportPaths = (): Record<string, Json> =>
  Object.fromEntries(
    EXPORT_KINDS.map((kind) => [
      `/admin/exports/${kind.file}`,
      {
        get: operation({
          id: operationId(kind.file),
          summary: kind.summary,
          action: kind.action,
          parameters: exportParameters(kind.file, kind.query),
          responses: { 200: csvFile(kind.file) },
        }),
      },
    ]),
  );
