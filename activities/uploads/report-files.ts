import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline as streamPipeline, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import type { CellValue, ReportContainer, SettlementFileProblem } from '../../domain/uploads/report-files.js';
import {
  DEFAULT_UPLOAD_LIMITS,
  limitErrors,
  UploadLimitExceeded,
  type UploadArea,
  type UploadLimits,
} from '../../domain/uploads/upload-limits.js';
import { csvWithinCells, sheetChunksWithinCells } from './row-width.js';
import { safeWorkbook } from './upload-archive.js';
import { readDateStyles, readSharedStrings, readSheetRows, sheetChunks } from './xlsx-reader.js';

/**
 * Reading uploaded report files (settlement reports, bank and rail statements), streamed: an
 * upload is spooled to a temporary file while its hash is taken, then read a row at a time
 * (csv-parse for CSV, a saxes reader of the sheet's XML for XLSX, xlsx-reader.ts), so a report is
 * held in memory one row at a time, and reading stops at the upload limits
 * (domain/uploads/upload-limits.ts).
 */

/** Every temporary folder of an upload starts so: the worker sweeps stale ones at start. */
export const UPLOAD_DIR_PREFIX = 'oi-upload-';

export interface SpooledReport {
  path: string;
  sha256: string;
  bytes: number;
  /** Removes the file and its folder. */
  discard: () => Promise<void>;
}

/** A report file's own problem (not one row's): what the operator is told. */
export class ReportFileProblem extends Error {
  constructor(readonly problem: SettlementFileProblem) {
    super(problem.problem);
    this.name = 'ReportFileProblem';
  }
}

export type { UploadArea };

export const defaultUploadArea = (): UploadArea => ({ limits: DEFAULT_UPLOAD_LIMITS });

/** A new folder of one upload's own, under the area's root. */
export const uploadFolder = (area: Pick<UploadArea, 'root'>) =>
  mkdtemp(join(area.root ?? tmpdir(), UPLOAD_DIR_PREFIX));

/**
 * Copies a stream to a temporary file, taking its sha256 on the way; refuses past the upload
 * limit (UploadLimitExceeded UPLOAD_TOO_LARGE), leaving nothing behind.
 */
export async function spoolReport(
  stream: Readable,
  area: UploadArea = defaultUploadArea(),
): Promise<SpooledReport> {
  const maxBytes = area.limits.maxBytes;
  const folder = await uploadFolder(area);
  const path = join(folder, 'report');
  const discard = () => rm(folder, { recursive: true, force: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(limitErrors.tooLarge(area.limits));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, counted, createWriteStream(path));
  } catch (error) {
    await discard();
    throw error;
  }
  return { path, sha256: hash.digest('hex'), bytes, discard };
}

/** What the file is, by its first bytes: a zip (XLSX), the older binary Excel format, or text. */
export async function sniffContainer(path: string): Promise<ReportContainer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead === 0) throw new ReportFileProblem({ row: 1, column: null, problem: 'the file is empty' });
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
    if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
      throw new ReportFileProblem({
        row: 1,
        column: null,
        problem: 'the older Excel format (.xls) is not read: save the report as XLSX or CSV',
      });
    }
    return 'csv';
  } finally {
    await handle.close();
  }
}

export type ReportRow =
  | { kind: 'header'; names: string[]; row: number }
  | { kind: 'row'; row: number; cells: Record<string, CellValue> };

/** How a report is read: within which limits, in which folder, telling whom of the bytes read. */
export interface Reading {
  limits: UploadLimits;
  workDir: string;
  /**
   * Told of each chunk of the file read (and of a workbook's inflated parts): progress even when
   * no row comes of it, as through a run of empty lines.
   */
  progressed?: ((bytes: number) => void) | undefined;
}

/**
 * A report's header, then each row with its 1-based row number in the file, within the limits.
 * Runs in the process that reads uploads (activities/uploads/report-reader-process.ts): `workDir` is that
 * upload's own folder, removed by whoever made it.
 */
export function reportRows(
  path: string,
  container: ReportContainer,
  reading: Reading,
): AsyncGenerator<ReportRow> {
  return container === 'xlsx' ? xlsxRows(path, reading) : csvRows(path, reading);
}

