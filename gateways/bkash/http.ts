import { GatewayError } from '../types.js';
import { networkCause, type GatewayTransport } from '../../platform/http/gateway-transport.js';

/** One JSON POST to bKash, with a timeout, and HTTP-level failures sorted into GatewayErrors. */

export interface HttpOptions {
  baseUrl: string;
  timeoutMs: number;
  /** How calls reach the gateway (node's HTTP client unless a test passes its own). */
  transport: GatewayTransport;
}

export type WireAnswer = Record<string, unknown>;

/** bKash answered 401: the id_token expired or was revoked. The call was refused before it did anything. */
export class TokenRejected extends Error {
  constructor(readonly path: string) {
    super(`bKash refused the token on ${path}`);
    this.name = 'TokenRejected';
  }
}

/** Statuses after which the same request may well succeed later. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

function parseObject(text: string): WireAnswer | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as WireAnswer)
      : null;
  } catch {
    return null;
  }
}

/**
 * Credentials travel in headers and bodies; error details name the path only. A non-2xx answer
 * with a JSON body (bKash puts its status envelope there too) is returned for the caller to read,
 * except 401 and 5xx, which say nothing about the request itself.
 */
export async function postJson(
  options: HttpOptions,
  path: string,
  headers: Record<string, string>,
  body: Record<string, string>,
): Promise<WireAnswer> {
  // Joined as text so a base URL with a path prefix keeps it.
  const url = options.baseUrl.replace(/\/+$/, '') + path;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await options.transport(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    status = response.status;
    // Reading the body is inside the try: a stalled body counts against the same timeout.
    text = await response.text();
  } catch (error) {
    const message = signal.aborted
      ? `bKash did not answer within ${options.timeoutMs} ms`
      : `bKash is unreachable: ${networkCause(error)}`;
    throw new GatewayError('GATEWAY_UNAVAILABLE', message, { path, timedOut: signal.aborted });
  }

  if (status === 401) throw new TokenRejected(path);
  if (status >= 500 || TRANSIENT_STATUSES.has(status)) {
    throw new GatewayError('GATEWAY_UNAVAILABLE', `bKash answered HTTP ${status}`, {
      path,
      httpStatus: status,
    });
  }
  const answer = parseObject(text);
  if (answer === null) {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', `bKash answered HTTP ${status} without a JSON object`, {
      path,
      httpStatus: status,
      bodyStart: text.slice(0, 200),
    });
  }
  const ok = status >= 200 && status < 300;
  // The current refund API refuses with HTTP 400 and an `externalCode` rather than a statusCode.
  const coded = [answer.statusCode, answer.errorCode, answer.externalCode].some((code) => code !== undefined);
  if (!ok && !coded) {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', `bKash answered HTTP ${status} without a status code`, {
      path,
      httpStatus: status,
    });
  }
  return answer;
}
