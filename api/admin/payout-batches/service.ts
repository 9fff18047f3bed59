import { open } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findApp } from '../../../db/apps/apps.js';
import {
  batchDecisionsOf,
  batchLines,
  batchProgress,
  findBatchForOperators,
  type PayoutBatch,
} from '../../../db/payouts/payout-batches.js';
import { batchLineView, payoutBatchView } from '../../../db/payouts/payout-batch-view.js';
import type { UploadArea } from '../../../domain/uploads/upload-limits.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { Mode } from '../../../domain/shared/mode.js';
import type { RouteDeps } from '../../deps.js';
import { uploadAreaOf } from '../../../platform/config/index.js';
import {
  BATCH_HEADER_PEEK_BYTES,
  batchHeaderProblem,
  MAX_BATCH_FILE_BYTES,
} from '../../../domain/payouts/payout-batch-file.js';
import type { SpooledReport } from '../../../activities/uploads/report-files.js';
import type { AuditActor } from '../../../db/operators/audit.js';
import { findFileUpload, storeFileUpload, type FileUploadRecord } from '../../../db/uploads/file-uploads.js';

/** Where a batch file is spooled: the settlement uploads' area, held to a batch file's size. */
export function batchUploadArea(deps: RouteDeps): UploadArea {
  const area = uploadAreaOf(deps.config);
  return { ...area, limits: { ...area.limits, maxBytes: MAX_BATCH_FILE_BYTES } };
}

/**
 * An operator's batch file for an app and mode, already spooled within a batch file's size: stored
 * as an upload and handed to the worker, which parses it, judges every line as the API judges one
 * (refusing the file with 422 PAYOUT_BATCH_LINES_INVALID naming each bad line, nothing created) and
 * takes it as a batch that waits for a different operator's approval. The request never parses
 * it; it waits up to `waitMs` for the worker and answers the upload as it then stands.
 */
export async function receiveBatchUpload(
  deps: RouteDeps,
  operator: { id: number },
  actor: AuditActor,
  target: { appId: number; mode: Mode; fileName: string | null },
  spooled: SpooledReport,
  waitMs: number,
): Promise<FileUploadRecord> {
  const em = () => deps.orm.em.fork() as EntityManager;
  if (!(await findApp(em(), target.appId))) throw new ApiError('APP_NOT_FOUND');
  await refuseWithoutBatchHeader(spooled.path);
  const id = await storeFileUpload(
    em(),
    {
      kind: 'payout_batch',
      gateway: PAYOUT_BATCH_UPLOAD_GATEWAY,
      mode: target.mode,
      appId: target.appId,
      fileName: (target.fileName ?? 'batch.csv').slice(0, 200),
      fileSha256: spooled.sha256,
      byteCount: spooled.bytes,
      layout: null,
      uploadedBy: operator.id,
      actor,
    },
    spooled.path,
  );
  await spooled.discard();
  await deps.orchestrator.readUpload(id, waitMs);
  return (await findFileUpload(em(), id))!;
}

/**
 * 400 VALIDATION_ERROR for a file whose first line is not the batch file's header: what is plainly
 * not a batch file is refused at once, from its first bytes alone; the worker reads the rest.
 */
async function refuseWithoutBatchHeader(path: string): Promise<void> {
  const file = await open(path, 'r');
  let start: string;
  try {
    const buffer = Buffer.alloc(BATCH_HEADER_PEEK_BYTES);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    start = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
  const problem = batchHeaderProblem(start);
  if (problem) {
    throw new ApiError('VALIDATION_ERROR', problem.message, [
      { field: '(file)', message: problem.message, code: problem.code },
    ]);
  }
}

/** What a payout batch upload names in the uploads' gateway column: the payout rails, not one gateway. */
export const PAYOUT_BATCH_UPLOAD_GATEWAY = 'payouts';

/** A batch as operators see it: the app's view with its app, mode, file, uploader and decisions. */
export async function adminBatchView(em: EntityManager, batch: PayoutBatch) {
  return {
    ...payoutBatchView(batch, await batchProgress(em, batch.id)),
    appId: batch.appId,
    mode: batch.mode,
    fileName: batch.fileName,
    uploadedBy: batch.uploadedBy,
    decisions: (await batchDecisionsOf(em, batch.id)).map((decision) => ({
      verdict: decision.verdict,
      by: decision.operatorEmail,
      comment: decision.comment,
      at: decision.createdAt.toISOString(),
    })),
  };
}

/** The batch with one page of its lines. */
export async function adminBatchDetail(
  em: EntityManager,
  batch: PayoutBatch,
  page: { page: number; size: number },
) {
  const lines = await batchLines(em, batch.id, { offset: (page.page - 1) * page.size, limit: page.size });
  return { ...(await adminBatchView(em, batch)), lines: lines.map(batchLineView) };
}

/** Any batch by id or reference, or 404 PAYOUT_BATCH_NOT_FOUND. */
export async function batchForOperatorsOr404(em: EntityManager, idOrReference: string): Promise<PayoutBatch> {
  const batch = /^(\d{1,15}|pb_[0-9a-z]{20})$/.test(idOrReference)
    ? await findBatchForOperators(em, idOrReference)
    : null;
  if (!batch) throw new ApiError('PAYOUT_BATCH_NOT_FOUND');
  return batch;
}
