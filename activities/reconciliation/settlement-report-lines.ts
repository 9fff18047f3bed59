import type { Mode } from '../../domain/shared/mode.js';
import {
  CANONICAL_LAYOUT,
  layoutFor,
  type ReportColumns,
} from '../../domain/reconciliation/settlement-reports/layouts.js';
import { ReportLineKeys } from '../../domain/reconciliation/settlement-reports/line-keys.js';
import {
  isBlankRow,
  looksCanonical,
  parseReportRow,
  resolveHeader,
} from '../../domain/reconciliation/settlement-reports/rows.js';
import type { ReportLayout, SettlementLineDraft } from '../../domain/reconciliation/settlements.js';
import { ownReportLayout } from '../../gateways/settlement-reports.js';
import { isolatedReportRows } from '../uploads/isolated-report-rows.js';
import {
  defaultUploadArea,
  ReportFileProblem,
  sniffContainer,
  type UploadArea,
} from '../uploads/report-files.js';

/** A report file's lines, read and checked one row at a time. */

export interface ReportReading {
  gateway: string;
  mode: Mode;
  /**
   * Unset: the canonical layout when the header is canonical (always for a gateway without a report
   * file of its own, Stripe), else the gateway's.
   */
  layout?: ReportLayout | undefined;
  columns?: Partial<ReportColumns> | undefined;
  /** Where the file is read and within which limits; unset: the system's temporary directory, the default limits. */
  area?: UploadArea | undefined;
  /** Stops reading when aborted (the activity cancelled, the worker shutting down). */
  signal?: AbortSignal | undefined;
}

export interface OpenedReport {
  /** `<gateway or canonical>-<csv or xlsx>`, as the import records it. */
  format: string;
  /** Each line with its identity, in file order; throws ReportFileProblem at the first bad row. */
  lines: AsyncGenerator<SettlementLineDraft>;
  /** Stops reading (the file is let go even when the lines were not read to the end). */
  close: () => Promise<void>;
}

/** Opens a report: its container sniffed, its header read and checked against its layout. */
export async function openReport(path: string, reading: ReportReading): Promise<OpenedReport> {
  const container = await sniffContainer(path);
  const rows = isolatedReportRows(path, container, reading.area ?? defaultUploadArea(), reading.signal);
  const close = async () => {
    await rows.return(undefined);
  };
  try {
    const first = await rows.next();
    if (first.done || first.value.kind !== 'header') {
      throw new ReportFileProblem({ row: 1, column: null, problem: 'the file has no header row' });
    }
    const names = first.value.names;
    const own = ownReportLayout(reading.gateway);
    // A gateway without a report file of its own (Stripe) is read in the canonical layout alone.
    const layoutName: ReportLayout =
      reading.layout ?? (own === null || looksCanonical(CANONICAL_LAYOUT, names) ? 'canonical' : 'gateway');
    const layout = layoutFor(own, layoutName, reading.columns);
    if (!layout) {
      throw new ReportFileProblem({
        row: 1,
        column: null,
        problem: `${reading.gateway} has no report layout of its own: write its lines in the canonical layout`,
      });
    }
    const header = resolveHeader(layout, names);
    if (!header.ok) throw new ReportFileProblem({ ...header.problem, row: first.value.row });
    const headers = header.headers;
    const rowLayout = layout;

    async function* lines(): AsyncGenerator<SettlementLineDraft> {
      // A report of a day with nothing settled is a header alone: it is read as no lines.
      const keys = new ReportLineKeys();
      for await (const entry of rows) {
        if (entry.kind !== 'row' || isBlankRow(entry.cells)) continue;
        const parsed = parseReportRow(rowLayout, headers, entry.cells, {
          row: entry.row,
          gateway: reading.gateway,
          mode: reading.mode,
        });
        if (!parsed.ok) throw new ReportFileProblem(parsed.problem);
        yield keys.keyed(parsed.line);
      }
    }
    return {
      format: `${layoutName === 'canonical' ? 'canonical' : reading.gateway}-${container}`,
      lines: lines(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
