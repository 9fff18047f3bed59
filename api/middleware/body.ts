import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { ApiError } from '../../domain/shared/errors.js';
import { duplicateJsonKey } from '../../domain/shared/json-keys.js';
import { unstorableTextAt } from '../../domain/shared/text.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readRaw(ctx: Context, limit = MAX_BODY_BYTES): Promise<string> {
  try {
    return await getRawBody(ctx.req, {
      limit,
      encoding: 'utf8',
      length: ctx.get('content-length') || undefined,
    });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') throw new ApiError('PAYLOAD_TOO_LARGE');
    throw new ApiError('VALIDATION_ERROR', 'The request body could not be read');
  }
}

/**
 * Reads a JSON body: 415 for another content type, 413 past 1 MiB, 400 INVALID_JSON if malformed,
 * 400 VALIDATION_ERROR for a key given twice in one object or text no column can hold.
 */
export async function readJson(ctx: Context): Promise<unknown> {
  if (ctx.state.rawBody === undefined) {
    const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
    if (hasBody && !ctx.is('application/json')) throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
    ctx.state.rawBody = await readRaw(ctx);
  }
  const raw = ctx.state.rawBody as string;
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError('INVALID_JSON');
  }
  const repeated = duplicateJsonKey(raw);
  if (repeated !== null) {
    throw new ApiError('VALIDATION_ERROR', 'A key appears twice in one object', [
      { field: repeated, message: 'appears more than once in the same object', code: 'duplicate_key' },
    ]);
  }
  return refuseUnstorableText(parsed);
}

/** 400 VALIDATION_ERROR naming the field whose text holds a NUL or a lone surrogate. */
export function refuseUnstorableText<T>(value: T): T {
  const field = unstorableTextAt(value);
  if (field) {
    throw new ApiError('VALIDATION_ERROR', undefined, [
      { field, message: 'must not contain NUL characters or unpaired surrogates', code: 'invalid_string' },
    ]);
  }
  return value;
}

/** Reads an application/x-www-form-urlencoded body (gateway callbacks, dashboard forms). */
export async function readForm(
  ctx: Context,
  options: { limitBytes?: number } = {},
): Promise<Record<string, string>> {
  if (!ctx.is('application/x-www-form-urlencoded'))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Expected a form body');
  const raw = await readRaw(ctx, options.limitBytes);
  return refuseUnstorableText(Object.fromEntries(new URLSearchParams(raw)));
}
