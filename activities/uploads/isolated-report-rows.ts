import { fork, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { CellValue, ReportContainer } from '../../domain/uploads/report-files.js';
import {
  DEFAULT_CONCURRENT_READS,
  limitErrors,
  UploadLimitExceeded,
  type UploadLimits,
} from '../../domain/uploads/upload-limits.js';
import { refusalOfReaderEnd, refusalOfReaderError, type ReaderEnd } from './reader-ending.js';
import type { ReaderInput, ReaderMessage, ReaderRequest } from './report-reader-process.js';
import { ReportFileProblem, uploadFolder, type ReportRow, type UploadArea } from './report-files.js';

/**
 * An upload's rows, read in a child process of their own whose heap is bounded
 * (UPLOAD_PARSER_HEAP_MB). A file that makes the reader use more memory than that ends that
 * process, V8's out-of-memory abort included, and refuses the file (UPLOAD_PARSER_FAILED); the
 * worker goes on. A thread was not enough: V8's abort on a thread's full heap can end the whole
 * process. A reader that makes no progress for UPLOAD_READER_STALL_SECONDS is ended too, and the file
 * refused (UPLOAD_PARSER_FAILED naming that setting). The reader works in a folder of the upload's own (its temporary directory too), removed
 * however reading ends, once the reader is gone.
 */

/** Compiled, the reader is the .js beside this file; run from sources (tests, npm start), tsx loads the .ts. */
const FROM_SOURCES = extname(__filename) === '.ts';
const READER_FILE = join(__dirname, `report-reader-process${extname(__filename)}`);

/** How long a reader asked to stop (SIGTERM) has before it is killed (SIGKILL). */
export const READER_KILL_AFTER_MS = 2_000;

/** The reader's stderr kept to tell why it ended (V8's report of a full heap is within it). */
const STDERR_KEPT = 8 * 1024;

/**
 * The reader's node flags: its old space is UPLOAD_PARSER_HEAP_MB; its young generation (three
 * semi-spaces) a small share of that, at most 24 MiB. Given on the command line, they win over
 * any NODE_OPTIONS; the worker's own flags are not passed on.
 */
export function readerExecArgv(limits: UploadLimits, fromSources = FROM_SOURCES): string[] {
  const semiSpaceMb = Math.min(8, Math.max(1, Math.floor(limits.parserHeapMb / 32)));
  return [
    `--max-old-space-size=${limits.parserHeapMb}`,
    `--max-semi-space-size=${semiSpaceMb}`,
    ...(fromSources ? ['--require', require.resolve('tsx/cjs')] : []),
  ];
}

/**
 * Dates as this realm's own: a date that crossed from the reader is a Date of the realm that
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

/** Readers alive in this process: killed with it, whatever ends it (a reader never outlives the worker). */
const alive = new Set<ChildProcess>();
let killedOnExit = false;
function track(child: ChildProcess): void {
  alive.add(child);
  if (!killedOnExit) {
    killedOnExit = true;
    process.on('exit', () => {
      for (const reader of alive) reader.kill('SIGKILL');
    });
  }
}

/** The line naming the error a reader that could not start printed (node's own report of it). */
function firstError(stderr: string): string {
  return (/^\w*Error\b.*$/m.exec(stderr)?.[0] ?? stderr.trim().slice(-300)).slice(0, 500);
}

type Received =
  | ReaderMessage
  | { type: 'ended'; end: ReaderEnd }
  | { type: 'unstarted'; why: string }
  | { type: 'aborted' }
  | { type: 'stalled' };

interface Reader {
  /**
   * What the reader says next. Once it has started, it has UPLOAD_READER_STALL_SECONDS to say
   * something (rows, progress, its end); past them, `stalled`.
   */
  next: () => Promise<Received>;
  send: (request: ReaderRequest) => void;
  /** Ends the reader (SIGTERM, then SIGKILL after READER_KILL_AFTER_MS) and waits until it is gone. */
  stop: () => Promise<void>;
}

function startReader(workDir: string, limits: UploadLimits, signal: AbortSignal | undefined): Reader {
  const child = fork(READER_FILE, [], {
    execArgv: readerExecArgv(limits),
    // Anything the reader's libraries spool goes to the upload's folder.
    env: { ...process.env, TMPDIR: workDir, TMP: workDir, TEMP: workDir },
    // Dates cross as dates.
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  track(child);
  const queue: Received[] = [];
  let waiting: ((received: Received) => void) | null = null;
  const push = (received: Received) => {
    if (waiting) {
      const wake = waiting;
      waiting = null;
      wake(received);
    } else queue.push(received);
  };
  let started = false;
  let stopping = false;
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEPT);
  });
  child.on('message', (message: ReaderMessage) => {
    if (message.type === 'ready') started = true;
    push(message);
  });
  // Could not be started at all (no process to be had).
  child.on('error', (error) => push({ type: 'unstarted', why: error.message }));
  // After every message and the whole of stderr.
  const gone = new Promise<void>((resolve) =>
    child.once('close', (code, exitSignal) => {
      alive.delete(child);
      resolve();
      if (stopping) return;
      push(
        started
          ? { type: 'ended', end: { code, signal: exitSignal, stderr } }
          : {
              type: 'unstarted',
              why: `exit code ${code}, signal ${exitSignal}: ${firstError(stderr)}`,
            },
      );
    }),
  );
  const onAbort = () => push({ type: 'aborted' });
  signal?.addEventListener('abort', onAbort, { once: true });
  const stallMs = limits.readerStallSeconds * 1000;
  return {
    next: () => {
      if (queue.length > 0) return Promise.resolve(queue.shift()!);
      return new Promise((resolve) => {
        // Starting (node and the reader's modules loading) is not the file's doing: not timed.
        const stalled = started ? setTimeout(() => push({ type: 'stalled' }), stallMs) : null;
        waiting = (received) => {
          if (stalled) clearTimeout(stalled);
          resolve(received);
        };
      });
    },
    send: (request) => {
      // A reader that has ended reports it through `close`.
      if (child.connected) child.send(request, () => undefined);
    },
    stop: async () => {
      stopping = true;
      signal?.removeEventListener('abort', onAbort);
      // Never started (its 'error' said why): there is no process to end or wait for.
      if (child.pid === undefined) {
        alive.delete(child);
        return;
      }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), READER_KILL_AFTER_MS);
        await gone;
        clearTimeout(kill);
      } else {
        await gone;
      }
    },
  };
}

