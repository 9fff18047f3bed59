import type { Middleware } from 'koa';
import { ApiError } from '../../domain/shared/errors.js';
import { refuseUnstorableText } from './body.js';

/**
 * Every route's path and query string, before any handler: a malformed percent-encoding is a
 * 400, and so is text no column can hold (a NUL, a lone surrogate), on every route alike.
 */
export function storableUrl(): Middleware {
  return async (ctx, next) => {
    let path: string;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      throw new ApiError('VALIDATION_ERROR', 'The request path is not valid percent-encoding', [
        { field: '(path)', message: 'malformed percent-encoding' },
      ]);
    }
    refuseUnstorableText({ '(path)': path });
    refuseUnstorableText({ ...ctx.query });
    await next();
  };
}
