import type { ZodError, ZodType, z } from 'zod';
import { ApiError, type FieldIssue } from '../domain/errors.js';

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

/** Parse with a zod schema, or throw VALIDATION_ERROR with field-level details. */
export function parseWith<S extends ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError('VALIDATION_ERROR', undefined, zodIssues(result.error));
  return result.data;
}
