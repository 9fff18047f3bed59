import { z } from 'zod';
import { nodeHttpTransport, networkCause } from '../../platform/http/gateway-transport.js';
import type { GatewayTransport } from '../../platform/http/gateway-transport.js';
import { RailError } from '../payouts/rail.js';
import { MAX_FILE_BYTES } from './protocol.js';
import { BANK_PATHS } from './protocol.js';
import type { BalanceAnswer, LineStatusAnswer, ListedFile, NameEnquiryAnswer } from './protocol.js';
import type { BankCredentials } from './settings.js';

/**
 * The bank's host-to-host channel over HTTPS with basic authentication: deliver a file, list and
 * fetch files, ask a balance, a file's status, a name. Every failure becomes a RailError: no answer
 * (a network failure, a timeout, a 5xx) is RAIL_UNAVAILABLE, since the bank may have acted; a
 * refusal is RAIL_REJECTED; an answer we cannot read is RAIL_PROTOCOL_ERROR.
 */

export interface BankClientOptions {
  baseUrl: string;
  credentials: BankCredentials;
  timeoutMs: number;
  transport?: GatewayTransport;
}

/** What an upload came to. */
export type UploadOutcome =
  { outcome: 'TAKEN' } | { outcome: 'DUPLICATE' } | { outcome: 'REFUSED'; message: string };

export interface BankClient {
  upload(name: string, text: string): Promise<UploadOutcome>;
  /** Files we delivered whose names start with `prefix`. */
  listDelivered(prefix: string): Promise<ListedFile[]>;
  /** A file we delivered, as the bank holds it; null when it holds none by that name. */
  delivered(name: string): Promise<string | null>;
  fileStatus(name: string): Promise<LineStatusAnswer[]>;
  listOutbox(query: { kind: 'ACK' | 'RETURN'; forFile?: string }): Promise<ListedFile[]>;
  outboxFile(name: string): Promise<string>;
  balance(): Promise<BalanceAnswer>;
  nameEnquiry(routingNumber: string, accountNumber: string): Promise<NameEnquiryAnswer>;
}

/** The bank's JSON answers, checked before anything reads them: an answer of another shape is a protocol error. */
const listingSchema = z.object({
  files: z.array(
    z.object({
      name: z.string().max(200),
      at: z.string(),
      kind: z.enum(['ACK', 'RETURN']).optional(),
      forFile: z.string().nullable().optional(),
    }),
  ),
});
const statusSchema = z.object({
  lines: z.array(
    z.object({
      reference: z.string(),
      status: z.enum(['RECEIVED', 'ACCEPTED', 'REJECTED', 'SETTLED', 'RETURNED']),
      bankTransactionId: z.string().nullable(),
      settledAt: z.string().nullable(),
    }),
  ),
});
const balanceSchema = z.object({
  accountNumber: z.string(),
  availableBalance: z.string(),
  currency: z.literal('BDT'),
  asOf: z.string(),
});
const nameEnquirySchema = z.object({
  status: z.enum(['FOUND', 'NOT_FOUND', 'CLOSED', 'FROZEN', 'NOT_SUPPORTED']),
  accountName: z.string().max(200).nullable(),
});

/** Text answers beyond this are refused before anything reads them. */
const MAX_ANSWER_CHARS = MAX_FILE_BYTES;

export function createBankClient(options: BankClientOptions): BankClient {
  const transport = options.transport ?? nodeHttpTransport;
  const authorization = `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;

  const call = async (
    method: string,
    path: string,
    body?: { type: string; text: string },
  ): Promise<{ status: number; text: string }> => {
    const headers: Record<string, string> = { authorization, accept: 'application/json, text/plain' };
    if (body) headers['content-type'] = body.type;
    try {
      const answer = await transport(`${options.baseUrl}${path}`, {
        method,
        headers,
        body: body?.text,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await answer.text();
      if (text.length > MAX_ANSWER_CHARS) {
        throw new RailError(
          'RAIL_PROTOCOL_ERROR',
          `the bank answered ${path} with over ${MAX_ANSWER_CHARS} characters`,
        );
      }
      if (answer.status >= 500) {
        throw new RailError('RAIL_UNAVAILABLE', `the bank answered ${answer.status}`, {
          status: answer.status,
        });
      }
      if (answer.status === 401 || answer.status === 403) {
        throw new RailError('RAIL_REJECTED', 'the bank refused our host-to-host login', {
          status: answer.status,
        });
      }
      return { status: answer.status, text };
    } catch (error) {
      if (error instanceof RailError) throw error;
      throw new RailError('RAIL_UNAVAILABLE', `no answer from the bank: ${networkCause(error)}`, { path });
    }
  };

  const json = async <T>(schema: z.ZodType<T>, method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await call(
      method,
      path,
      body === undefined ? undefined : { type: 'application/json', text: JSON.stringify(body) },
    );
    if (answer.status !== 200) {
      throw new RailError('RAIL_PROTOCOL_ERROR', `the bank answered ${path} with ${answer.status}`, {
        status: answer.status,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      throw new RailError('RAIL_PROTOCOL_ERROR', `the bank's answer to ${path} is not JSON`);
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) {
      throw new RailError('RAIL_PROTOCOL_ERROR', `the bank's answer to ${path} is not in the shape we know`);
    }
    return checked.data;
  };

  const list = async (path: string): Promise<ListedFile[]> => (await json(listingSchema, 'GET', path)).files;

  return {
    async upload(name, text) {
      const answer = await call('POST', BANK_PATHS.file(name), { type: 'text/plain; charset=utf-8', text });
      if (answer.status === 201) return { outcome: 'TAKEN' };
      if (answer.status === 409) return { outcome: 'DUPLICATE' };
      if (answer.status === 400 || answer.status === 422)
        return { outcome: 'REFUSED', message: answer.text.slice(0, 500) };
      throw new RailError('RAIL_PROTOCOL_ERROR', `the bank answered the upload with ${answer.status}`, {
        status: answer.status,
      });
    },
    listDelivered: (prefix) => list(`${BANK_PATHS.files}?prefix=${encodeURIComponent(prefix)}`),
    async delivered(name) {
      const answer = await call('GET', BANK_PATHS.file(name));
      if (answer.status === 404) return null;
      if (answer.status !== 200)
        throw new RailError('RAIL_PROTOCOL_ERROR', `the bank answered ${name} with ${answer.status}`);
      return answer.text;
    },
    fileStatus: async (name): Promise<LineStatusAnswer[]> =>
      (await json(statusSchema, 'GET', BANK_PATHS.fileStatus(name))).lines,
    listOutbox: ({ kind, forFile }) =>
      list(
        `${BANK_PATHS.outbox}?kind=${kind}${forFile === undefined ? '' : `&forFile=${encodeURIComponent(forFile)}`}`,
      ),
    async outboxFile(name) {
      const answer = await call('GET', BANK_PATHS.outboxFile(name));
      if (answer.status !== 200)
        throw new RailError('RAIL_PROTOCOL_ERROR', `the bank answered ${name} with ${answer.status}`);
      return answer.text;
    },
    balance: (): Promise<BalanceAnswer> => json(balanceSchema, 'GET', BANK_PATHS.balance),
    nameEnquiry: (routingNumber, accountNumber): Promise<NameEnquiryAnswer> =>
      json(nameEnquirySchema, 'POST', BANK_PATHS.nameEnquiry, { routingNumber, accountNumber }),
  };
}
