import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { SettlementFileProblem } from '../../domain/uploads/report-files.js';
import { UploadLimitExceeded } from '../../domain/uploads/upload-limits.js';
import {
  defaultUploadArea,
  ReportFileProblem,
  spoolReport,
  type SpooledReport,
  type UploadArea,
} from './report-files.js';

/**
 * The steps every file finance uploads goes through (a settlement report, a bank statement): the
 * same file again (by its SHA-256, per gateway and mode) answers the earlier import; a new one is
 * stored in one transaction by the caller, and a problem anywhere in it refuses the whole file
 * with the row and column of its first problem. Each outcome is audited.
 */

export interface UploadedFileKind<R extends { id: number }> {
  /** How messages name the file: "settlement report", "bank statement". */
  what: string;
  /** The audit actions' prefix (`<prefix>.import`, `.import_repeated`, `.import_refused`) and target. */
  auditPrefix: string;
  targetType: string;
  byHash: (
    em: EntityManager,
    where: { gateway: string; mode: Mode; fileSha256: string },
  ) => Promise<R | null>;
}

export interface UploadedFileInput {
  gateway: string;
  mode: Mode;
  fileName: string;
  audit?: AuditActor | undefined;
}

/** Spools an upload to a temporary file (hashing it on the way), hands it over, then removes it. */
export async function withSpooledFile<T>(
  stream: Readable,
  use: (spooled: SpooledReport) => Promise<T>,
  area: UploadArea = defaultUploadArea(),
): Promise<T> {
  const spooled = await spoolReport(stream, area).catch((error: unknown) => {
    if (error instanceof UploadLimitExceeded) throw limitRefusal(error);
    throw error;
  });
  try {
    return await use(spooled);
  } finally {
    await spooled.discard();
  }
}

/** The refusal of a file past an upload limit: the limit's own code, its setting and value in details. */
export function limitRefusal(error: UploadLimitExceeded): ApiError {
  return new ApiError(error.code, error.message, error.details());
}

/** The refusal an operator sees: what the file is and where its first problem is. */
export function fileInvalid(problem: SettlementFileProblem, what: string): ApiError {
  const where = problem.column ? `row ${problem.row}, column "${problem.column}"` : `row ${problem.row}`;
  return new ApiError('SETTLEMENT_FILE_INVALID', `The ${what} cannot be read: ${where}: ${problem.problem}`, {
    row: problem.row,
    column: problem.column,
    problem: problem.problem,
  });
}

/**
 * The earlier import of the same file, or the new one `store` writes in its transaction (it
 * returns the new import's id, or null when the same file's upload committed first).
 */
export async function importUploadedFile<R extends { id: number }>(
  em: EntityManager,
  kind: UploadedFileKind<R>,
  input: UploadedFileInput,
  sha256: string,
  store: (tx: EntityManager) => Promise<number | null>,
): Promise<{ record: R; created: boolean }> {
  const where = { gateway: input.gateway, mode: input.mode, fileSha256: sha256 };
  const file = { gateway: input.gateway, mode: input.mode, fileName: input.fileName, fileSha256: sha256 };
  const earlier = await kind.byHash(em, where);
  if (earlier) {
    if (input.audit) {
      await appendAudit(em, input.audit, {
        action: `${kind.auditPrefix}.import_repeated`,
        targetType: kind.targetType,
        targetId: earlier.id,
        after: file,
      });
    }
    return { record: earlier, created: false };
  }
  try {
    const importId = await em.transactional(store);
    const record = await kind.byHash(em, where);
    if (!record) throw new Error(`a ${kind.what} import vanished after its commit`);
    return { record, created: importId !== null && record.id === importId };
  } catch (error) {
    if (!(error instanceof ReportFileProblem) && !(error instanceof UploadLimitExceeded)) throw error;
    const refusal =
      error instanceof ReportFileProblem
        ? { problem: error.problem, answer: fileInvalid(error.problem, kind.what) }
        : { problem: { errorCode: error.code, ...error.details() }, answer: limitRefusal(error) };
    if (input.audit) {
      await appendAudit(em, input.audit, {
        action: `${kind.auditPrefix}.import_refused`,
        targetType: kind.targetType,
        after: { ...file, ...refusal.problem },
      });
    }
    throw refusal.answer;
  }
}
