import { proxyActivities } from '@temporalio/workflow';
import type { createFileUploadActivities } from '../../activities/uploads/file-upload-activities.js';

export const readUpload = proxyActivities<ReturnType<typeof createFileUploadActivities>>({
  // A report at the row limit takes minutes to read and store; a read cut short is read again.
  startToCloseTimeout: '20 minutes',
  // The file's own problems are outcomes, recorded on the upload; what is retried is the database
  // or the worker away, which only delays the answer (the upload shows RECEIVED meanwhile).
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
