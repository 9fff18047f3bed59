import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import getRawBody from 'raw-body';

/** Request decoding and identifier formats for the simulator. */

const BODY_LIMIT = '1mb';

export class BadRequest extends Error {
  readonly status = 400;
}

export async function readBody(ctx: Context): Promise<string> {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return '';
  // Keep the raw bytes as latin1 so multipart parts can be re-decoded as UTF-8 one by one.
  const bytes = await getRawBody(ctx.req, { limit: BODY_LIMIT });
  return bytes.toString('latin1');
}

function latin1ToUtf8(value: string): string {
  return Buffer.from(value, 'latin1').toString('utf8');
}

function parseUrlencoded(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(latin1ToUtf8(body))) {
    if (!(key in fields)) fields[key] = value;
  }
  return fields;
}

/** Text fields only: SSLCOMMERZ sends no files, and the Node library posts every field as multipart. */
function parseMultipart(body: string, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /\bfilename="/i.test(headers)) continue;
    const value = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    const decodedName = latin1ToUtf8(name);
    if (!(decodedName in fields)) fields[decodedName] = latin1ToUtf8(value);
  }
  return fields;
}

/** Both APIs read their parameters from the query string or the body; the body wins. */
export async function readParams(ctx: Context): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(ctx.querystring)) {
    if (!(key in params)) params[key] = value;
  }
  const body = await readBody(ctx);
  if (body.length === 0) return params;
  const type = ctx.get('content-type');
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (/multipart\/form-data/i.test(type) && boundary) {
    return { ...params, ...parseMultipart(body, boundary[1] ?? boundary[2] ?? '') };
  }
  return { ...params, ...parseUrlencoded(body) };
}

export async function readJson(ctx: Context): Promise<unknown> {
  const body = latin1ToUtf8(await readBody(ctx));
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new BadRequest('request body is not valid JSON');
  }
}

const DHAKA_OFFSET_MS = 6 * 60 * 60 * 1000;

/** SSLCOMMERZ reports local Bangladesh time (UTC+6, no daylight saving) as "YYYY-MM-DD HH:mm:ss". */
export function dhakaDateTime(date: Date): string {
  return new Date(date.getTime() + DHAKA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function compactStamp(date: Date): string {
  return dhakaDateTime(date).replace(/\D/g, '').slice(2);
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  return [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

export function newSessionKey(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** Shaped like real ones, e.g. "2012011746171RZ8fXrSe0HBqLQ": local timestamp, then random characters. */
export function newValId(date: Date): string {
  return compactStamp(date) + randomAlphanumeric(14);
}

export function newBankTranId(date: Date): string {
  return compactStamp(date) + randomAlphanumeric(12);
}

export function newRefundRefId(): string {
  return randomBytes(7).toString('hex').slice(0, 13);
}
