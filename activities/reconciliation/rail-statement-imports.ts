import type { EntityManager } from '@mikro-orm/postgresql';
import type { Readable } from 'node:stream';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import {
  closeRailStatementImport,
  findRailStatementImportByHash,
  insertRailStatementLines,
  openRailStatementImport,
  type RailStatementImportRecord,
} from '../../db/reconciliation/rail-statements.js';
import {
  isStatementRail,
  parseRailStatementRow,
  RailLineKeys,
  resolveRailStatementHeader,
  type RailStatementLineDraft,
  type StatementRail,
} from '../../domain/reconciliation/rail-statements.js';
import { isCalendarDate } from '../../domain/reconciliation/settlements.js';
import { isBlankRow } from '../../domain/reconciliation/settlement-reports/rows.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Mode } from '../../domain/shared/mode.js';
import { isolatedReportRows } from '../uploads/isolated-report-rows.js';
import {
  defaultUploadArea,
  ReportFileProblem,
  sniffContainer,
  type SpooledReport,
  type UploadArea,
} from '../uploads/report-files.js';
import {
  importUploadedFile,
  withSpooledFile,
  type UploadedFileKind,
} from '../uploads/uploaded-file-import.js';

/**
 * A payout rail's statement of a day in: read in the worker (streamed, in the isolated reader,
 * within the upload limits), checked row by row, and stored in one transaction. A problem
 * anywhere leaves nothing behind; the same file again answers the earlier import; a line an
 * earlier statement brought is not stored again.
 */

export interface RailStatementInput {
  rail: string;
  mode: Mode;
  /** The day the statement speaks for (Bangladesh time): every line must be of it. */
  statementDate: string;
  fileName: string;
  importedBy: number | null;
  audit?: AuditActor | undefined;
  area?: UploadArea | undefined;
  signal?: AbortSignal | undefined;
}

export interface RailStatementImportResult {
  importId: number;
  created: boolean;
  record: RailStatementImportRecord;
}

const LINE_BATCH = 1000;

const RAIL_STATEMENT: UploadedFileKind<RailStatementImportRecord> = {
  what: 'rail statement',
  auditPrefix: 'rail_statement',
  targetType: 'rail_statement_import',
  byHash: (em, where) => findRailStatementImportByHash(em, where),
};

export async function importRailStatement(
  em: EntityManager,
  input: RailStatementInput & { stream: Readable },
): Promise<RailStatementImportResult> {
  return withSpooledFile(
    input.stream,
    (spooled) => importSpooledRailStatement(em, input, spooled),
    input.area,
  );
}

export async function importSpooledRailStatement(
  em: EntityManager,
  input: RailStatementInput,
  spooled: Pick<SpooledReport, 'path' | 'sha256'>,
): Promise<RailStatementImportResult> {
  const rail = input.rail;
  if (!isStatementRail(rail)) {
    throw new ApiError('VALIDATION_ERROR', `No statements are imported for the rail ${rail}`);
  }
  if (!isCalendarDate(input.statementDate)) {
    throw new ApiError('VALIDATION_ERROR', `${input.statementDate} is not a day`);
  }
  // The same file is the statement of one day: asked again for another, it is refused, not answered
  // with the import of the day its lines are of.
  const earlier = await findRailStatementImportByHash(em, {
    gateway: rail,
    mode: input.mode,
    fileSha256: spooled.sha256,
  });
  if (earlier && earlier.statementDate !== input.statementDate) {
    throw new ApiError(
      'VALIDATION_ERROR',
      `This file was imported before as ${rail}'s statement of ${earlier.statementDate}, not of ${input.statementDate}`,
    );
  }
  const { record, created } = await importUploadedFile(
    em,
    RAIL_STATEMENT,
    { gateway: rail, mode: input.mode, fileName: input.fileName, audit: input.audit },
    spooled.sha256,
    (tx) => storeStatement(tx, { ...input, rail }, spooled),
  );
  return { importId: record.id, created, record };
}

async function storeStatement(
  tx: EntityManager,
  input: RailStatementInput & { rail: StatementRail },
  spooled: Pick<SpooledReport, 'path' | 'sha256'>,
): Promise<number | null> {
  const container = await sniffContainer(spooled.path);
  const rows = isolatedReportRows(spooled.path, container, input.area ?? defaultUploadArea(), input.signal);
  try {
    const first = await rows.next();
    if (first.done || first.value.kind !== 'header') {
      throw new ReportFileProblem({ row: 1, column: null, problem: 'the file has no header row' });
    }
    const header = resolveRailStatementHeader(input.rail, first.value.names);
    if (!header.ok) throw new ReportFileProblem({ ...header.problem, row: first.value.row });
    const opened = await openRailStatementImport(tx, {
      rail: input.rail,
      mode: input.mode,
      statementDate: input.statementDate,
      fileName: input.fileName.slice(0, 255),
      fileSha256: spooled.sha256,
      importedBy: input.importedBy,
    });
    if (opened === null) return null;
    const keys = new RailLineKeys();
    let batch: RailStatementLineDraft[] = [];
    let lineCount = 0;
    let storedLineCount = 0;
    for await (const entry of rows) {
      if (entry.kind !== 'row' || isBlankRow(entry.cells)) continue;
      const parsed = parseRailStatementRow(input.rail, header.headers, entry.cells, {
        row: entry.row,
        mode: input.mode,
        statementDate: input.statementDate,
      });
      if (!parsed.ok) throw new ReportFileProblem(parsed.problem);
      if (parsed.line === null) continue;
      batch.push(keys.keyed(parsed.line));
      lineCount += 1;
      if (batch.length >= LINE_BATCH) {
        storedLineCount += await insertRailStatementLines(tx, opened, batch);
        batch = [];
      }
    }
    storedLineCount += await insertRailStatementLines(tx, opened, batch);
    await closeRailStatementImport(tx, opened, { lineCount, storedLineCount });
    if (input.audit) {
      await appendAudit(tx, input.audit, {
        action: 'rail_statement.import',
        targetType: 'rail_statement_import',
        targetId: opened,
        after: {
          rail: input.rail,
          mode: input.mode,
          statementDate: input.statementDate,
          fileName: input.fileName,
          fileSha256: spooled.sha256,
          lineCount,
          storedLineCount,
        },
      });
    }
    return opened;
  } finally {
    await rows.return(undefined);
  }
}
