import type { EntityManager } from '@mikro-orm/postgresql';
import type { SpooledReport } from '../../activities/uploads/report-files.js';
import type { AuditActor } from '../../db/operators/audit.js';
import {
  findFileUpload,
  storeFileUpload,
  type FileUploadKind,
  type FileUploadRecord,
} from '../../db/uploads/file-uploads.js';
import { ApiError, isErrorCode } from '../../domain/shared/errors.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { RouteDeps } from '../deps.js';

/**
 * A file finance uploads, received by the API and read by the worker: the API stores the bytes it
 * spooled (within UPLOAD_MAX_BYTES) and has the worker read them, waiting up to
 * UPLOAD_WAIT_SECONDS. The outcome is read back from the upload's row: an import, a refusal (its
 * error code names the limit or the problem), or still being read (answered 202 with where to
 * look). Whatever the file holds, the API only ever copies its bytes.
 */

const em = (deps: RouteDeps) => deps.orm.em.fork() as EntityManager;

export const DEFAULT_UPLOAD_WAIT_SECONDS = 60;

/** An upload as the API shows it while it is read, or once it is. */
export function uploadView(upload: FileUploadRecord) {
  return {
    uploadId: upload.id,
    kind: upload.kind,
    status: upload.status,
    gateway: upload.gateway,
    mode: upload.mode,
    fileName: upload.fileName,
    fileSha256: upload.fileSha256,
    byteCount: upload.byteCount,
    importId: upload.importId,
    errorCode: upload.errorCode,
    message: upload.errorMessage,
    details: upload.errorDetails,
    statusUrl: `/api/v1/admin/settlements/uploads/${upload.id}`,
    createdAt: upload.createdAt.toISOString(),
    finishedAt: upload.finishedAt?.toISOString() ?? null,
  };
}
export type UploadView = ReturnType<typeof uploadView>;

/**
 * A refused upload as the error it is: its own code, message and details. A limit's refusal names
 * the upload too (its status page shows the same); a problem in a row keeps its documented details.
 */
export function refusalOf(upload: FileUploadRecord): ApiError {
  const code =
    upload.errorCode !== null && isErrorCode(upload.errorCode) ? upload.errorCode : 'SETTLEMENT_FILE_INVALID';
  const details = code.startsWith('UPLOAD_')
    ? { ...upload.errorDetails, uploadId: upload.id }
    : (upload.errorDetails ?? undefined);
  return new ApiError(code, upload.errorMessage ?? undefined, details);
}

export type ReceivedUpload =
  | { state: 'imported'; upload: FileUploadRecord & { importId: number } }
  | { state: 'reading'; upload: FileUploadRecord };

/** Stores the file, has the worker read it, and answers how reading went; a refusal is thrown. */
export async function receiveUpload(
  deps: RouteDeps,
  upload: {
    kind: FileUploadKind;
    gateway: string;
    mode: Mode;
    layout?: string | undefined;
    operator: { id: number };
    actor: AuditActor;
    file: { fileName: string; spooled: SpooledReport };
  },
): Promise<ReceivedUpload> {
  const id = await storeFileUpload(
    em(deps),
    {
      kind: upload.kind,
      gateway: upload.gateway,
      mode: upload.mode,
      fileName: upload.file.fileName,
      fileSha256: upload.file.spooled.sha256,
      byteCount: upload.file.spooled.bytes,
      layout: upload.layout ?? null,
      uploadedBy: upload.operator.id,
      actor: upload.actor,
    },
    upload.file.spooled.path,
  );
  // The spooled copy is not needed once stored: let it go before the wait.
  await upload.file.spooled.discard();
  const waitMs = (deps.config.UPLOAD_WAIT_SECONDS ?? DEFAULT_UPLOAD_WAIT_SECONDS) * 1000;
  await deps.orchestrator.readUpload(id, waitMs);
  return settled((await findFileUpload(em(deps), id))!);
}

/** The upload's state, a refusal thrown. */
export function settled(upload: FileUploadRecord): ReceivedUpload {
  if (upload.status === 'REFUSED') throw refusalOf(upload);
  if (upload.status === 'IMPORTED')
    return { state: 'imported', upload: { ...upload, importId: upload.importId! } };
  return { state: 'reading', upload };
}

export async function findUpload(deps: RouteDeps, idText: string): Promise<FileUploadRecord> {
  const id = /^[1-9]\d{0,14}$/.test(idText) ? Number(idText) : null;
  const upload = id === null ? null : await findFileUpload(em(deps), id);
  if (!upload) throw new ApiError('UPLOAD_NOT_FOUND');
  return upload;
}
