import type { Context } from 'koa';
import { ApiError } from '../../domain/shared/errors.js';
import type { InboundRequest } from '../../gateways/types.js';
import { readRaw, refuseUnstorableText } from '../middleware/body.js';

/** A gateway's notification or return is a few kilobytes; anything near this is not one. */
export const MAX_INBOUND_BYTES = 16 * 1024;

const BODY_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

function firstValues(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) values[key] = first;
  }
  return values;
}

/**
 * A request from a gateway or from a browser it sent back, as the gateway sent it: query, form,
 * headers and the raw body (signatures are computed over raw bytes). Text no column can hold is a
 * 400 here, before anything is stored.
 */
export async function readInbound(ctx: Context, kind: InboundRequest['kind']): Promise<InboundRequest> {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if (hasBody && !ctx.is(BODY_TYPES))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Expected a form or JSON body');
  const rawBody = hasBody ? await readRaw(ctx, MAX_INBOUND_BYTES) : '';
  const form = ctx.is('application/x-www-form-urlencoded')
    ? Object.fromEntries(new URLSearchParams(rawBody))
    : {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers)) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  if (ctx.is('application/json') && rawBody.trim() !== '') {
    try {
      refuseUnstorableText(JSON.parse(rawBody));
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // Malformed JSON is the gateway module's to refuse; it is kept as text.
    }
  }
  // Named by the gateway's own field, as any other refused input is.
  return {
    kind,
    query: refuseUnstorableText(firstValues(ctx.query)),
    form: refuseUnstorableText(form),
    headers: refuseUnstorableText(headers),
    rawBody: refuseUnstorableText({ body: rawBody }).body,
  };
}

/** What is kept of an inbound request: its fields as sent, never its headers (they carry secrets). */
export function inboundPayload(request: InboundRequest): Record<string, unknown> {
  if (Object.keys(request.form).length > 0) return request.form;
  if (request.rawBody.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(request.rawBody);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // Not JSON: kept as text below.
    }
    return { body: request.rawBody };
  }
  return request.query;
}
