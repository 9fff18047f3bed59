import type { FileUploadResult } from '../../activities/reconciliation/file-upload-activities.js';
import type { FileUploadImportInput } from '../../domain/reconciliation/reconciliation-workflow-contract.js';
import { readUpload } from './file-upload-options.js';

/**
 * Reads a file finance uploaded (a settlement report, a bank statement) in the worker, so that
 * no file, however it is built, costs the API more than receiving it. The input names the upload
 * only: what it is and whose it is are read back from the database by the activity.
 */
export async function fileUploadImportWorkflow(input: FileUploadImportInput): Promise<FileUploadResult> {
  return readUpload.importFileUpload({ uploadId: input.uploadId });
}
