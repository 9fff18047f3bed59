import { rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CellValue } from '../domain/settlement-reports/values.js';
import type { ReportContainer } from '../domain/settlements.js';
import { DEFAULT_CONCURRENT_READS, limitErrors, UploadLimitExceeded } from '../domain/upload-limits.js';
import type { ReaderThreadInput, ReaderThreadMessage } from './report-reader-thread.js';
import {
  ReportFileProblem,
  uploadFolder,
  type ReportRow,
  type UploadArea,
} from './settlement-report-files.js';

/**
 * An upload's rows, read in a thread of their own whose heap is bounded (UPLOAD_PARSER_HEAP_MB):
 * a file that makes the reader use more memory than that, or a fault in the reader, ends that
 * thread and refuses the file (UPLOAD_PARSER_FAILED); the process reading it carries on. The
 * thread works in a folder of the upload's own (its temporary directory too), removed however
 * reading ends.
 */

/** Compiled, the thread is the .js beside this file; run from sources (tests, npm start), tsx loads the .ts. */
const THREAD_FILE = join(__dirname, `report-reader-thread${extname(__filename)}`);
const THREAD_EXEC_ARGV = extname(__filename) === '.ts' ? ['--require', 'tsx/cjs'] : [];

/**
 * Dates as this realm's own: a date that crossed from the thread is a Date of the realm that
 * received it, which is not always the one the caller's code runs in (a test sandbox).
 */
function withOwnDates(cells: Record<string, CellValue>): Record<string, CellValue> {
  const own: Record<string, CellValue> = {};
  for (const [name, value] of Object.entries(cells)) {
    own[name] =
      value !== null && typeof value === 'object' && Object.prototype.toString.call(value) === '[object Date]'
        ? new Date((value as Date).getTime())
        : value;
  }
  return own;
}

type Received = ReaderThreadMessage | { type: 'crashed' };

function inbox(worker: Worker): () => Promise<Received> {
  const queue: Received[] = [];
  let waiting: ((message: Received) => void) | null = null;
  const push = (message: Received) => {
    if (waiting) {
      const wake = waiting;
      waiting = null;
      wake(message);
    } else queue.push(message);
  };
  worker.on('message', (message: ReaderThreadMessage) => push(message));
  // Out of memory (ERR_WORKER_OUT_OF_MEMORY), a fault, or an exit before the end.
  worker.on('error', () => push({ type: 'crashed' }));
  worker.on('exit', () => push({ type: 'crashed' }));
  return () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((r) => (waiting = r)));
}

/**
 * Turns to read, per process: each reading thread may take UPLOAD_PARSER_HEAP_MB, so the uploads
 * read at once are bounded too, however many arrive together.
 */
const turns = { reading: 0, waiting: [] as Array<() => void> };

async function takeTurn(limit: number): Promise<() => void> {
  while (turns.reading >= limit) await new Promise<void>((resolve) => turns.waiting.push(resolve));
  turns.reading += 1;
  return () => {
    turns.reading -= 1;
    turns.waiting.shift()?.();
  };
}

export async function* isolatedReportRows(
  path: string,
  container: ReportContainer,
  area: UploadArea,
): AsyncGenerator<ReportRow> {
  const done = await takeTurn(area.concurrentReads ?? DEFAULT_CONCURRENT_READS);
  let workDir: string | null = null;
  let worker: Worker | null = null;
  try {
    workDir = await uploadFolder(area);
    const input: ReaderThreadInput = { path, container, limits: area.limits, workDir };
    worker = new Worker(THREAD_FILE, {
      workerData: input,
      execArgv: THREAD_EXEC_ARGV,
      // Anything the reader's libraries spool goes to the upload's folder.
      env: { ...process.env, TMPDIR: workDir, TMP: workDir, TEMP: workDir },
      resourceLimits: {
        maxOldGenerationSizeMb: area.limits.parserHeapMb,
        maxYoungGenerationSizeMb: Math.min(32, Math.max(8, Math.floor(area.limits.parserHeapMb / 8))),
      },
    });
    const next = inbox(worker);
    for (;;) {
      const message = await next();
      switch (message.type) {
        case 'rows':
          for (const row of message.rows)
            yield row.kind === 'row' ? { ...row, cells: withOwnDates(row.cells) } : row;
          worker.postMessage('more');
          break;
        case 'end':
          return;
        case 'limit':
          throw new UploadLimitExceeded(message.code, message.message, message.limit);
        case 'problem':
          throw new ReportFileProblem(message.problem);
        case 'failed':
        case 'crashed':
          throw limitErrors.parser(area.limits);
      }
    }
  } finally {
    await worker?.terminate();
    if (workDir !== null) await rm(workDir, { recursive: true, force: true });
    done();
  }
}
