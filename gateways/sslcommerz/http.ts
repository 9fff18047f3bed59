import { GatewayError } from '../types.js';
import { networkCause, type GatewayTransport } from '../../platform/http/gateway-transport.js';

export interface HttpOptions {
  baseUrl: string;
  timeoutMs: number;
  /** How calls reach the gateway (node's HTTP client unless a test passes its own). */
  transport: GatewayTransport;
}

export interface WireRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Sent as the query string for GET and as an urlencoded body for POST. */
  params: Record<string, string>;
}

export type WireResponse = Record<string, unknown>;

/** Statuses after which the same request may well succeed later. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/** Credentials travel in SSLCOMMERZ requests; they must never reach logs through error details. */
function describe(request: WireRequest): Record<string, unknown> {
  return { method: request.method, path: request.path };
}

function networkError(
  error: unknown,
  request: WireRequest,
  timedOut: boolean,
  timeoutMs: number,
): GatewayError {
  const message = timedOut
    ? `SSLCOMMERZ did not answer within ${timeoutMs} ms`
    : `SSLCOMMERZ is unreachable: ${networkCause(error)}`;
  return new GatewayError('GATEWAY_UNAVAILABLE', message, describe(request));
}

export async function requestJson(options: HttpOptions, request: WireRequest): Promise<WireResponse> {
  const body = new URLSearchParams(request.params).toString();
  // Joined as text so a base URL with a path prefix keeps it.
  const url = new URL(options.baseUrl.replace(/\/+$/, '') + request.path);
  if (request.method === 'GET') url.search = body;
  const signal = AbortSignal.timeout(options.timeoutMs);

  let status: number;
  let responseText: string;
  try {
    const response = await options.transport(url, {
      method: request.method,
      headers:
        request.method === 'POST'
          ? { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }
          : { accept: 'application/json' },
      body: request.method === 'POST' ? body : undefined,
      signal,
    });
    status = response.status;
    // Reading the body is inside the try: a stalled body counts against the same timeout.
    responseText = await response.text();
  } catch (error) {
    throw networkError(error, request, signal.aborted, options.timeoutMs);
  }

  const details = { ...describe(request), httpStatus: status };
  if (status >= 500 || TRANSIENT_STATUSES.has(status)) {
    throw new GatewayError('GATEWAY_UNAVAILABLE', `SSLCOMMERZ answered HTTP ${status}`, details);
  }
  if (status < 200 || status >= 300) {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', `SSLCOMMERZ answered HTTP ${status}`, details);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(responseText);
  } catch {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'SSLCOMMERZ answered with something other than JSON', {
      ...details,
      bodyStart: responseText.slice(0, 200),
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GatewayError(
      'GATEWAY_PROTOCOL_ERROR',
      'SSLCOMMERZ answered with JSON that is not an object',
      details,
    );
  }
  return parsed as WireResponse;
}

/** Wire values are loosely typed (numbers sometimes arrive as strings and vice versa). */
export function text(response: WireResponse, key: string): string | null {
  const value = response[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
