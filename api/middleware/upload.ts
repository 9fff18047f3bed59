import busboy from 'busboy';
import type { Context } from 'koa';
import { ApiError } from '../../domain/shared/errors.js';
import { refuseUnstorableText } from './body.js';

export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Reads a multipart form with at most one file: its text fields, and the file when one was chosen.
 * 413 past `maxFileBytes`, 415 for another content type; a second file is refused.
 */
export async function readUpload(
  ctx: Context,
  options: { fileField: string; maxFileBytes: number },
): Promise<{ fields: Record<string, string>; file: UploadedFile | null }> {
  if (!ctx.is('multipart/form-data'))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Expected a multipart form');
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  let problem: ApiError | null = null;
  await new Promise<void>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        limits: { files: 1, fileSize: options.maxFileBytes, fields: 50, fieldSize: 8 * 1024, parts: 60 },
      });
    } catch {
      reject(new ApiError('VALIDATION_ERROR', 'The form could not be read'));
      return;
    }
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        problem = new ApiError('PAYLOAD_TOO_LARGE', 'The file is larger than allowed');
      });
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        // A file input left empty still sends a part: no name, no bytes.
        if (name === options.fileField && info.filename && bytes.length > 0 && !problem) {
          file = { fileName: info.filename, contentType: info.mimeType, bytes };
        }
      });
    });
    parser.on('filesLimit', () => {
      problem = new ApiError('VALIDATION_ERROR', 'Attach one file');
    });
    parser.on('error', () => reject(new ApiError('VALIDATION_ERROR', 'The form could not be read')));
    parser.on('close', () => resolve());
    ctx.req.pipe(parser);
  });
  if (problem) throw problem;
  return { fields: refuseUnstorableText(fields), file };
}
