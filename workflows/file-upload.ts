import { proxyActivities } from '@temporalio/workflow';
import type { createFileUploadActivities, FileUploadResult } from '../activities/file-upload-activities.js';

const uploads = proxyActivities<ReturnType<typeof createFileUploadActivities>>({
  // A report at the row limit takes minutes to read and store; a read cut short is read again.
  startToCloseTimeout: '20 minutes',
  // The file's own problems are outcomes, recorded on the upload; what is retried is the database
  // or the worker away, which only delays the answer (the upload shows RECEIVED meanwhile).
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export interface FileUploadImportInput {
  uploadId: number;
}

/**
 * Reads a file finance uploaded (a settlement report, a bank statement) in the worker, so that
 * no file, however it is built, costs the API more than receiving it. The input names the upload
 * only: what it is and whose it is are read back from the database by the activity.
 */
export async function fileUploadImportWorkflow(input: FileUploadImportInput): Promise<FileUploadResult> {
  return uploads.importFileUpload({ uploadId: input.uploadId });
}
