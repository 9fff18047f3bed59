import { readFile } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findApp } from '../../db/apps/apps.js';
import { findBatchById, type PayoutBatch } from '../../db/payouts/payout-batches.js';
import type { FileUploadRecord } from '../../db/uploads/file-uploads.js';
import { MAX_BATCH_FILE_BYTES } from '../../domain/payouts/payout-batch-file.js';
import { MAX_BATCH_LINES } from '../../domain/payouts/payout-batches.js';
import { DEFAULT_PAYOUT_TIMINGS, type PayoutTimings } from '../../domain/payouts/payout-settings.js';
import { DEFAULT_UPLOAD_LIMITS, limitErrors } from '../../domain/uploads/upload-limits.js';
import { ApiError } from '../../domain/shared/errors.js';
import { createPayoutRailRegistry, type PayoutRailRegistry } from '../../gateways/payouts/registry.js';
import type { Orm } from '../../platform/orm/orm.js';
import { takePayoutBatch, validBatchLines } from './payout-batch-taking.js';
import { limitRefusal } from '../uploads/uploaded-file-import.js';
import { batchFileLines } from './payout-batch-file.js';

/**
 * An operator's payout batch file, read in the worker (the API only stored it): bounded in bytes
 * and rows before it is parsed, every line judged as the API judges one (a bad line refuses the
 * whole file with PAYOUT_BATCH_LINES_INVALID naming each), then taken as a batch that waits for
 * another operator's approval. Taken once per upload: a retried read finds the batch it took.
 */

export interface PayoutBatchUploadDeps {
  orm: Orm;
  /** The company's time zone (COMPANY_TIME_ZONE): the day the app's payout limits add up over. */
  companyTimeZone?: string | undefined;
  payoutRails?: PayoutRailRegistry;
  payoutTimings?: PayoutTimings;
  /** PAYOUT_DAILY_CEILING_MINOR: the deployment's LIVE day above it waits for approvers. */
  payoutDailyCeilingMinor?: number | undefined;
}

/** What the file-upload workflow needs to start the batch's own workflow. */
export interface TakenBatch {
  id: number;
  reference: string;
  appId: number;
  mode: PayoutBatch['mode'];
}

const takenBatch = (batch: PayoutBatch): TakenBatch => ({
  id: batch.id,
  reference: batch.reference,
  appId: batch.appId,
  mode: batch.mode,
});

/** The Idempotency-Key a batch from an upload is taken under: one batch per upload. */
const uploadKey = (upload: Pick<FileUploadRecord, 'id'>) => `file-upload-${upload.id}`;

export function createPayoutBatchUploadReader(deps: PayoutBatchUploadDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  let rails: PayoutRailRegistry | undefined = deps.payoutRails;

  return {
    /** Takes the batch an upload's file holds; a refusal of the file is thrown as its ApiError. */
    async takeBatch(upload: FileUploadRecord, path: string): Promise<{ importId: number; created: boolean }> {
      if (upload.appId === null) throw new ApiError('APP_NOT_FOUND');
      if (upload.byteCount > MAX_BATCH_FILE_BYTES) {
        throw limitRefusal(
          limitErrors.tooLarge({ ...DEFAULT_UPLOAD_LIMITS, maxBytes: MAX_BATCH_FILE_BYTES }),
        );
      }
      const app = await findApp(em(), upload.appId);
      if (!app) throw new ApiError('APP_NOT_FOUND');
      const rawLines = batchFileLines(await readFile(path, 'utf8'));
      if (rawLines.length > MAX_BATCH_LINES)
        throw new ApiError('UPLOAD_TOO_MANY_ROWS', undefined, { limit: null, value: MAX_BATCH_LINES });
      const scope = { appId: upload.appId, mode: upload.mode };
      rails ??= createPayoutRailRegistry(process.env);
      const lines = await validBatchLines(em(), rails, scope, rawLines);
      const batch = await takePayoutBatch(
        {
          orm: deps.orm,
          timings: deps.payoutTimings ?? DEFAULT_PAYOUT_TIMINGS,
          companyTimeZone: deps.companyTimeZone,
          payoutDailyCeilingMinor: deps.payoutDailyCeilingMinor,
        },
        scope,
        lines,
        uploadKey(upload),
        { source: 'UPLOAD', uploadedBy: upload.uploadedBy, fileName: upload.fileName.slice(0, 200) },
      );
      return { importId: batch.id, created: true };
    },

    /** The batch an imported upload took, for its workflow's start. */
    async batchOf(importId: number): Promise<TakenBatch | null> {
      const batch = await findBatchById(em(), importId);
      return batch ? takenBatch(batch) : null;
    },
  };
}
