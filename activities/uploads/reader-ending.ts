import {
  limitErrors,
  type UploadLimitExceeded,
  type UploadLimits,
} from '../../domain/uploads/upload-limits.js';

/**
 * What the end of a process that read an upload says about the file. The reader is a child
 * process with a bounded heap (activities/uploads/isolated-report-rows.ts): V8 aborts it when the heap is
 * full, the system's out-of-memory killer ends it with SIGKILL, a fault ends it with another
 * signal. Those are the file's doing and refuse it, so that no retry reads it again. A reader
 * interrupted by the signals that stop a worker (Ctrl-C on the process group, a stop) says
 * nothing about the file: the read is retried.
 */

export interface ReaderEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last few KiB the reader wrote to stderr (V8 says why it aborted there). */
  stderr: string;
}

/** The signals a worker is stopped with, which reach its readers too. */
const STOPPING: ReadonlySet<string> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']);

/** V8's fatal out-of-memory report ("Reached heap limit Allocation failed - JavaScript heap out of memory"). */
const HEAP_REPORT = /heap out of memory|Reached heap limit|Allocation failed/i;

/** A JavaScript error that means memory ran short rather than a fault in the reader. */
const MEMORY_ERROR = /allocation failed|invalid string length|invalid array length|out of memory/i;

/** A reader stopped from outside: the file is read again when the activity is retried. */
export class ReaderInterrupted extends Error {
  constructor(why: string) {
    super(`reading the upload was interrupted (${why}): it is read again`);
    this.name = 'ReaderInterrupted';
  }
}

/** Why a reader that had started ended without answering. */
export function refusalOfReaderEnd(end: ReaderEnd, limits: UploadLimits): UploadLimitExceeded | Error {
  if (HEAP_REPORT.test(end.stderr)) return limitErrors.parserMemory(limits);
  if (end.signal !== null && STOPPING.has(end.signal)) return new ReaderInterrupted(end.signal);
  // V8 aborts (SIGABRT, 134 through a shell) when the heap is full; the kernel kills the largest
  // process with SIGKILL when the machine's memory is (the reader's own kill is told apart first).
  if (end.signal === 'SIGABRT' || end.signal === 'SIGKILL' || end.code === 134) {
    return limitErrors.parserMemory(limits);
  }
  return limitErrors.parser(limits);
}

/** The refusal for an error the reader caught itself. */
export function refusalOfReaderError(message: string, limits: UploadLimits): UploadLimitExceeded {
  return MEMORY_ERROR.test(message) ? limitErrors.parserMemory(limits) : limitErrors.parser(limits);
}
