import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { ERROR_CODES, ERROR_MESSAGES, SUCCESS_CODE, SUCCESS_MESSAGE } from '../protocol.js';
import type { ErrorCode } from '../protocol.js';

/** Request decoding, answer envelopes and identifier formats of the simulated bKash. */

const BODY_LIMIT = '1mb';

export class BadRequest extends Error {
  readonly status = 400;
}

export type Answer = Record<string, unknown>;

export async function readJson(ctx: Context): Promise<unknown> {
  const text = (await getRawBody(ctx.req, { limit: BODY_LIMIT, encoding: 'utf8' })).trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('request body is not valid JSON');
  }
}

/** Text fields of a JSON request body; bKash reads every field as a string. */
export async function readJsonFields(ctx: Context): Promise<Record<string, string>> {
  const parsed = await readJson(ctx);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequest('request body is not a JSON object');
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
  }
  return fields;
}

export function successful(fields: Answer): Answer {
  return { ...fields, statusCode: SUCCESS_CODE, statusMessage: SUCCESS_MESSAGE };
}

/** bKash refuses with HTTP 200 and nothing but the status envelope. */
export function refusal(code: ErrorCode): Answer {
  return { statusCode: code, statusMessage: ERROR_MESSAGES[code] };
}

export const MAINTENANCE_ANSWER = refusal(ERROR_CODES.MAINTENANCE);

const DHAKA_OFFSET_MS = 6 * 60 * 60 * 1000;

/** bKash's timestamps: local Bangladesh time with milliseconds after a colon, "2024-07-25T19:35:17:574 GMT+0600". */
export function bkashTime(ms: number): string {
  const iso = new Date(ms + DHAKA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 19)}:${iso.slice(20, 23)} GMT+0600`;
}

const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Shaped like real ones, "TR0011ON1565154754797": the mode, two letters, then digits. */
export function newPaymentId(): string {
  const digits = [...randomBytes(13)].map((byte) => String(byte % 10)).join('');
  return `TR0011${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 2)}${digits}`;
}

/** Payment and refund transaction ids are ten upper-case characters, e.g. "BFD90JRLST". */
export function newTrxId(): string {
  return randomFrom(UPPER_ALPHANUMERIC, 10);
}

/** Opaque like the real JWTs; only the simulator reads them, as a key. */
export function newToken(): string {
  return [
    'eyJ' + randomBytes(12).toString('base64url'),
    randomBytes(24).toString('base64url'),
    randomBytes(32).toString('base64url'),
  ].join('.');
}

export function newPageHash(): string {
  return randomFrom(ALPHANUMERIC, 40);
}

/** The undocumented `signature` bKash appends to callbacks: ten opaque characters. */
export function newCallbackSignature(): string {
  return randomFrom(ALPHANUMERIC, 10);
}
