import type { Client } from '@temporalio/client';
import { readUploadInWorker } from '../../activities/uploads/upload-starts.js';

/** The API's side of uploads: a stored file handed to the worker to be read. */
export interface UploadWorkflows {
  /**
   * Has the worker read an uploaded file (by its upload's id) and waits up to `waitMs`: true when
   * reading finished (its outcome is on the upload's row).
   */
  readUpload(uploadId: number, waitMs: number): Promise<boolean>;
}

export function createUploadWorkflows(client: Client, taskQueue: string): UploadWorkflows {
  return {
    readUpload: (uploadId, waitMs) => readUploadInWorker(client, taskQueue, uploadId, waitMs),
  };
}
