import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { AuditActor } from '../operators/audit.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';

/**
 * Files finance and operators upload (settlement reports, bank statements, payout batch files), from their arrival at the API until the worker has read them: the bytes
 * in chunks of a MiB (dropped once read, so a stored upload weighs nothing after), who sent them,
 * and the outcome (the import made, or the refusal with its error code and details).
 */

/** A rail statement keeps the day it speaks for in `layout`. */
export type FileUploadKind = 'settlement_report' | 'bank_statement' | 'rail_statement' | 'payout_batch';
export type FileUploadStatus = 'RECEIVED' | 'IMPORTED' | 'REFUSED';

export interface FileUploadRecord {
  id: number;
  kind: FileUploadKind;
  gateway: string;
  mode: Mode;
  /** The app a payout batch file is for; null for the other kinds. */
  appId: number | null;
  fileName: string;
  fileSha256: string;
  byteCount: number;
  layout: string | null;
  uploadedBy: number | null;
  actor: AuditActor;
  status: FileUploadStatus;
  importId: number | null;
  importCreated: boolean | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorDetails: Record<string, unknown> | null;
  reconciliationsStartedAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Bytes per stored chunk: a row the driver moves easily, few rows per upload. */
const CHUNK_BYTES = 1024 * 1024;

function fromRow(row: Row): FileUploadRecord {
  return {
    id: Number(row.id),
    kind: row.kind as FileUploadKind,
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    appId: row.app_id === null || row.app_id === undefined ? null : Number(row.app_id),
    fileName: String(row.file_name),
    fileSha256: String(row.file_sha256),
    byteCount: Number(row.byte_count),
    layout: text(row.layout),
    uploadedBy: row.uploaded_by === null ? null : Number(row.uploaded_by),
    actor: json<AuditActor>(row.actor),
    status: row.status as FileUploadStatus,
    importId: row.import_id === null ? null : Number(row.import_id),
    importCreated: row.import_created === null ? null : Boolean(row.import_created),
    errorCode: text(row.error_code),
    errorMessage: text(row.error_message),
    errorDetails: row.error_details === null ? null : json<Record<string, unknown>>(row.error_details),
    reconciliationsStartedAt: instant(row.reconciliations_started_at),
    createdAt: instant(row.created_at)!,
    finishedAt: instant(row.finished_at),
  };
}

export interface NewFileUpload {
  kind: FileUploadKind;
  gateway: string;
  mode: Mode;
  appId?: number | null;
  fileName: string;
  fileSha256: string;
  byteCount: number;
  layout: string | null;
  uploadedBy: number | null;
  actor: AuditActor;
}

/** Stores an upload and its bytes, read from `path` a chunk at a time, in one transaction. */
export async function storeFileUpload(
  em: EntityManager,
  upload: NewFileUpload,
  path: string,
): Promise<number> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<Row[]>(
      `insert into file_uploads (kind, gateway, mode, app_id, file_name, file_sha256, byte_count, layout, uploaded_by, actor)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) returning id`,
      [
        upload.kind,
        upload.gateway,
        upload.mode,
        upload.appId ?? null,
        upload.fileName.slice(0, 255),
        upload.fileSha256,
        upload.byteCount,
        upload.layout,
        upload.uploadedBy,
        JSON.stringify(upload.actor),
      ],
    );
    const id = Number(row!.id);
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      for (let seq = 0; ; seq++) {
        const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        await tx.execute('insert into file_upload_chunks (upload_id, seq, data) values (?, ?, ?)', [
          id,
          seq,
          Buffer.from(buffer.subarray(0, bytesRead)),
        ]);
      }
    } finally {
      await file.close();
    }
    return id;
  });
}

export async function findFileUpload(em: EntityManager, id: number): Promise<FileUploadRecord | null> {
  const [row] = await em.execute<Row[]>('select * from file_uploads where id = ?', [id]);
  return row ? fromRow(row) : null;
}

/**
 * Writes an upload's bytes to `path`, a chunk at a time, and answers their SHA-256 (the caller
 * checks it against the one taken when the file arrived).
 */
export async function writeFileUploadTo(em: EntityManager, id: number, path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  try {
    for (let seq = 0; ; seq++) {
      const [chunk] = await em.execute<Array<{ data: Buffer }>>(
        'select data from file_upload_chunks where upload_id = ? and seq = ?',
        [id, seq],
      );
      if (!chunk) break;
      hash.update(chunk.data);
      await file.write(chunk.data);
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

export type FileUploadOutcome =
  | { status: 'IMPORTED'; importId: number; created: boolean }
  | { status: 'REFUSED'; errorCode: string; message: string; details: Record<string, unknown> | null };

/**
 * Records how reading the upload ended and lets its bytes go. An upload already finished keeps
 * its first outcome (a retried read answers it).
 */
export async function finishFileUpload(
  em: EntityManager,
  id: number,
  outcome: FileUploadOutcome,
): Promise<void> {
  await em.transactional(async (tx) => {
    if (outcome.status === 'IMPORTED') {
      await tx.execute(
        `update file_uploads set status = 'IMPORTED', import_id = ?, import_created = ?, finished_at = now()
          where id = ? and status = 'RECEIVED'`,
        [outcome.importId, outcome.created, id],
      );
    } else {
      await tx.execute(
        `update file_uploads set status = 'REFUSED', error_code = ?, error_message = ?, error_details = ?::jsonb,
                finished_at = now()
          where id = ? and status = 'RECEIVED'`,
        [
          outcome.errorCode,
          outcome.message,
          outcome.details === null ? null : JSON.stringify(outcome.details),
          id,
        ],
      );
    }
    await tx.execute('delete from file_upload_chunks where upload_id = ?', [id]);
  });
}

/** Marks that the days an imported upload brought were started; false when that was done before. */
export async function claimReconciliationStart(em: EntityManager, id: number): Promise<boolean> {
  const rows = await em.execute<Row[]>(
    `update file_uploads set reconciliations_started_at = now()
      where id = ? and status = 'IMPORTED' and reconciliations_started_at is null returning id`,
    [id],
  );
  return rows.length > 0;
}

/** Gives the claim back when starting the days failed, so the next look at the upload tries again. */
export async function releaseReconciliationStart(em: EntityManager, id: number): Promise<void> {
  await em.execute('update file_uploads set reconciliations_started_at = null where id = ?', [id]);
}
