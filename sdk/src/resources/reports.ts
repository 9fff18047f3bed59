import type { Client } from 'openapi-fetch';
import { errorOf, unwrap, unwrapPage } from '../envelope.js';
import { initOf, type RequestOptions } from '../request-options.js';
import type {
  CreateReportRunParams,
  ListReportRunsParams,
  ReportFile,
  ReportFormat,
  ReportRowsParams,
  ReportRun,
  paths,
} from '../types.js';

const byId = (id: string) => ({ path: { id } });

/** The name in `Content-Disposition: attachment; filename="…"`, or null when there is none. */
function fileNameOf(disposition: string | null): string | null {
  return disposition ? (/filename="([^"]+)"/.exec(disposition)?.[1] ?? null) : null;
}

/**
 * Report runs: a file of the app's own money (payments, refunds, payouts, or its statement with
 * fees and totals) for the days it names, in this client's mode. Download the file (CSV or XLSX,
 * the same rows) or read its rows as JSON for 90 days after the run.
 */
export class Reports {
  constructor(private readonly api: Client<paths>) {}

  /**
   * Runs a report for `from` to `to` (YYYY-MM-DD, both included, in the company's time zone; at
   * most 366 days, not after today), with an Idempotency-Key: the same key answers the same run.
   */
  async create(params: CreateReportRunParams, options?: RequestOptions): Promise<ReportRun> {
    return unwrap(await this.api.POST('/reports/runs', { body: params, ...initOf(options) }));
  }

  /** A run by its id (rpt_…). */
  async retrieve(id: string, options?: RequestOptions): Promise<ReportRun> {
    return unwrap(await this.api.GET('/reports/runs/{id}', { params: byId(id), ...initOf(options) }));
  }

  /** One page of runs, newest first; `after` (pagination.nextCursor) continues. */
  async list(query: ListReportRunsParams = {}, options?: RequestOptions) {
    return unwrapPage(await this.api.GET('/reports/runs', { params: { query }, ...initOf(options) }));
  }

  /** Every run the filter matches, newest first, read page by page through the list's cursor. */
  async *iterate(query: Omit<ListReportRunsParams, 'after'> = {}, options?: RequestOptions) {
    let after: string | undefined;
    for (;;) {
      const page = await this.list(after === undefined ? query : { ...query, after }, options);
      yield* page.items;
      if (!page.pagination.nextCursor) return;
      after = page.pagination.nextCursor;
    }
  }

  /** The run's file: its bytes, in the run's format unless `format` names the other, and its name. */
  async download(
    id: string,
    params: { format?: ReportFormat } = {},
    options?: RequestOptions,
  ): Promise<ReportFile> {
    const query = params.format === undefined ? {} : { format: params.format };
    const answer = await this.api.GET('/reports/runs/{id}/file', {
      params: { ...byId(id), query },
      parseAs: 'arrayBuffer',
      ...initOf(options),
    });
    if (answer.data === undefined || !answer.response.ok) throw errorOf(answer);
    const contentType = answer.response.headers.get('content-type') ?? 'application/octet-stream';
    const format: ReportFormat = contentType.startsWith('text/csv') ? 'csv' : 'xlsx';
    return {
      content: new Uint8Array(answer.data),
      fileName: fileNameOf(answer.response.headers.get('content-disposition')) ?? `${id}.${format}`,
      contentType,
      format,
    };
  }

  /** The run's columns and a page of its rows from `offset` (pagination.nextCursor is the next offset). */
  async rows(id: string, query: ReportRowsParams = {}, options?: RequestOptions) {
    return unwrapPage(
      await this.api.GET('/reports/runs/{id}/rows', {
        params: { ...byId(id), query },
        ...initOf(options),
      }),
    );
  }
}
