import { GatewayError } from '../types.js';
import { networkCause, type GatewayTransport } from '../../platform/http/gateway-transport.js';
import { errorFromBody, isTransientStatus } from './mapping.js';
import { API_VERSION, CLIENT_TYPE, HEADERS, errorSchema } from './protocol.js';

export interface HttpOptions {
  baseUrl: string;
  /** Sent as X-KM-IP-V4; Nagad only answers servers whose address it has whitelisted. */
  clientIp: string;
  timeoutMs: number;
  /** How calls reach the gateway (node's HTTP client unless a test passes its own). */
  transport: GatewayTransport;
}

export interface WireRequest {
  operation: string;
  method: 'GET' | 'POST';
  path: string;
  body?: Record<string, unknown>;
}

export type WireResponse = Record<string, unknown>;

function headers(options: HttpOptions, request: WireRequest): Record<string, string> {
  return {
    accept: 'application/json',
    ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    [HEADERS.apiVersion]: API_VERSION,
    [HEADERS.clientIp]: options.clientIp,
    [HEADERS.clientType]: CLIENT_TYPE,
  };
}

function parseObject(text: string): WireResponse | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as WireResponse)
      : null;
  } catch {
    return null;
  }
}

/**
 * One call to Nagad, answered with a JSON object. Network failures, timeouts and 5xx are
 * GATEWAY_UNAVAILABLE; Nagad's `{reason, message}` is a rejection; anything else we cannot read is
 * a protocol error. Bodies carry encrypted customer data, so errors name the operation and path only.
 */
export async function requestJson(options: HttpOptions, request: WireRequest): Promise<WireResponse> {
  // Joined as text so a base URL with a path prefix keeps it.
  const url = options.baseUrl.replace(/\/+$/, '') + request.path;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const details = { operation: request.operation, method: request.method, path: request.path };

  let status: number;
  let text: string;
  try {
    const response = await options.transport(url, {
      method: request.method,
      headers: headers(options, request),
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    status = response.status;
    // Reading the body is inside the try: a stalled body counts against the same timeout.
    text = await response.text();
  } catch (error) {
    const message = signal.aborted
      ? `Nagad did not answer within ${options.timeoutMs} ms`
      : `Nagad is unreachable: ${networkCause(error)}`;
    throw new GatewayError('GATEWAY_UNAVAILABLE', message, details);
  }

  const body = parseObject(text);
  // A business answer and an error body never share keys, so an error body is read at any status.
  const error =
    body && !('sensitiveData' in body) && !('status' in body) ? errorSchema.safeParse(body) : null;
  if (error?.success) throw errorFromBody(error.data, status, request.operation);
  if (isTransientStatus(status)) {
    throw new GatewayError('GATEWAY_UNAVAILABLE', `Nagad answered HTTP ${status}`, {
      ...details,
      httpStatus: status,
    });
  }
  if (status < 200 || status >= 300) {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', `Nagad answered HTTP ${status}`, {
      ...details,
      httpStatus: status,
    });
  }
  if (body === null) {
    throw new GatewayError(
      'GATEWAY_PROTOCOL_ERROR',
      'Nagad answered with something other than a JSON object',
      {
        ...details,
        httpStatus: status,
      },
    );
  }
  return body;
}
