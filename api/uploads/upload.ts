import busboy from 'busboy';
import type { Context } from 'koa';
import { spoolReport, type SpooledReport, type UploadArea } from '../../activities/uploads/report-files.js';
import { limitRefusal } from '../../activities/uploads/uploaded-file-import.js';
import { ApiError } from '../../domain/shared/errors.js';
import { limitErrors, UploadLimitExceeded } from '../../domain/uploads/upload-limits.js';
import { refuseUnstorableText } from '../middleware/body.js';
export { uploadAreaOf } from '../../platform/config/index.js';

/** Multipart framing and the form's text fields, beside the file itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * A settlement report upload: a multipart form whose file goes straight to a temporary file (its
 * hash taken on the way), never into memory whole, and whose text fields are read beside it in
 * any order. A file past UPLOAD_MAX_BYTES is refused (413 UPLOAD_TOO_LARGE) and nothing of it kept.
 */
export interface ReportUpload {
  fields: Record<string, string>;
  /** Null when no file was chosen. The caller discards it once done. */
  file: { fileName: string; spooled: SpooledReport } | null;
}

export async function readReportUpload(
  ctx: Context,
  area: UploadArea,
  fileField = 'file',
): Promise<ReportUpload> {
  if (!ctx.is('multipart/form-data')) {
    throw new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the report as a multipart form (its file in the field "file")',
    );
  }
  // A body declared larger than any allowed file is refused before a byte of it is read.
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > area.limits.maxBytes + FORM_OVERHEAD_BYTES) {
    ctx.req.resume();
    throw limitRefusal(limitErrors.tooLarge(area.limits));
  }
  const fields: Record<string, string> = {};
  const spooling: Array<Promise<{ fileName: string; spooled: SpooledReport } | null>> = [];
  let problem: ApiError | null = null;
  await new Promise<void>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        limits: { files: 1, fileSize: area.limits.maxBytes, fields: 20, fieldSize: 8 * 1024, parts: 30 },
      });
    } catch {
      reject(new ApiError('VALIDATION_ERROR', 'The form could not be read'));
      return;
    }
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== fileField || !info.filename) {
        stream.resume();
        return;
      }
      let truncated = false;
      stream.on('limit', () => {
        truncated = true;
      });
      spooling.push(
        spoolReport(stream, area).then(
          async (spooled) => {
            if (truncated) {
              await spooled.discard();
              throw limitErrors.tooLarge(area.limits);
            }
            return { fileName: info.filename, spooled };
          },
          (error: unknown) => {
            stream.resume();
            throw error;
          },
        ),
      );
    });
    parser.on('filesLimit', () => {
      problem = new ApiError('VALIDATION_ERROR', 'Attach one file');
    });
    parser.on('error', () => reject(new ApiError('VALIDATION_ERROR', 'The form could not be read')));
    parser.on('close', () => resolve());
    ctx.req.pipe(parser);
  }).catch(async (error: unknown) => {
    await discardAll(spooling);
    throw error;
  });
  const settled = await Promise.allSettled(spooling);
  const failed = settled.find((s) => s.status === 'rejected');
  const files = settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
  if (problem || failed) {
    await Promise.all(files.map((f) => f.spooled.discard()));
    if (problem) throw problem;
    const reason = (failed as PromiseRejectedResult).reason as unknown;
    if (reason instanceof UploadLimitExceeded) throw limitRefusal(reason);
    throw reason;
  }
  try {
    return { fields: refuseUnstorableText(fields), file: files[0] ?? null };
  } catch (error) {
    await Promise.all(files.map((f) => f.spooled.discard()));
    throw error;
  }
}

async function discardAll(spooling: Array<Promise<{ spooled: SpooledReport } | null>>): Promise<void> {
  const settled = await Promise.allSettled(spooling);
  await Promise.all(
    settled.map((s) => (s.status === 'fulfilled' && s.value ? s.value.spooled.discard() : null)),
  );
}
