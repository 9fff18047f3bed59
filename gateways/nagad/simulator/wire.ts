import { randomBytes, randomInt } from 'node:crypto';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { z } from 'zod';
import { NagadRefusal } from './context.js';

/** Request decoding and identifier formats for the simulator. */

const BODY_LIMIT = '64kb';

export class BadRequest extends Error {
  readonly status = 400;
}

export async function readText(ctx: Context): Promise<string> {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return '';
  return (await getRawBody(ctx.req, { limit: BODY_LIMIT, encoding: 'utf8' })).toString();
}

/** The control API's JSON: malformed input is the tester's mistake, answered 400. */
export async function readControlJson(ctx: Context): Promise<unknown> {
  const text = await readText(ctx);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('request body is not valid JSON');
  }
}

/** A Nagad API body: anything unreadable is refused the way Nagad refuses it. */
export async function readApiBody<T>(ctx: Context, schema: z.ZodType<T>): Promise<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readText(ctx));
  } catch {
    throw new NagadRefusal('INVALID_REQUEST', 'Request body is not JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new NagadRefusal('INVALID_REQUEST', 'Request body misses required fields');
  return result.data;
}

const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALPHANUMERIC = `${UPPER_ALPHANUMERIC}abcdefghijklmnopqrstuvwxyz`;

function randomFrom(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

export function newChallenge(): string {
  return randomFrom(ALPHANUMERIC, 40);
}

/** Shaped like real ones: base64 of "<timestamp>.<merchantId>.<orderId>.<random hex>", unpadded. */
export function newPaymentReferenceId(merchantId: string, orderId: string, nowMs: number): string {
  const plain = `${nowMs}.${merchantId}.${orderId}.${randomBytes(10).toString('hex')}`;
  return Buffer.from(plain, 'utf8').toString('base64').replace(/=+$/, '');
}

/** Shaped like real ones, e.g. "000046HC". */
export function newIssuerPaymentRefNo(): string {
  return randomFrom(UPPER_ALPHANUMERIC, 8);
}
