/**
 * How much a file finance uploads (a settlement report, a bank statement) may cost to read. A
 * spreadsheet is a zip: a few megabytes can inflate to gigabytes, so the bytes sent, the bytes
 * inflated, the rows and the width of a row are each bounded, and reading stops at the first limit
 * crossed with the limit's name.
 */
export interface UploadLimits {
  /** Bytes of the file as sent (UPLOAD_MAX_BYTES). */
  maxBytes: number;
  /** Bytes the parts of a workbook that are read may inflate to, in all (UPLOAD_MAX_DECOMPRESSED_BYTES). */
  maxDecompressedBytes: number;
  /** How many times larger than its compressed bytes a part of a workbook may inflate (UPLOAD_MAX_COMPRESSION_RATIO). */
  maxCompressionRatio: number;
  /** Rows of the first sheet or of a CSV, header included (UPLOAD_MAX_ROWS). */
  maxRows: number;
  /** Columns a row may reach (UPLOAD_MAX_COLUMNS). */
  maxColumns: number;
  /** The heap the process that reads an upload may use, in MiB (UPLOAD_PARSER_HEAP_MB). */
  parserHeapMb: number;
  /**
   * Seconds the reading process may go without progress (no bytes of the file read on, no row
   * made) before it is ended and the file refused (UPLOAD_READER_STALL_SECONDS).
   */
  readerStallSeconds: number;
}

/** Where uploads are spooled and read (a folder of each upload's own under `root`), within which limits. */
export interface UploadArea {
  /** UPLOAD_TMP_DIR, else the system's temporary directory. */
  root?: string | undefined;
  limits: UploadLimits;
  /** Uploads a process reads at once (UPLOAD_MAX_CONCURRENT_READS); the rest wait their turn. */
  concurrentReads?: number | undefined;
}

export const DEFAULT_CONCURRENT_READS = 2;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxDecompressedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxRows: 200_000,
  maxColumns: 64,
  parserHeapMb: 256,
  readerStallSeconds: 60,
};

/** A part smaller than this inflated is not held to the ratio: tiny parts compress far better. */
export const RATIO_EXEMPT_BYTES = 1024 * 1024;

export type UploadLimitCode =
  | 'UPLOAD_TOO_LARGE'
  | 'UPLOAD_DECOMPRESSED_TOO_LARGE'
  | 'UPLOAD_TOO_MANY_ROWS'
  | 'UPLOAD_TOO_MANY_CELLS'
  | 'UPLOAD_ARCHIVE_INVALID'
  | 'UPLOAD_PARSER_FAILED';

/** The setting that names each limit, as the refusal tells the operator. */
export const LIMIT_SETTING: Record<UploadLimitCode, string | null> = {
  UPLOAD_TOO_LARGE: 'UPLOAD_MAX_BYTES',
  UPLOAD_DECOMPRESSED_TOO_LARGE: 'UPLOAD_MAX_DECOMPRESSED_BYTES',
  UPLOAD_TOO_MANY_ROWS: 'UPLOAD_MAX_ROWS',
  UPLOAD_TOO_MANY_CELLS: 'UPLOAD_MAX_COLUMNS',
  UPLOAD_ARCHIVE_INVALID: null,
  UPLOAD_PARSER_FAILED: 'UPLOAD_PARSER_HEAP_MB',
};

/** Every code an upload's limits refuse with, in the order the limits are checked. */
export const UPLOAD_LIMIT_CODES = Object.keys(LIMIT_SETTING) as UploadLimitCode[];

/** Reading an upload stopped at a limit (or at an archive that lies about itself). */
export class UploadLimitExceeded extends Error {
  readonly setting: string | null;
  constructor(
    readonly code: UploadLimitCode,
    message: string,
    /** The limit's value, when one was crossed. */
    readonly limit: number | null = null,
    /** The setting named, when not the code's own (a reader that stalled, for one). */
    setting: string | null = LIMIT_SETTING[code],
  ) {
    super(message);
    this.name = 'UploadLimitExceeded';
    this.setting = setting;
  }

  /** What is kept on the upload and sent as the error's details. */
  details(): { limit: string | null; value: number | null } {
    return { limit: this.setting, value: this.limit };
  }
}

export const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

export const limitErrors = {
  tooLarge: (limits: UploadLimits) =>
    new UploadLimitExceeded(
      'UPLOAD_TOO_LARGE',
      `The file is larger than ${mib(limits.maxBytes)} (UPLOAD_MAX_BYTES)`,
      limits.maxBytes,
    ),
  decompressed: (limits: UploadLimits) =>
    new UploadLimitExceeded(
      'UPLOAD_DECOMPRESSED_TOO_LARGE',
      `The workbook inflates to more than ${mib(limits.maxDecompressedBytes)} (UPLOAD_MAX_DECOMPRESSED_BYTES)`,
      limits.maxDecompressedBytes,
    ),
  ratio: (limits: UploadLimits, part: string) =>
    new UploadLimitExceeded(
      'UPLOAD_DECOMPRESSED_TOO_LARGE',
      `The workbook's part ${part} inflates more than ${limits.maxCompressionRatio} times its size (UPLOAD_MAX_COMPRESSION_RATIO)`,
      limits.maxCompressionRatio,
    ),
  rows: (limits: UploadLimits) =>
    new UploadLimitExceeded(
      'UPLOAD_TOO_MANY_ROWS',
      `The file has more than ${limits.maxRows} rows (UPLOAD_MAX_ROWS)`,
      limits.maxRows,
    ),
  columns: (limits: UploadLimits, row: number) =>
    new UploadLimitExceeded(
      'UPLOAD_TOO_MANY_CELLS',
      `Row ${row} has more than ${limits.maxColumns} columns (UPLOAD_MAX_COLUMNS)`,
      limits.maxColumns,
    ),
  archive: (why: string) =>
    new UploadLimitExceeded('UPLOAD_ARCHIVE_INVALID', `The workbook is not a sound zip archive: ${why}`),
  /** The reading process ran out of its heap (or of the machine's memory). */
  parserMemory: (limits: UploadLimits) =>
    new UploadLimitExceeded(
      'UPLOAD_PARSER_FAILED',
      `Reading the file needed more than ${limits.parserHeapMb} MiB of memory (UPLOAD_PARSER_HEAP_MB)`,
      limits.parserHeapMb,
    ),
  /** The reading process failed on the file some other way (a fault, not memory). */
  parser: (limits: UploadLimits) =>
    new UploadLimitExceeded(
      'UPLOAD_PARSER_FAILED',
      `The reader failed on the file (its memory is bounded by UPLOAD_PARSER_HEAP_MB, ${limits.parserHeapMb} MiB)`,
      limits.parserHeapMb,
    ),
  /** The reading process made no progress for UPLOAD_READER_STALL_SECONDS: it was ended. */
  readerStalled: (limits: UploadLimits) =>
    new UploadLimitExceeded(
      'UPLOAD_PARSER_FAILED',
      `Reading the file made no progress for ${limits.readerStallSeconds} seconds (UPLOAD_READER_STALL_SECONDS)`,
      limits.readerStallSeconds,
      'UPLOAD_READER_STALL_SECONDS',
    ),
};
