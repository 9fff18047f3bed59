import type { ZodError, ZodType, z } from 'zod';
import { ApiError, type FieldIssue } from '../domain/shared/errors.js';

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    // A list value's position is noise to the caller: `status.1` is reported as `status`.
    field: issue.path.length
      ? issue.path.join('.').replace(/(\.\d+)+$/, '')
      : issue.code === 'unrecognized_keys'
        ? issue.keys.join(',')
        : '(body)',
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * How deep `page` and `size` may reach into a list: an offset costs the database every row it
 * skips, so a list past this is read by its cursor (`after`), where a list has one.
 */
export const MAX_PAGE_DEPTH = 10_000;

/**
 * Parse with a zod schema, or throw VALIDATION_ERROR with field-level details. A list query
 * (one with `page` and `size`) reaching past MAX_PAGE_DEPTH is PAGE_TOO_DEEP.
 */
export function parseWith<S extends ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError('VALIDATION_ERROR', undefined, zodIssues(result.error));
  const { page, size } = (result.data ?? {}) as { page?: unknown; size?: unknown };
  if (typeof page === 'number' && typeof size === 'number' && page * size > MAX_PAGE_DEPTH) {
    throw new ApiError('PAGE_TOO_DEEP', undefined, [
      { field: 'page', message: `page × size may be at most ${MAX_PAGE_DEPTH}` },
    ]);
  }
  return result.data;
}
