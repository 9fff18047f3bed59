/**
 * What the upload workflow is started with, shared by the workflow code and the module that starts
 * it (activities/uploads/upload-starts.ts): it is started by its type's name and typed by its
 * input. It takes no messages: its outcome is read from the upload's row.
 */
export const UPLOAD_WORKFLOW_TYPE = 'fileUploadImportWorkflow';

/** An upload finance made, read in the worker: the input names the upload only. */
export interface FileUploadImportInput {
  uploadId: number;
}

/** One upload read in the worker; its outcome is read from the upload's row. */
export type FileUploadImportWorkflow = (input: FileUploadImportInput) => Promise<unknown>;
