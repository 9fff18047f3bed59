import { nodeHttpTransport, networkCause } from '../http-transport.js';
import type { GatewayTransport } from '../http-transport.js';
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

  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
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
    try {
      return JSON.parse(answer.text) as T;
    } catch {
      throw new RailError('RAIL_PROTOCOL_ERROR', `the bank's answer to ${path} is not JSON`);
    }
  };

  const list = async (path: string): Promise<ListedFile[]> => {
    const answer = await json<{ files?: unknown }>('GET', path);
    if (!Array.isArray(answer.files))
      throw new RailError('RAIL_PROTOCOL_ERROR', `the bank's listing ${path} has no files`);
    return answer.files as ListedFile[];
  };

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
    async fileStatus(name) {
      const answer = await json<{ lines?: unknown }>('GET', BANK_PATHS.fileStatus(name));
      if (!Array.isArray(answer.lines))
        throw new RailError('RAIL_PROTOCOL_ERROR', `the bank's status of ${name} has no lines`);
      return answer.lines as LineStatusAnswer[];
    },
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
    balance: () => json<BalanceAnswer>('GET', BANK_PATHS.balance),
    nameEnquiry: (routingNumber, accountNumber) =>
      json<NameEnquiryAnswer>('POST', BANK_PATHS.nameEnquiry, { routingNumber, accountNumber }),
  };
}
