import type { Context } from 'koa';
import { ERROR_CATALOGUE, type ErrorCode, type FieldIssue } from '../domain/shared/errors.js';

export interface Pagination {
  page: number;
  size: number;
  totalItems: number;
  totalPages: number;
  /** Where a list with a cursor continues (its `after`), or null on its last page. */
  nextCursor?: string | null;
}

/** Every response, success or failure, has this one shape. */
export function sendData(ctx: Context, status: number, data: unknown, pagination?: Pagination): void {
  ctx.status = status;
  ctx.body = {
    data,
    meta: { success: true, timestamp: new Date().toISOString(), requestId: ctx.state.requestId as string },
    ...(pagination && { pagination }),
  };
}

/**
 * Every list answers in one shape: `data: { items, summary? }` with `pagination` beside `meta`,
 * newest first, `page` and `size` (at most 100) as query parameters.
 */
export function sendList(
  ctx: Context,
  list: { items: unknown[]; summary?: unknown },
  page: { page: number; size: number; totalItems: number; nextCursor?: string | null },
): void {
  sendData(
    ctx,
    200,
    list.summary === undefined ? { items: list.items } : { items: list.items, summary: list.summary },
    { ...page, totalPages: Math.ceil(page.totalItems / page.size) },
  );
}

export function sendError(
  ctx: Context,
  code: ErrorCode,
  message?: string,
  details?: FieldIssue[] | Record<string, unknown>,
): void {
  ctx.status = ERROR_CATALOGUE[code].status;
  ctx.body = {
    data: null,
    meta: {
      success: false,
      timestamp: new Date().toISOString(),
      requestId: ctx.state.requestId as string,
      errorCode: code,
      message: message ?? ERROR_CATALOGUE[code].message,
      ...(details && { details }),
    },
  };
}