/** Passes a stream's chunks on as they are taken, telling `progressed` of each. */
function toldOfBytes(progressed: Reading['progressed']): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      progressed?.(chunk.length);
      done(null, chunk);
    },
  });
}

async function* csvRows(path: string, reading: Reading): AsyncGenerator<ReportRow> {
  const { limits } = reading;
  let header: string[] | null = null;
  let rows = 0;
  // A pipeline, not pipe(): a refusal by the cell count ends the parser's rows with it.
  const parser = streamPipeline(
    createReadStream(path),
    toldOfBytes(reading.progressed),
    csvWithinCells(limits),
    parse({
      bom: true,
      columns: (names: string[]) => {
        if (names.length > limits.maxColumns) throw limitErrors.columns(limits, 1);
        header = names.map((name) => String(name).trim());
        return header;
      },
      skip_empty_lines: true,
      info: true,
      max_record_size: 64 * 1024,
    }),
    () => undefined,
  );
  let headerSent = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (!headerSent) {
        headerSent = true;
        yield { kind: 'header', names: header ?? [], row: 1 };
      }
      // The header is a row too.
      rows += 1;
      if (rows + 1 > limits.maxRows) throw limitErrors.rows(limits);
      yield { kind: 'row', row: info.lines, cells: record };
    }
  } catch (error) {
    if (error instanceof UploadLimitExceeded) throw error;
    if (error instanceof CsvError) {
      const lines = typeof error.lines === 'number' ? error.lines : 1;
      throw new ReportFileProblem({ row: lines, column: null, problem: csvProblem(error) });
    }
    throw error;
  } finally {
    parser.destroy();
  }
  if (!headerSent) {
    if (header === null)
      throw new ReportFileProblem({ row: 1, column: null, problem: 'the file has no header row' });
    yield { kind: 'header', names: header, row: 1 };
  }
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return 'the row has a different number of columns than the header';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a value is quoted wrongly';
    case 'CSV_MAX_RECORD_SIZE':
      return 'the row is too long';
    default:
      return 'the file is not readable CSV';
  }
}

/**
 * The first worksheet of an XLSX, streamed: its first row of two cells or more is the header. The
 * workbook is read from its safe copy (activities/uploads/upload-archive.ts), within the limits.
 */
async function* xlsxRows(path: string, reading: Reading): AsyncGenerator<ReportRow> {
  const { limits } = reading;
  const told = (chunk: Buffer) => reading.progressed?.(chunk.length);
  const parts = await safeWorkbook(path, reading.workDir, limits, reading.progressed);
  let rows = 0;
  let header: string[] | null = null;
  try {
    const shared = parts.sharedStrings ? await readSharedStrings(parts.sharedStrings, told) : [];
    // The row's cells are counted as its XML arrives, before the parser builds the row.
    const chunks = sheetChunksWithinCells(sheetChunks(parts.sheet, told), limits);
    const dateStyles = parts.styles ? await readDateStyles(parts.styles, told) : [];
    for await (const row of readSheetRows(chunks, shared, dateStyles)) {
      rows += 1;
      if (rows > limits.maxRows || row.number > limits.maxRows) throw limitErrors.rows(limits);
      const values = row.values;
      if (values.length > limits.maxColumns) throw limitErrors.columns(limits, row.number);
      if (header === null) {
        const names = Array.from(values, (value) =>
          value === null || value === undefined
            ? ''
            : String(value instanceof Date ? value.toISOString() : value).trim(),
        );
        // Panels put a title (one merged cell) or blank rows above the header: passed over.
        if (names.filter(Boolean).length < 2) continue;
        header = names;
        yield { kind: 'header', names: header.filter((name) => name !== ''), row: row.number };
        continue;
      }
      const cells: Record<string, CellValue> = {};
      header.forEach((name, index) => {
        if (name && cells[name] === undefined) cells[name] = values[index] ?? null;
      });
      yield { kind: 'row', row: row.number, cells };
    }
  } catch (error) {
    if (error instanceof ReportFileProblem || error instanceof UploadLimitExceeded) throw error;
    throw new ReportFileProblem({
      row: 1,
      column: null,
      problem: `the file is not a readable XLSX workbook (${(error as Error).message})`,
    });
  }
  if (header === null)
    throw new ReportFileProblem({ row: 1, column: null, problem: 'the first sheet has no header row' });
}
