import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cancellationSignal, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  findFileUpload,
  finishFileUpload,
  writeFileUploadTo,
  type FileUploadOutcome,
  type FileUploadRecord,
} from '../../db/uploads/file-uploads.js';
import type { Orm } from '../../platform/orm/orm.js';
import { ApiError, type ErrorCode } from '../../domain/shared/errors.js';
import type { ColumnOverrides } from '../../domain/reconciliation/settlement-reports/layouts.js';
import type { ReportLayout } from '../../domain/reconciliation/settlements.js';
import {
  DEFAULT_UPLOAD_LIMITS,
  UPLOAD_LIMIT_CODES,
  type UploadArea,
} from '../../domain/uploads/upload-limits.js';
import {
  createPayoutBatchUploadReader,
  type PayoutBatchUploadDeps,
  type TakenBatch,
} from '../payouts/payout-batch-uploads.js';
import { importSpooledBankStatement } from '../reconciliation/bank-statement-imports.js';
import { importSpooledRailStatement } from '../reconciliation/rail-statement-imports.js';
import { importSpooledReport } from '../reconciliation/settlement-imports.js';
import { uploadFolder } from './report-files.js';

/**
 * Reading an uploaded file, in the worker: the API only received and stored it. The upload is
 * named by its id alone; everything else (whose file, which gateway and mode, its bytes and
 * their hash) is read back from the database. The bytes are written to a folder of the upload's
 * own, read within the upload limits (in a process of their own), and the folder removed however
 * reading ends. The outcome, an import or a refusal naming its limit or problem, is recorded on
 * the upload; a retried read answers the recorded outcome.
 */

export interface FileUploadActivityDeps extends PayoutBatchUploadDeps {
  orm: Orm;
  uploads?: {
    area: UploadArea;
    /** Settlement reports' column names per gateway (SETTLEMENT_REPORT_COLUMNS). */
    columns?: ColumnOverrides | undefined;
  };
}

/** Refusals of the file itself: recorded on the upload. Anything else is retried. */
const REFUSALS = new Set<ErrorCode>([
  'SETTLEMENT_FILE_INVALID',
  'BANK_ACCOUNT_NOT_NAMED',
  'VALIDATION_ERROR',
  ...UPLOAD_LIMIT_CODES,
  // A payout batch file: a bad line, or its app gone, stopped or too fast.
  'PAYOUT_BATCH_LINES_INVALID',
  'APP_NOT_FOUND',
  'APP_SUSPENDED',
  'VELOCITY_LIMITED',
]);

/** How often a reading activity heartbeats: a cancellation reaches it no later than this. */
const HEARTBEAT_MS = 5_000;

/** A payout batch file's import names the batch it took, whose workflow the reading starts next. */
export type FileUploadResult =
  (FileUploadOutcome & { payoutBatch?: TakenBatch | null }) | { status: 'MISSING' };

function outcomeOf(upload: FileUploadRecord): FileUploadOutcome | null {
  if (upload.status === 'IMPORTED') {
    return { status: 'IMPORTED', importId: upload.importId!, created: upload.importCreated ?? false };
  }
  if (upload.status === 'REFUSED') {
    return {
      status: 'REFUSED',
      errorCode: upload.errorCode!,
      message: upload.errorMessage ?? '',
      details: upload.errorDetails,
    };
  }
  return null;
}

export function createFileUploadActivities(deps: FileUploadActivityDeps) {
  const area = deps.uploads?.area ?? { limits: DEFAULT_UPLOAD_LIMITS };
  const em = () => deps.orm.em.fork() as EntityManager;
  const payoutBatches = createPayoutBatchUploadReader(deps);

  /** The outcome as the workflow needs it: a payout batch's with the batch it took. */
  async function answered(upload: FileUploadRecord, outcome: FileUploadOutcome): Promise<FileUploadResult> {
    if (upload.kind !== 'payout_batch' || outcome.status !== 'IMPORTED') return outcome;
    return { ...outcome, payoutBatch: await payoutBatches.batchOf(outcome.importId) };
  }

  async function read(upload: FileUploadRecord, path: string): Promise<FileUploadOutcome> {
    const spooled = { path, sha256: upload.fileSha256 };
    const input = {
      gateway: upload.gateway,
      mode: upload.mode,
      fileName: upload.fileName,
      importedBy: upload.uploadedBy,
      audit: upload.actor,
      area,
      // Cancelled (or the worker shutting down): the reader process is ended with the activity.
      signal: cancellationSignal(),
    };
    try {
      if (upload.kind === 'rail_statement') {
        const done = await importSpooledRailStatement(
          em(),
          { ...input, rail: upload.gateway, statementDate: upload.layout ?? '' },
          spooled,
        );
        return { status: 'IMPORTED', importId: done.importId, created: done.created };
      }
      if (upload.kind === 'payout_batch') {
        return { status: 'IMPORTED', ...(await payoutBatches.takeBatch(upload, path)) };
      }
      if (upload.kind === 'bank_statement') {
        const done = await importSpooledBankStatement(em(), input, spooled);
        return { status: 'IMPORTED', importId: done.importId, created: done.created };
      }
      const done = await importSpooledReport(
        em(),
        {
          ...input,
          layout: (upload.layout ?? undefined) as ReportLayout | undefined,
          columns: deps.uploads?.columns?.[upload.gateway],
        },
        spooled,
      );
      return { status: 'IMPORTED', importId: done.importId, created: done.created };
    } catch (error) {
      if (error instanceof ApiError && REFUSALS.has(error.code)) {
        return {
          status: 'REFUSED',
          errorCode: error.code,
          message: error.message,
          details: (error.details as Record<string, unknown> | undefined) ?? null,
        };
      }
      throw error;
    }
  }

  return {
    /** Reads upload `uploadId` and records the outcome; answers the outcome (the recorded one when read before). */
    async importFileUpload(input: { uploadId: number }): Promise<FileUploadResult> {
      const upload = await findFileUpload(em(), input.uploadId);
      if (!upload) return { status: 'MISSING' };
      const recorded = outcomeOf(upload);
      if (recorded) return answered(upload, recorded);
      const folder = await uploadFolder(area);
      try {
        const path = join(folder, 'file');
        const sha256 = await writeFileUploadTo(em(), upload.id, path);
        if (sha256 !== upload.fileSha256) {
          // Reading again gives the same bytes: not retried.
          throw ApplicationFailure.nonRetryable(
            `upload ${upload.id}: the stored bytes do not hash to the file received`,
            'UploadCorrupted',
          );
        }
        // Heartbeats carry a cancellation from the server to the activity, and so to its reader.
        const beat = setInterval(() => heartbeat(), HEARTBEAT_MS);
        const outcome = await read(upload, path).finally(() => clearInterval(beat));
        await finishFileUpload(em(), upload.id, outcome);
        return answered(upload, outcomeOf((await findFileUpload(em(), upload.id))!) ?? outcome);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}