/**
 * Turns to read, per process: each reader may take UPLOAD_PARSER_HEAP_MB, so the uploads read at
 * once are bounded too, however many arrive together.
 */
const turns = { reading: 0, waiting: [] as Array<() => void> };

async function takeTurn(limit: number, signal: AbortSignal | undefined): Promise<() => void> {
  while (turns.reading >= limit) {
    signal?.throwIfAborted();
    await new Promise<void>((resolve) => {
      turns.waiting.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  signal?.throwIfAborted();
  turns.reading += 1;
  return () => {
    turns.reading -= 1;
    // Every waiter looks again: one that gave up (aborted) takes nobody's turn.
    for (const wake of turns.waiting.splice(0)) wake();
  };
}

/**
 * The file's rows, read by a reader process of its own. Stopped when `signal` aborts (the activity
 * cancelled, the worker shutting down): the reader is ended and `signal.reason` thrown.
 */
export async function* isolatedReportRows(
  path: string,
  container: ReportContainer,
  area: UploadArea,
  signal?: AbortSignal,
): AsyncGenerator<ReportRow> {
  const done = await takeTurn(area.concurrentReads ?? DEFAULT_CONCURRENT_READS, signal);
  let workDir: string | null = null;
  let reader: Reader | null = null;
  try {
    workDir = await uploadFolder(area);
    signal?.throwIfAborted();
    const input: ReaderInput = { path, container, limits: area.limits, workDir };
    reader = startReader(workDir, area.limits, signal);
    reader.send({ type: 'read', input });
    for (;;) {
      const received = await reader.next();
      switch (received.type) {
        case 'ready':
        case 'progress':
          break;
        case 'rows':
          for (const row of received.rows)
            yield row.kind === 'row' ? { ...row, cells: withOwnDates(row.cells) } : row;
          reader.send({ type: 'more' });
          break;
        case 'end':
          return;
        case 'limit':
          throw new UploadLimitExceeded(received.code, received.message, received.limit);
        case 'problem':
          throw new ReportFileProblem(received.problem);
        case 'failed':
          throw refusalOfReaderError(received.message, area.limits);
        case 'ended':
          throw refusalOfReaderEnd(received.end, area.limits);
        case 'unstarted':
          // Not the file's doing (a broken install, no memory for a process): read again later.
          throw new Error(`the upload reader did not start (${received.why})`);
        case 'aborted':
          throw signal?.reason ?? new Error('reading the upload was stopped');
        case 'stalled':
          // Hung on the file (a loop, a wait that never ends): ended (below) and the file refused,
          // rather than holding a worker's slot until the activity's timeout, and again on retry.
          throw limitErrors.readerStalled(area.limits);
      }
    }
  } finally {
    await reader?.stop();
    if (workDir !== null) await rm(workDir, { recursive: true, force: true });
    done();
  }
}
