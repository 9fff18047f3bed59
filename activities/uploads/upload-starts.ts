import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ApiError } from '../../domain/shared/errors.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  UPLOAD_WORKFLOW_TYPE,
  type FileUploadImportWorkflow,
} from '../../domain/uploads/upload-workflow-contract.js';

/**
 * Has the worker read an upload (fileUploadImportWorkflow, one per upload: asking again finds the
 * one started) and waits up to `waitMs` for it to finish. True when it finished in that time; the
 * outcome itself is read from the upload's row, never from the workflow's answer.
 */
export async function readUploadInWorker(
  client: Client,
  taskQueue: string,
  uploadId: number,
  waitMs: number,
): Promise<boolean> {
  const workflowId = workflowIds.fileUpload(taskQueue, uploadId);
  try {
    await client.workflow.start<FileUploadImportWorkflow>(UPLOAD_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [{ uploadId }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
      throw new ApiError('SERVICE_UNAVAILABLE', 'The file is stored, but could not be handed to the worker');
    }
  }
  const result = client.workflow.getHandle(workflowId).result();
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), waitMs);
  });
  try {
    return await Promise.race([result.then(() => true), gaveUp]);
  } catch {
    throw new ApiError('SERVICE_UNAVAILABLE', 'The file is stored, but the worker could not read it');
  } finally {
    clearTimeout(timer);
    // An answer that comes after the wait is no one's.
    result.catch(() => undefined);
  }
}
