import type { FileUploadResult } from '../../activities/uploads/file-upload-activities.js';
import type { TakenBatch } from '../../activities/payouts/payout-batch-uploads.js';
import {
  PAYOUT_BATCH_WORKFLOW_TYPE,
  payoutBatchWorkflowId,
  type PayoutBatchWorkflowInput,
} from '../../domain/payouts/payout-batch-workflow-contract.js';
import type { FileUploadImportInput } from '../../domain/uploads/upload-workflow-contract.js';
import { startOwnedChild } from '../payouts/owned-child.js';
import { readUpload } from './file-upload-options.js';

/** Starts the workflow of the batch a payout batch file was taken as, which outlives this one. */
async function startBatch(batch: TakenBatch): Promise<void> {
  const input: PayoutBatchWorkflowInput = { batchId: batch.id, reference: batch.reference };
  await startOwnedChild(PAYOUT_BATCH_WORKFLOW_TYPE, {
    workflowId: payoutBatchWorkflowId(batch.reference),
    input,
    owner: batch,
  });
}

/**
 * Reads a file uploaded (a settlement report, a bank statement, a payout batch file) in the
 * worker, so that no file, however it is built, costs the API more than receiving it. The input
 * names the upload only: what it is and whose it is are read back from the database by the
 * activity. A payout batch file taken as a batch starts that batch's workflow.
 */
export async function fileUploadImportWorkflow(input: FileUploadImportInput): Promise<FileUploadResult> {
  const result = await readUpload.importFileUpload({ uploadId: input.uploadId });
  if (result.status === 'IMPORTED' && result.payoutBatch) await startBatch(result.payoutBatch);
  return result;
}
