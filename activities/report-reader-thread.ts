import { parentPort, workerData } from 'node:worker_threads';
import type { ReportContainer } from '../domain/settlements.js';
import { UploadLimitExceeded, type UploadLimits } from '../domain/upload-limits.js';
import { ReportFileProblem, reportRows, type ReportRow } from './settlement-report-files.js';

/**
 * The thread an upload is read in (activities/isolated-report-rows.ts starts it with a bounded
 * heap): it reads the file's rows and hands them over a batch at a time, each batch only once the
 * last was taken, so neither side holds more than a batch. Whatever the file does to the reader,
 * only this thread dies of it.
 */

export interface ReaderThreadInput {
  path: string;
  container: ReportContainer;
  limits: UploadLimits;
  workDir: string;
}

export type ReaderThreadMessage =
  | { type: 'rows'; rows: ReportRow[] }
  | { type: 'end' }
  | { type: 'limit'; code: UploadLimitExceeded['code']; message: string; limit: number | null }
  | { type: 'problem'; problem: ReportFileProblem['problem'] }
  | { type: 'failed'; message: string };

/** Rows per message: few messages, little held. */
const BATCH = 500;

const port = parentPort!;
const input = workerData as ReaderThreadInput;
const send = (message: ReaderThreadMessage) => port.postMessage(message);
const taken = () => new Promise<void>((resolve) => port.once('message', () => resolve()));

async function read(): Promise<void> {
  let batch: ReportRow[] = [];
  for await (const row of reportRows(input.path, input.container, input)) {
    batch.push(row);
    if (batch.length >= BATCH) {
      send({ type: 'rows', rows: batch });
      batch = [];
      await taken();
    }
  }
  if (batch.length > 0) {
    send({ type: 'rows', rows: batch });
    await taken();
  }
  send({ type: 'end' });
}

read().catch((error: unknown) => {
  if (error instanceof UploadLimitExceeded) {
    send({ type: 'limit', code: error.code, message: error.message, limit: error.limit });
  } else if (error instanceof ReportFileProblem) {
    send({ type: 'problem', problem: error.problem });
  } else {
    send({ type: 'failed', message: (error as Error)?.message ?? String(error) });
  }
});
