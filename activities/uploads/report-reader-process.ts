import type { ReportContainer } from '../../domain/uploads/report-files.js';
import { UploadLimitExceeded, type UploadLimits } from '../../domain/uploads/upload-limits.js';
import { ReportFileProblem, reportRows, type ReportRow } from './report-files.js';

/**
 * The process an upload is read in (activities/uploads/isolated-report-rows.ts forks it with a bounded
 * heap): it reads the file's rows and hands them over a batch at a time, each batch only once the
 * last was taken, so neither side holds more than a batch. Whatever the file does to the reader,
 * V8's out-of-memory abort included, only this process dies of it.
 */

export interface ReaderInput {
  path: string;
  container: ReportContainer;
  limits: UploadLimits;
  workDir: string;
}

/** From the process that reads uploads. */
export type ReaderMessage =
  | { type: 'ready' }
  | { type: 'rows'; rows: ReportRow[] }
  /** Reading went on (bytes read, rows made) since the last message: not stalled. */
  | { type: 'progress' }
  | { type: 'end' }
  | { type: 'limit'; code: UploadLimitExceeded['code']; message: string; limit: number | null }
  | { type: 'problem'; problem: ReportFileProblem['problem'] }
  | { type: 'failed'; message: string };

/** To it: the file to read, then `more` for each batch taken. */
export type ReaderRequest = { type: 'read'; input: ReaderInput } | { type: 'more' };

/** Rows per message: few messages, little held. */
const BATCH = 500;

/**
 * How often a reader that is getting on says so: well under the shortest stall allowed
 * (UPLOAD_READER_STALL_SECONDS, 10 s at least), so a reader passing over many empty rows, or
 * inflating a large part, is not taken for stalled. Said only after progress: a reader stuck on
 * its file says nothing, and one busy in a loop cannot.
 */
export const READER_HEARTBEAT_MS = 1_000;

const send = (message: ReaderMessage) =>
  new Promise<void>((resolve) => process.send!(message, undefined, undefined, () => resolve()));
const taken = () => new Promise<void>((resolve) => process.once('message', () => resolve()));

/** Progress made (bytes read, rows made), and how much of it was last told. */
const progress = { made: 0, told: 0 };

function tellProgress(): void {
  if (progress.made === progress.told) return;
  progress.told = progress.made;
  process.send!({ type: 'progress' } satisfies ReaderMessage, undefined, undefined, () => undefined);
}

async function read(input: ReaderInput): Promise<void> {
  let batch: ReportRow[] = [];
  const reading = { ...input, progressed: () => (progress.made += 1) };
  for await (const row of reportRows(input.path, input.container, reading)) {
    progress.made += 1;
    batch.push(row);
    if (batch.length >= BATCH) {
      const next = taken();
      await send({ type: 'rows', rows: batch });
      batch = [];
      await next;
    }
  }
  if (batch.length > 0) {
    const next = taken();
    await send({ type: 'rows', rows: batch });
    await next;
  }
  await send({ type: 'end' });
}

async function answer(input: ReaderInput): Promise<void> {
  setInterval(tellProgress, READER_HEARTBEAT_MS).unref();
  try {
    await read(input);
  } catch (error) {
    if (error instanceof UploadLimitExceeded) {
      await send({ type: 'limit', code: error.code, message: error.message, limit: error.limit });
    } else if (error instanceof ReportFileProblem) {
      await send({ type: 'problem', problem: error.problem });
    } else {
      await send({ type: 'failed', message: (error as Error)?.message ?? String(error) });
    }
  }
  process.disconnect();
}

if (!process.send) {
  console.error('the upload reader runs only as a child of the worker');
  process.exit(2);
}
// The worker gone, however it ended (even SIGKILL closes the channel): nothing is left to read for.
process.on('disconnect', () => process.exit(0));
process.once('message', (request: ReaderRequest) => {
  if (request.type === 'read') void answer(request.input);
});
void send({ type: 'ready' });
