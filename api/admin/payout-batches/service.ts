import { readFile } from 'node:fs/promises';
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
import { MAX_BATCH_LINES } from '../../../domain/payouts/payout-batches.js';
import type { UploadArea } from '../../../domain/reconciliation/upload-limits.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { Mode } from '../../../domain/shared/mode.js';
import type { RouteDeps } from '../../deps.js';
import { requestPayoutBatch, validBatchLines } from '../../payouts/payout-batch-requests.js';
import { uploadAreaOf } from '../../../platform/config/index.js';
import { batchFileLines, MAX_BATCH_FILE_BYTES } from './batch-file.js';

/** Where a batch file is spooled: the settlement uploads' area, held to a batch file's size. */
export function batchUploadArea(deps: RouteDeps): UploadArea {
  const area = uploadAreaOf(deps.config);
  return { ...area, limits: { ...area.limits, maxBytes: MAX_BATCH_FILE_BYTES } };
}

/** Reads a spooled batch file (already bounded in bytes by its spooling) as text. */
export async function spooledBatchText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/**
 * An operator's batch file for an app and mode: bounded in rows, parsed, every line judged as
 * the API judges one (422 PAYOUT_BATCH_LINES_INVALID naming each bad line, nothing created), then
 * taken as a batch that waits for a different operator's approval.
 */
export async function uploadBatch(
  deps: RouteDeps,
  operator: { id: number },
  target: { appId: number; mode: Mode; fileName: string | null },
  text: string,
): Promise<PayoutBatch> {
  const app = await findApp(deps.orm.em.fork() as EntityManager, target.appId);
  if (!app) throw new ApiError('APP_NOT_FOUND');
  const rawLines = batchFileLines(text);
  if (rawLines.length > MAX_BATCH_LINES)
    throw new ApiError('UPLOAD_TOO_MANY_ROWS', undefined, { limit: null, value: MAX_BATCH_LINES });
  const scope = { appId: target.appId, mode: target.mode };
  const lines = await validBatchLines(deps, scope, rawLines);
  return requestPayoutBatch(deps, scope, lines, null, {
    source: 'UPLOAD',
    uploadedBy: operator.id,
    fileName: target.fileName,
  });
}

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
